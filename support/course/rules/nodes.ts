/**
 * Container and node names the text's commands use that the lab does not create. Containers come from
 * the topology (containerlab's own names) and the Kind clusters (`<cluster>-control-plane`, `-worker`,
 * `-worker2`, ...); Kubernetes node names are the Kind node names.
 */
import { closest } from '../closest.ts';
import type { Finding } from '../finding.ts';
import type { LabModel } from '../lab.ts';
import { readGet, readShownTable } from '../kubectlTables.ts';
import { isLiteral, optionValues, type ShellCommand } from '../shell.ts';
import { finding, quoteCommand, type Rule } from './rule.ts';

const DOCKER_VALUE_FLAGS = new Set(['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys']);
const DOCKER_CONTAINER_VERBS = new Set([
  'exec',
  'logs',
  'inspect',
  'restart',
  'stop',
  'start',
  'kill',
  'top',
  'stats',
  'attach',
  'port',
  'pause',
  'unpause',
]);
const NODE_WORDS = new Set(['node', 'nodes', 'no']);
const NODE_VERBS = new Set(['cordon', 'uncordon', 'drain']);

export const unknownNodes: Rule = (lab) => {
  if (!lab.containers.size) return [];
  const nodeNames = new Set(lab.clusters.flatMap((c) => c.nodes.filter((n) => !n.endsWith('-external-load-balancer'))));
  const out: Finding[] = [];
  const seen = new Set<string>();
  const report = (
    cmd: ShellCommand,
    name: string,
    known: Set<string> | Map<string, string>,
    what: string,
    shownAt?: number,
  ) => {
    const line = shownAt ?? cmd.line;
    if (!isLiteral(name) || known.has(name) || seen.has(`${line}:${name}`) || /xxx|\.\.\./.test(name)) return;
    seen.add(`${line}:${name}`);
    const near = suggest(lab, name, known);
    const said =
      shownAt === undefined
        ? `${quoteCommand(cmd.text)} names`
        : `the output shown for ${quoteCommand(cmd.text)} lists`;
    out.push(
      finding(lab, {
        line,
        kind: 'unknown-node',
        severity: shownAt === undefined ? 'error' : 'warning',
        message: `${said} ${what} ${name}, which this lab does not create${near ? ` (it has ${near})` : ''}`,
        fix: near ? `use ${near}` : undefined,
      }),
    );
  };
  for (const block of lab.blocks) {
    if (block.role === 'output' || block.mixed) {
      const source =
        block.role === 'output' && block.commandBlock !== undefined ? lab.blocks[block.commandBlock]!.commands : [];
      for (const shown of shownNames(block.fence.content, block.fence.contentLine, [...block.commands, ...source])) {
        const known = shown.what === 'the container' ? lab.containers : nodeNames;
        if (known.size) report(shown.cmd, shown.name, known, shown.what, shown.line);
      }
    }
    if (block.role !== 'command') continue;
    const loops = new Map<string, string[]>();
    for (const cmd of block.commands) {
      if (cmd.argv[0] === 'for' && cmd.argv[2] === 'in') loops.set(cmd.argv[1]!, cmd.argv.slice(3));
      for (const c of [cmd, ...cmd.inner]) {
        for (const name of dockerContainers(c)) {
          const loopVar = /^\$\{?(\w+)\}?$/.exec(name)?.[1];
          for (const n of loopVar ? (loops.get(loopVar) ?? []) : [name]) report(c, n, lab.containers, 'the container');
        }
        if (nodeNames.size) for (const name of kubectlNodes(c)) report(c, name, nodeNames, 'the node');
      }
    }
  }
  return out;
};

/** A known name for a mistyped one; `clab-<topology>-<node>` written for an ext-container node gets its own name. */
function suggest(lab: LabModel, name: string, known: Set<string> | Map<string, string>): string | undefined {
  const prefix = lab.topology ? `clab-${lab.topology.name}-` : undefined;
  if (prefix && name.startsWith(prefix) && known.has(name.slice(prefix.length))) return name.slice(prefix.length);
  if (prefix && known.has(`${prefix}${name}`)) return `${prefix}${name}`;
  return closest(name, known.keys());
}

/**
 * Names a shown output lists: the first column of a `containerlab inspect` table, the NAME column of
 * `kubectl get nodes` and the NODE column of `kubectl get pods -o wide`.
 */
function shownNames(
  content: string,
  firstLine: number,
  commands: ShellCommand[],
): Array<{ cmd: ShellCommand; name: string; line: number; what: string }> {
  const out: Array<{ cmd: ShellCommand; name: string; line: number; what: string }> = [];
  const inspect = commands.find(
    (c) => (c.argv[0] === 'containerlab' || c.argv[0] === 'clab') && c.argv[1] === 'inspect',
  );
  if (inspect) {
    content.split('\n').forEach((l, i) => {
      const m = /^[│|]\s*([\w.-]+)\s*[│|]/.exec(l.trim());
      if (m && m[1] !== 'Name' && !/^-+$/.test(m[1]!))
        out.push({ cmd: inspect, name: m[1]!, line: firstLine + i, what: 'the container' });
    });
  }
  const table = readShownTable(content, firstLine);
  const get = commands.map((c) => ({ c, g: readGet(c) })).find((x) => x.g?.table);
  if (table && get?.g) {
    const column =
      get.g.kind === 'Node' && table.columns[1] === 'STATUS'
        ? 'NAME'
        : get.g.kind === 'Pod' && table.columns[1] === 'READY'
          ? 'NODE'
          : undefined;
    for (const row of column ? table.rows : []) {
      const name = row.cells[column!] ?? '';
      if (name && name !== '<none>') out.push({ cmd: get.c, name, line: row.line, what: 'the node' });
    }
  }
  return out;
}

/** The container names of a docker command (`exec NAME`, `cp NAME:/path .`). */
function dockerContainers(cmd: ShellCommand): string[] {
  const [tool, verb] = cmd.argv;
  if (tool !== 'docker' || !verb) return [];
  if (verb === 'cp')
    return cmd.argv
      .slice(2)
      .filter((w) => /^[\w.-]+:/.test(w))
      .map((w) => w.slice(0, w.indexOf(':')));
  if (!DOCKER_CONTAINER_VERBS.has(verb)) return [];
  for (let i = 2; i < cmd.argv.length; i++) {
    const w = cmd.argv[i]!;
    if (DOCKER_VALUE_FLAGS.has(w)) i++;
    else if (!w.startsWith('-')) return [w];
  }
  return [];
}

/**
 * Node names a kubectl command refers to: `get node X`, `label nodes X`, `drain X`, `spec.nodeName=X`, `hostname=X`.
 */
function kubectlNodes(cmd: ShellCommand): string[] {
  const [tool, verb, what] = cmd.argv;
  if (tool !== 'kubectl') return [];
  const out: string[] = [];
  const positional = cmd.argv
    .slice(2)
    .filter(
      (w, i, all) =>
        !w.startsWith('-') && !/^-(n|l|o|f)$|^--(namespace|selector|output|field-selector)$/.test(all[i - 1] ?? ''),
    );
  if (NODE_VERBS.has(verb ?? '')) out.push(...positional);
  else if (
    what &&
    NODE_WORDS.has(what) &&
    ['get', 'describe', 'label', 'annotate', 'taint', 'cordon', 'uncordon', 'drain', 'delete'].includes(verb ?? '')
  ) {
    // `label node X key=value`: names stop at the first key=value or key- word
    out.push(...positional.slice(1).filter((w) => !w.includes('=') && !w.endsWith('-') && !w.includes(':')));
  } else if (what?.startsWith('node/')) out.push(what.slice(5));
  for (const { value } of optionValues(cmd.argv, ['--field-selector'], [])) {
    for (const m of value.matchAll(/spec\.nodeName=([\w.-]+)/g)) out.push(m[1]!);
  }
  for (const { value } of optionValues(cmd.argv, ['-l'], ['--selector'])) {
    for (const m of value.matchAll(/kubernetes\.io\/hostname=([\w.-]+)/g)) out.push(m[1]!);
  }
  return out;
}
