/**
 * A fault's targets: which Service, port, workload, pod, node or namespace it breaks. They are the lab's words,
 * so they come from the fault's row of the lab's fault matrix (`targets`), never from the fault's code. Nodes
 * are named by role as the features name them: `control-plane`, `worker 1`, `worker 2`...
 */
import { LabgateError } from '../shared.ts';
import { isPodOf, type PlannedNode, type PlannedPod, type PlannedService, type TwinPlan } from '../plan.ts';

const TEXT_KEYS = [
  'service',
  'port',
  'workload',
  'pod',
  'node',
  'blockOf',
  'namespace',
  'searchAs',
  'output',
  'readyOutput',
  'pool',
  'selector',
  'dscp',
] as const;
const LIST_KEYS = ['workloads', 'command', 'readyCommand'] as const;

export type TextKey = (typeof TEXT_KEYS)[number];
export type ListKey = (typeof LIST_KEYS)[number];
export type TargetKey = TextKey | ListKey;
export type FaultTargets = Partial<Record<TextKey, string>> & Partial<Record<ListKey, string[]>>;

const isText = (key: string): key is TextKey => (TEXT_KEYS as readonly string[]).includes(key);
const isList = (key: string): key is ListKey => (LIST_KEYS as readonly string[]).includes(key);

/**
 * Reads a row's `targets` object; `where` names it (file and row) in every error. A key the fault does not take,
 * a key it needs and lacks, or a value of the wrong shape is a one-line error.
 */
export function readTargets(
  where: string,
  raw: unknown,
  needs: readonly TargetKey[],
  takes: readonly TargetKey[],
): FaultTargets {
  if (raw === undefined) throw new LabgateError(`${where}: no targets object`, `this fault needs ${needs.join(', ')}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new LabgateError(`${where} is not an object`);
  const targets: FaultTargets = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!takes.includes(key as TargetKey)) {
      throw new LabgateError(
        `${where}.${key}: this fault takes no such target`,
        `it takes: ${takes.join(', ') || 'none'}`,
      );
    }
    if (isText(key) && typeof value === 'string' && value !== '') targets[key] = value;
    else if (isList(key) && Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
      targets[key] = value as string[];
    } else throw new LabgateError(`${where}.${key} must be ${isList(key) ? 'a list of strings' : 'a string'}`);
  }
  const missing = needs.filter((k) => targets[k] === undefined);
  if (missing.length > 0)
    throw new LabgateError(`${where}: no ${missing.join(', ')}`, `this fault needs ${needs.join(', ')}`);
  return targets;
}

/** The targets resolved against the running twin's plan; a value naming nothing there is a one-line error. */
export class Targets {
  constructor(
    readonly where: string,
    readonly raw: FaultTargets,
    private readonly plan: TwinPlan,
  ) {}

  private wrong(key: TargetKey, what: string, known: string[]): never {
    const value = JSON.stringify(this.raw[key]);
    throw new LabgateError(`${this.where}.${key}: ${value} ${what}`, `the twin has: ${known.join(', ') || 'none'}`);
  }

  text(key: TextKey): string {
    const value = this.raw[key];
    if (value === undefined) throw new LabgateError(`${this.where}: no ${key}`);
    return value;
  }

  list(key: ListKey): string[] {
    const value = this.raw[key];
    if (value === undefined) throw new LabgateError(`${this.where}: no ${key}`);
    return value;
  }

  /** The node a role word names: `control-plane`, or `worker N` (the Nth worker, Kind's order). */
  node(key: 'node' | 'blockOf' = 'node'): PlannedNode {
    const word = this.text(key);
    const workers = this.plan.nodes.filter((n) => n.role === 'worker');
    const nth = /^worker (\d+)$/.exec(word);
    const node =
      word === 'control-plane'
        ? this.plan.nodes.find((n) => n.role === 'control-plane')
        : nth
          ? workers[Number(nth[1]) - 1]
          : undefined;
    const words = [
      ...(this.plan.nodes.some((n) => n.role === 'control-plane') ? ['control-plane'] : []),
      ...workers.map((_, i) => `worker ${i + 1}`),
    ];
    return node ?? this.wrong(key, 'names no node (a role: control-plane, worker 1, ...)', words);
  }

  service(): PlannedService {
    const name = this.text('service');
    return (
      this.plan.services.find((s) => s.name === name) ??
      this.wrong(
        'service',
        'is not a Service of the twin',
        this.plan.services.map((s) => s.name),
      )
    );
  }

  /** The Service's port named by `port`. */
  servicePort(): { service: PlannedService; port: PlannedService['ports'][number] & { name: string } } {
    const service = this.service();
    const name = this.text('port');
    const port = service.ports.find((p) => p.name === name);
    if (!port)
      return this.wrong(
        'port',
        `is not a named port of ${service.name}`,
        service.ports.map((p) => p.name ?? '?'),
      );
    return { service, port: { ...port, name } };
  }

  /** The pods of `workload` (a Deployment, DaemonSet, StatefulSet or bare Pod), in plan order. */
  workloadPods(workload = this.text('workload')): PlannedPod[] {
    const pods = this.plan.pods.filter((p) => isPodOf(p, workload));
    if (pods.length > 0) return pods;
    const owners = new Set(this.plan.pods.map((p) => p.owner?.name.replace(/-[a-z0-9]{10}$/, '') ?? p.name));
    const key = this.raw.workload === workload ? 'workload' : 'workloads';
    return this.wrong(key, `is no workload with pods on the twin (${workload})`, [...owners]);
  }

  /** The pod a single-pod fault breaks: `pod` by name, else the first pod of `workload` (on `node` when given). */
  pod(): PlannedPod {
    if (this.raw.pod !== undefined) {
      return (
        this.plan.pods.find((p) => p.name === this.raw.pod) ??
        this.wrong(
          'pod',
          'is not a pod of the twin',
          this.plan.pods.map((p) => p.name),
        )
      );
    }
    const pods = this.workloadPods();
    if (this.raw.node === undefined) return pods[0]!;
    const node = this.node();
    return (
      pods.find((p) => p.node === node.name) ??
      this.wrong(
        'workload',
        `has no pod on ${node.name} (${this.raw.node})`,
        pods.map((p) => `${p.name} on ${p.node}`),
      )
    );
  }

  namespace(key: 'namespace' | 'searchAs' = 'namespace'): string {
    const name = this.text(key);
    return this.plan.namespaces.includes(name)
      ? name
      : this.wrong(key, 'is not a namespace of the twin', this.plan.namespaces);
  }

  /** Resolves every target given, so a wrong one is reported before the fault changes anything. */
  check(): void {
    const r = this.raw;
    if (r.node !== undefined) this.node();
    if (r.blockOf !== undefined) this.node('blockOf');
    if (r.service !== undefined) this.service();
    if (r.port !== undefined) this.servicePort();
    if (r.pod !== undefined || r.workload !== undefined) this.pod();
    for (const w of r.workloads ?? []) this.workloadPods(w);
    if (r.namespace !== undefined) this.namespace();
    if (r.searchAs !== undefined) this.namespace('searchAs');
    if (r.readyOutput !== undefined) this.pattern('readyOutput');
  }

  /** A text target read as a regular expression. */
  pattern(key: TextKey): RegExp {
    try {
      return new RegExp(this.text(key));
    } catch (err) {
      throw new LabgateError(`${this.where}.${key}: not a regular expression (${(err as Error).message})`);
    }
  }
}
