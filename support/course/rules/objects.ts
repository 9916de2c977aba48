/**
 * Objects the text relies on that nothing creates. "Created" means declared by a manifest the deploy script
 * applies, or made by the text's own commands (`kubectl apply -f`, heredocs, `kubectl create namespace`).
 * Relied on: Deployments, DaemonSets, StatefulSets, Services, Namespaces and pods named by kubectl commands,
 * and the rows of the `kubectl get` tables the text shows. A pod counts as created when a Pod of that name
 * exists or its name starts with a workload's name. Objects in the cluster's own namespaces (kube-system,
 * Calico's, ...) or in namespaces a remote manifest may create are not judged.
 */
import type { Finding } from '../finding.ts';
import { readGet, readShownTable } from '../kubectlTables.ts';
import type { LabModel } from '../lab.ts';
import { KIND_ALIASES, type KubeObject } from '../manifests.ts';
import { isLiteral, optionValues, type ShellCommand } from '../shell.ts';
import { finding, type Rule } from './rule.ts';

const SYSTEM_NAMESPACE = /^(kube-|calico-|tigera-|local-path-storage$|envoy-gateway-system$)/;
const WORKLOAD_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob']);
const VERBS = new Set([
  'get',
  'describe',
  'delete',
  'patch',
  'edit',
  'scale',
  'label',
  'annotate',
  'rollout',
  'expose',
  'set',
  'wait',
]);
const RELIED_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'Service', 'Namespace', 'Pod']);
const BUILT_IN = new Set(['Service/default/kubernetes', 'Namespace//default']);

interface Use {
  kind: string;
  name: string;
  namespace: string;
  line: number;
}

export const missingObjects: Rule = (lab) => {
  let known: KubeObject[] | undefined;
  const objects = () => (known ??= [...lab.objects, ...lab.textObjects]);
  const urls = [...lab.appliedUrls, ...textUrls(lab)];
  const judged = (ns: string) => !SYSTEM_NAMESPACE.test(ns) && !urls.some((u) => u.includes(ns));
  const missing = new Map<string, { kind: string; name: string; namespace: string; lines: number[]; pods: string[] }>();
  for (const use of uses(lab)) {
    const namespace = use.kind === 'Namespace' ? use.name : use.namespace;
    if (!RELIED_KINDS.has(use.kind) || !namespace || !judged(namespace) || !isLiteral(use.name)) continue;
    const created =
      use.kind === 'Namespace'
        ? exists(objects(), 'Namespace', use.name, '')
        : use.kind === 'Pod'
          ? podCreated(objects(), use.name, use.namespace)
          : exists(objects(), use.kind, use.name, use.namespace);
    if (created) continue;
    const owner = use.kind === 'Pod' ? guessOwner(use.name) : { kind: use.kind, name: use.name };
    const key = `${owner.kind}/${use.namespace}/${owner.name}`;
    const entry = missing.get(key) ?? {
      kind: owner.kind,
      name: owner.name,
      namespace: use.namespace,
      lines: [],
      pods: [],
    };
    if (!entry.lines.includes(use.line)) entry.lines.push(use.line);
    if (use.kind === 'Pod' && !entry.pods.includes(use.name)) entry.pods.push(use.name);
    missing.set(key, entry);
  }
  const out: Finding[] = [];
  for (const m of missing.values()) {
    const lines = m.lines.sort((a, b) => a - b);
    const what = m.pods.length
      ? `pods of ${m.name} (${m.pods.slice(0, 3).join(', ')}${m.pods.length > 3 ? ', …' : ''})`
      : `the ${m.kind} ${m.name}`;
    const ns = m.namespace === 'default' || m.kind === 'Namespace' ? '' : ` in namespace ${m.namespace}`;
    const source = lab.deploy ? 'no manifest that deploy.sh applies' : 'no manifest of the lab';
    const also =
      lines.length > 1 ? ` (also lines ${lines.slice(1, 6).join(', ')}${lines.length > 6 ? ', …' : ''})` : '';
    out.push(
      finding(lab, {
        line: lines[0]!,
        kind: 'missing-object',
        severity: 'error',
        message:
          `the text relies on ${what}${ns}${also}, but ${source} and no command of the text creates ` +
          `${m.pods.length ? `a workload named ${m.name}` : 'it'}`,
        fix: `ship a manifest for ${m.name} with the lab and apply it in deploy.sh`,
      }),
    );
  }
  return out;
};

function exists(known: KubeObject[], kind: string, name: string, namespace: string): boolean {
  if (BUILT_IN.has(`${kind}/${kind === 'Namespace' ? '' : namespace}/${name}`)) return true;
  return known.some(
    (o) => o.kind === kind && o.name === name && (kind === 'Namespace' || (o.namespace ?? 'default') === namespace),
  );
}

function podCreated(known: KubeObject[], pod: string, namespace: string): boolean {
  return known.some(
    (o) =>
      (o.namespace ?? 'default') === namespace &&
      ((o.kind === 'Pod' && o.name === pod) || (WORKLOAD_KINDS.has(o.kind) && pod.startsWith(`${o.name}-`))),
  );
}

/**
 * The workload a pod name comes from: Deployment `<name>-<hash>-<id>`, StatefulSet `<name>-<n>`, else `<name>-<id>`.
 */
function guessOwner(pod: string): { kind: string; name: string } {
  let m = /^(.+)-[a-z0-9]{8,10}-[a-z0-9]{5}$/.exec(pod);
  if (m) return { kind: 'Deployment', name: m[1]! };
  m = /^(.+)-\d+$/.exec(pod);
  if (m) return { kind: 'StatefulSet', name: m[1]! };
  m = /^(.+)-[a-z0-9]{5}$/.exec(pod);
  if (m) return { kind: 'workload', name: m[1]! };
  return { kind: 'Pod', name: pod };
}

function textUrls(lab: LabModel): string[] {
  return lab.blocks.flatMap((b) => b.commands.flatMap((c) => c.argv.filter((w) => /^https?:\/\//.test(w))));
}

/** Every object the text's host commands and shown tables name. */
function uses(lab: LabModel): Use[] {
  const out: Use[] = [];
  for (const block of lab.blocks) {
    if (block.role === 'command') {
      for (const cmd of block.commands)
        if (cmd.where.kind === 'host') for (const c of [cmd, ...cmd.inner]) out.push(...commandUses(c));
    }
    if (block.role === 'output' || block.mixed) {
      const source =
        block.role === 'output' && block.commandBlock !== undefined ? lab.blocks[block.commandBlock]!.commands : [];
      const candidates = [...block.commands, ...source].filter((c) => c.where.kind === 'host');
      out.push(...tableUses(block.fence.content, block.fence.contentLine, candidates));
    }
  }
  return out;
}

function commandUses(cmd: ShellCommand): Use[] {
  const [tool, verb] = cmd.argv;
  if (tool !== 'kubectl' || !verb) return [];
  const namespace =
    optionValues(cmd.argv, ['-n'], ['--namespace'])
      .map((v) => v.value)
      .pop() ?? 'default';
  if (cmd.argv.includes('-A') || cmd.argv.includes('--all-namespaces')) return [];
  const out: Use[] = [];
  if (namespace !== 'default') out.push({ kind: 'Namespace', name: namespace, namespace: '', line: cmd.line });
  const words = positional(cmd.argv.slice(2));
  if (verb === 'exec' || verb === 'logs' || verb === 'port-forward' || verb === 'attach') {
    const target = words[0];
    if (target && !target.includes('/')) out.push({ kind: 'Pod', name: target, namespace, line: cmd.line });
    else if (target) out.push(...slashRef(target, namespace, cmd.line));
    return out;
  }
  if (!VERBS.has(verb)) return out;
  const rest = verb === 'rollout' || verb === 'set' ? words.slice(1) : words;
  const [what, ...names] = rest;
  if (!what) return out;
  if (what.includes('/')) {
    for (const ref of rest) out.push(...slashRef(ref, namespace, cmd.line));
    return out;
  }
  const kind = KIND_ALIASES[what.toLowerCase()];
  if (!kind || verb === 'expose') return out;
  const objectNames =
    verb === 'label' || verb === 'annotate' ? names.filter((n) => !n.includes('=') && !n.endsWith('-')) : names;
  for (const name of objectNames) {
    out.push(
      kind === 'Namespace' ? { kind, name, namespace: '', line: cmd.line } : { kind, name, namespace, line: cmd.line },
    );
  }
  return out;
}

function slashRef(ref: string, namespace: string, line: number): Use[] {
  const [what = '', name = ''] = ref.split('/');
  const kind = KIND_ALIASES[what.toLowerCase()];
  if (!kind || !name) return [];
  return [kind === 'Namespace' ? { kind, name, namespace: '', line } : { kind, name, namespace, line }];
}

const LONG_OPTIONS_WITH_VALUE = [
  'namespace',
  'selector',
  'output',
  'container',
  'field-selector',
  'for',
  'timeout',
  'type',
  'patch',
  'replicas',
  'sort-by',
  'context',
];
const OPTION_WITH_VALUE = new RegExp(`^-[nlocfp]$|^--(${LONG_OPTIONS_WITH_VALUE.join('|')})$`);

/** Positional words of kubectl arguments: options and their values left out. */
function positional(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w === '--') break;
    if (w.startsWith('-')) {
      if (OPTION_WITH_VALUE.test(w)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

/** The names in a shown `kubectl get` table, of the kind its command asked for. */
function tableUses(content: string, firstLine: number, commands: ShellCommand[]): Use[] {
  const table = readShownTable(content, firstLine);
  if (!table) return [];
  const gets = commands.map(readGet).filter((g) => g !== undefined);
  // the command whose kind prints this header (NAME then its second column)
  const get = gets.find((g) => TABLE_SECOND[g.kind] === table.columns[table.columns[0] === 'NAMESPACE' ? 2 : 1]);
  if (!get?.table) return [];
  return table.rows.flatMap((row) => {
    const name = row.cells.NAME ?? '';
    const namespace = get.allNamespaces ? (row.cells.NAMESPACE ?? '') : (get.namespace ?? 'default');
    return name && !name.includes('...') ? [{ kind: get.kind, name, namespace, line: row.line }] : [];
  });
}

const TABLE_SECOND: Record<string, string> = {
  Pod: 'READY',
  Service: 'TYPE',
  Deployment: 'READY',
  DaemonSet: 'DESIRED',
  StatefulSet: 'READY',
  Node: 'STATUS',
};
