/**
 * One pass of the StatefulSet controller over a StatefulSet's pods, as kube-controller-manager's
 * stateful_set_control does it: the ordinals below `replicas` are kept (a missing one created), those at or above
 * are condemned (the highest deleted first), and a RollingUpdate deletes the highest-ordinal pod of an old revision
 * at or above the partition, which the next pass creates again from the new template. With podManagementPolicy
 * OrderedReady every step waits for the pods before it to be Running and Ready and for a pod going away to be gone;
 * Parallel creates and deletes at once. Pure: the pods in, what to create and delete out.
 */

export interface StatefulPod {
  name: string;
  ordinal: number;
  revision: string;
  ready: boolean;
  terminating: boolean;
}

export interface StatefulSetView {
  replicas: number;
  policy: 'OrderedReady' | 'Parallel';
  strategy: 'RollingUpdate' | 'OnDelete';
  partition: number;
  updateRevision: string;
}

export interface StatefulPass {
  /** ordinals to create now, from the current template */
  create: number[];
  /** pods to delete now, by name */
  remove: string[];
}

/** The ordinal of a pod named `<set>-<n>`, or undefined for a pod whose name is not one of the set's. */
export function ordinalOf(set: string, pod: string): number | undefined {
  if (!pod.startsWith(`${set}-`)) return undefined;
  const rest = pod.slice(set.length + 1);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

export function planStatefulSetPass(set: StatefulSetView, pods: StatefulPod[]): StatefulPass {
  const ordered = set.policy === 'OrderedReady';
  const byOrdinal = new Map(pods.map((p) => [p.ordinal, p]));
  const create: number[] = [];
  const remove: string[] = [];
  // the kept ordinals, lowest first: each one missing is created; in order, a pod not yet Ready blocks the rest
  for (let i = 0; i < set.replicas; i++) {
    const pod = byOrdinal.get(i);
    if (!pod) {
      create.push(i);
      if (ordered) return { create, remove };
      continue;
    }
    if (ordered && (pod.terminating || !pod.ready)) return { create, remove };
  }
  // the condemned, highest first: in order, one at a time, once every kept pod is Ready
  const condemned = pods.filter((p) => p.ordinal >= set.replicas).sort((a, b) => b.ordinal - a.ordinal);
  for (const pod of condemned) {
    if (pod.terminating) {
      if (ordered) return { create, remove };
      continue;
    }
    remove.push(pod.name);
    if (ordered) return { create, remove };
  }
  if (set.strategy !== 'RollingUpdate') return { create, remove };
  // the rolling update, from the highest ordinal down to the partition: the first pod of an old revision goes; a pod
  // of the new one that is not Ready yet (or one going away) holds the rest back
  const kept = pods.filter((p) => p.ordinal < set.replicas && p.ordinal >= set.partition);
  for (const pod of kept.sort((a, b) => b.ordinal - a.ordinal)) {
    if (pod.revision !== set.updateRevision && !pod.terminating) {
      remove.push(pod.name);
      break;
    }
    if (pod.terminating || !pod.ready) break;
  }
  return { create, remove };
}

/** The counts a StatefulSet's status carries, from its pods and revisions. */
export function statefulSetCounts(
  pods: StatefulPod[],
  currentRevision: string,
  updateRevision: string,
): { replicas: number; readyReplicas: number; currentReplicas: number; updatedReplicas: number } {
  const live = pods.filter((p) => !p.terminating);
  return {
    replicas: live.length,
    readyReplicas: live.filter((p) => p.ready).length,
    currentReplicas: live.filter((p) => p.revision === currentRevision).length,
    updatedReplicas: live.filter((p) => p.revision === updateRevision).length,
  };
}
