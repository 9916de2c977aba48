/**
 * Pods as the scheduler and the kubelet would make them: placed on a node the pod template tolerates (spread
 * over the eligible nodes, or pinned by nodeName), addressed from that node's block, with the process its image
 * names and the environment the kubelet gives it.
 */
import { randomUUID } from 'node:crypto';
import { LabgateError } from '../shared.ts';
import type { PlannedNode, PlannedPod } from '../plan.ts';
import { podProcess } from '../pods/index.ts';
import { IpamError, assignPod, type Ipam } from '../ipam/index.ts';
import { nodeLabels } from './nodes.ts';

type EnvVar = { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath?: string } } };
type ContainerPort = { name?: string; containerPort: number; protocol?: string };

export type PodTemplate = {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    nodeName?: string;
    hostname?: string;
    subdomain?: string;
    tolerations?: { key?: string; operator?: string; effect?: string }[];
    affinity?: { nodeAffinity?: { preferredDuringSchedulingIgnoredDuringExecution?: PreferredTerm[] } };
    containers: {
      name: string;
      image: string;
      command?: string[];
      args?: string[];
      env?: EnvVar[];
      ports?: ContainerPort[];
    }[];
  };
};

type PreferredTerm = {
  weight: number;
  preference: { matchExpressions?: { key: string; operator: string; values?: string[] }[] };
};

/** The eligible node the pod's preferred node affinity weighs highest (`In` expressions), if any prefers one. */
export function preferredNode(template: PodTemplate, eligible: PlannedNode[]): PlannedNode | undefined {
  const terms = template.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const score = (n: PlannedNode) =>
    terms
      .filter((t) =>
        (t.preference.matchExpressions ?? []).every((e) => {
          const value = nodeLabels(n)[e.key];
          return e.operator === 'In' && value !== undefined && (e.values ?? []).includes(value);
        }),
      )
      .reduce((sum, t) => sum + t.weight, 0);
  const best = eligible.map((n) => ({ n, s: score(n) })).sort((a, b) => b.s - a.s)[0];
  return best && best.s > 0 ? best.n : undefined;
}

type PodFacts = { name: string; namespace: string; ip: string; node: string };

/** The container's environment as the kubelet gives it: plain values, and the pod fields the twin knows. */
export function containerEnv(env: EnvVar[] | undefined, pod: PodFacts): Record<string, string> {
  const fields: Record<string, string> = {
    'metadata.name': pod.name,
    'metadata.namespace': pod.namespace,
    'status.podIP': pod.ip,
    'spec.nodeName': pod.node,
  };
  const out: Record<string, string> = { HOSTNAME: pod.name };
  for (const e of env ?? []) {
    const value = e.value ?? fields[e.valueFrom?.fieldRef?.fieldPath ?? ''];
    if (value !== undefined) out[e.name] = value;
  }
  return out;
}

export function tolerates(template: PodTemplate, node: PlannedNode): boolean {
  const tolerations = template.spec.tolerations ?? [];
  return node.taints.every((t) =>
    tolerations.some(
      // a toleration without a key and with Exists tolerates every taint (Multus' DaemonSet has one)
      (tol) =>
        (!tol.key && tol.operator === 'Exists') || (tol.key === t.key && (tol.operator === 'Exists' || !tol.operator)),
    ),
  );
}

export interface NewPod {
  namespace: string;
  name: string;
  node: PlannedNode;
  template: PodTemplate;
  owner?: PlannedPod['owner'];
  extraLabels?: Record<string, string>;
  names?: { hostname?: string; subdomain?: string };
}

/** Makes the plan's pods: addresses from Calico IPAM as its CNI plugin asks, placed as the scheduler spreads. */
export class PodPlanner {
  readonly pods: PlannedPod[] = [];
  private spread = 0;

  constructor(
    readonly lab: string,
    readonly nodes: PlannedNode[],
    private readonly createdAt: string,
    private readonly ipam: Ipam,
    /** each namespace's annotations (its ipv4pools one applies to its pods) */
    private readonly namespaceAnnotations: Map<string, Record<string, string>> = new Map(),
  ) {}

  eligible(template: PodTemplate): PlannedNode[] {
    return this.nodes.filter((n) => tolerates(template, n));
  }

  /** The node for a pod that may go anywhere: its nodeName, else the next eligible node after the last used. */
  place(template: PodTemplate): PlannedNode {
    const pinned = template.spec.nodeName && this.nodes.find((n) => n.name === template.spec.nodeName);
    if (pinned) return pinned;
    const eligible = this.eligible(template);
    if (eligible.length === 0)
      throw new LabgateError(`the twin of ${this.lab} has no node a pod of this template tolerates`);
    const preferred = preferredNode(template, eligible);
    if (preferred) return preferred;
    return eligible[this.spread++ % eligible.length]!;
  }

  private allocate(p: NewPod): string {
    try {
      return assignPod(this.ipam, {
        namespace: p.namespace,
        name: p.name,
        node: p.node.name,
        nodeLabels: nodeLabels(p.node),
        ...(p.template.metadata?.annotations ? { annotations: p.template.metadata.annotations } : {}),
        ...(this.namespaceAnnotations.has(p.namespace)
          ? { namespaceAnnotations: this.namespaceAnnotations.get(p.namespace)! }
          : {}),
      }).ip;
    } catch (err) {
      if (err instanceof IpamError)
        throw new LabgateError(`the twin of ${this.lab} cannot address pod ${p.namespace}/${p.name}: ${err.message}`);
      throw err;
    }
  }

  add(p: NewPod): void {
    const c = p.template.spec.containers[0]!;
    const { process, command } = podProcess(`${p.namespace}/${p.name}`, c);
    const ip = this.allocate(p);
    const hostname = p.names?.hostname ?? p.template.spec.hostname;
    const subdomain = p.names?.subdomain ?? p.template.spec.subdomain;
    this.pods.push({
      namespace: p.namespace,
      name: p.name,
      uid: randomUUID(),
      labels: { ...(p.template.metadata?.labels ?? {}), ...(p.extraLabels ?? {}) },
      ...(p.template.metadata?.annotations ? { annotations: p.template.metadata.annotations } : {}),
      node: p.node.name,
      ip,
      ...(p.owner ? { owner: p.owner } : {}),
      ...(hostname ? { hostname } : {}),
      ...(subdomain ? { subdomain } : {}),
      container: {
        name: c.name,
        image: c.image,
        ports: (c.ports ?? []).map((port) => ({
          name: port.name,
          containerPort: port.containerPort,
          protocol: (port.protocol ?? 'TCP') as 'TCP' | 'UDP',
        })),
        ...(command ? { command } : {}),
        env: containerEnv(c.env, { name: p.name, namespace: p.namespace, ip, node: p.node.name }),
      },
      process,
      createdAt: this.createdAt,
    });
  }
}
