/**
 * The DaemonSet controller's decisions, as kube-controller-manager makes them (pure): the revision a template makes,
 * which pods a RollingUpdate (maxSurge 0) deletes and which nodes get a new pod in one pass, and the status the
 * workload then reports. The pods themselves are made and taken down by the pod controller.
 */
import { templateHash } from '../planning/workloads.ts';

/** The `controller-revision-hash` of a pod template: the one the plan gave the lab's pods at up. */
export const revisionHash = templateHash;

export interface DaemonPod {
  name: string;
  node: string;
  /** its `controller-revision-hash` label */
  revision: string;
  ready: boolean;
  /** deleted, not yet off its node */
  terminating: boolean;
}

export interface RolloutPass {
  /** pods to delete, oldest revision first */
  remove: string[];
  /** nodes to give a pod of the current revision */
  create: string[];
}

/** `maxUnavailable` of a DaemonSet's RollingUpdate: a count or a percentage of the nodes (rounded up), at least 1. */
export function maxUnavailableOf(value: number | string | undefined, nodes: number): number {
  if (value === undefined) return 1;
  if (typeof value === 'number') return Math.max(1, value);
  const m = /^(\d+)%$/.exec(value);
  if (m) return Math.max(1, Math.ceil((Number(m[1]) * nodes) / 100));
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/**
 * One pass of the rollout over the eligible nodes: a node without a pod (none live, none terminating) gets one of
 * the current revision; pods on nodes not eligible go; old pods that are not available go at once; available old
 * pods go while the nodes without an available pod stay within maxUnavailable.
 */
export function planRollout(nodes: string[], pods: DaemonPod[], revision: string, maxUnavailable = 1): RolloutPass {
  const remove: string[] = [];
  const create: string[] = [];
  const live = pods.filter((p) => !p.terminating);
  for (const p of live) if (!nodes.includes(p.node)) remove.push(p.name);
  const onNode = (n: string) => live.filter((p) => p.node === n);
  for (const n of nodes) {
    if (onNode(n).length === 0 && !pods.some((p) => p.node === n && p.terminating)) create.push(n);
  }
  let unavailable = nodes.filter((n) => !onNode(n).some((p) => p.ready)).length;
  for (const n of nodes) {
    const old = onNode(n).filter((p) => p.revision !== revision);
    for (const p of old.filter((x) => !x.ready)) remove.push(p.name);
    for (const p of old.filter((x) => x.ready)) {
      if (unavailable >= maxUnavailable) break;
      remove.push(p.name);
      unavailable++;
    }
  }
  return { remove, create };
}

export interface DaemonSetStatus {
  currentNumberScheduled: number;
  desiredNumberScheduled: number;
  numberAvailable: number;
  numberMisscheduled: number;
  numberReady: number;
  numberUnavailable?: number;
  observedGeneration: number;
  updatedNumberScheduled: number;
}

/** The status kube-controller-manager writes for a DaemonSet whose generation it last synced is `observed`. */
export function daemonSetStatus(
  nodes: string[],
  pods: DaemonPod[],
  revision: string,
  observed: number,
): DaemonSetStatus {
  const live = pods.filter((p) => !p.terminating);
  const on = nodes.filter((n) => live.some((p) => p.node === n));
  const ready = nodes.filter((n) => live.some((p) => p.node === n && p.ready)).length;
  const unavailable = nodes.length - ready;
  return {
    currentNumberScheduled: on.length,
    desiredNumberScheduled: nodes.length,
    numberAvailable: ready,
    numberMisscheduled: live.filter((p) => !nodes.includes(p.node)).length,
    numberReady: ready,
    ...(unavailable > 0 ? { numberUnavailable: unavailable } : {}),
    observedGeneration: observed,
    updatedNumberScheduled: nodes.filter((n) => live.some((p) => p.node === n && p.revision === revision)).length,
  };
}
