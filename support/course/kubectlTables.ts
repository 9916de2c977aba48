/**
 * The tables `kubectl get` prints, plain and with `-o wide`, for the kinds lab texts show, and a reader
 * for the tables a text shows (header columns, rows cut at the header's column starts).
 */
import { KIND_ALIASES } from './manifests.ts';
import { optionValues, type ShellCommand } from './shell.ts';

export interface TableShape {
  plain: string[];
  wide: string[];
}

export const TABLES: Record<string, TableShape> = {
  Pod: {
    plain: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
  },
  Node: {
    plain: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
  },
  Service: { plain: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], wide: ['SELECTOR'] },
  Deployment: {
    plain: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  },
  DaemonSet: {
    plain: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  },
  StatefulSet: { plain: ['NAME', 'READY', 'AGE'], wide: ['CONTAINERS', 'IMAGES'] },
};

const EXTRA_KINDS: Record<string, string> = { node: 'Node', nodes: 'Node', no: 'Node' };

export interface GetCommand {
  kind: string; // "Pod", "Node", ... (only kinds in TABLES)
  wide: boolean;
  table: boolean; // prints a table (no -o yaml/json/name/jsonpath/custom-columns)
  allNamespaces: boolean;
  namespace?: string;
  names: string[];
  extraColumns: boolean; // --show-labels or -L add columns at the end
}

/** A `kubectl get <kind> ...` command, read for the table it prints. */
export function readGet(cmd: ShellCommand): GetCommand | undefined {
  const [tool, verb, what] = cmd.argv;
  if (tool !== 'kubectl' || verb !== 'get' || !what) return undefined;
  const resource = what.split('/')[0]!.toLowerCase();
  const kind = EXTRA_KINDS[resource] ?? KIND_ALIASES[resource];
  if (!kind || !TABLES[kind]) return undefined;
  const output = optionValues(cmd.argv, ['-o'], ['--output'])
    .map((v) => v.value)
    .pop();
  const positional = cmd.argv
    .slice(3)
    .filter(
      (w, i, all) =>
        !w.startsWith('-') && !/^-[nlo]$|^--(namespace|selector|output|field-selector|sort-by)$/.test(all[i - 1] ?? ''),
    );
  return {
    kind,
    wide: output === 'wide',
    table: output === undefined || output === 'wide',
    allNamespaces: cmd.argv.includes('-A') || cmd.argv.includes('--all-namespaces'),
    namespace: optionValues(cmd.argv, ['-n'], ['--namespace'])
      .map((v) => v.value)
      .pop(),
    names: what.includes('/') ? [what.split('/')[1]!] : positional,
    extraColumns: cmd.argv.includes('--show-labels') || optionValues(cmd.argv, ['-L'], ['--label-columns']).length > 0,
  };
}

export interface ShownTable {
  headerLine: number; // 1-based file line
  columns: string[];
  rows: Array<{ line: number; cells: Record<string, string> }>;
}

/**
 * The first kubectl-style table in an output: a header line of upper-case column names (NAME first, or
 * NAMESPACE then NAME) separated by two or more spaces; rows are cut where the header's columns start.
 */
export function readShownTable(content: string, firstLine: number): ShownTable | undefined {
  const lines = content.split('\n');
  const at = lines.findIndex((l) => /^(NAMESPACE\s{2,})?NAME(\s{2,}|$)/.test(l.trimEnd()) && l === l.toUpperCase());
  if (at < 0) return undefined;
  const header = lines[at]!.trimEnd();
  const starts: number[] = [];
  const columns: string[] = [];
  for (const m of header.matchAll(/\S+(?: \S+)*/g)) {
    starts.push(m.index);
    columns.push(m[0]);
  }
  const rows: ShownTable['rows'] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) break;
    const cells: Record<string, string> = {};
    const tokens = line.trim().split(/\s+/);
    // aligned tables cut by column start; misaligned ones (hand-edited) fall back to word order
    columns.forEach((c, j) => {
      cells[c] = aligned(line, starts, j) ?? tokens[j] ?? '';
    });
    rows.push({ line: firstLine + i, cells });
  }
  return { headerLine: firstLine + at, columns, rows };
}

function aligned(line: string, starts: number[], j: number): string | undefined {
  const start = starts[j]!;
  if (start > 0 && line[start - 1] !== ' ') return undefined;
  const end = starts[j + 1] ?? line.length;
  const cell = line.slice(start, end).trim();
  return cell.includes('  ') ? undefined : cell;
}
