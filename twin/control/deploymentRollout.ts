/**
 * The Deployment and ReplicaSet controllers' decisions, as kube-controller-manager makes them (pure): maxSurge and
 * maxUnavailable resolved against the replicas (surge rounded up, unavailable down, never both 0), one sync of a
 * Deployment (the new ReplicaSet created or scaled, the old ones scaled down, RollingUpdate or Recreate, old
 * ReplicaSets beyond revisionHistoryLimit deleted once the rollout is complete), the pods a ReplicaSet deletes first
 * when it has too many, and the status both report. The objects and pods are made by deploymentController.ts.
 */
import { podTemplateHash } from '../planning/workloads.ts';

/** The `pod-template-hash` of a Deployment's template: its ReplicaSet is `<deployment>-<hash>`. */
export { podTemplateHash };

export type IntOrPercent = number | string | undefined;

export interface Strategy {
  type: 'RollingUpdate' | 'Recreate';
  maxSurge?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
}

/** A ReplicaSet as the Deployment controller sees it. */
export interface ReplicaSetView {
  name: string;
  /** spec.replicas */
  replicas: number;
  /** its pods not being deleted (status.replicas) */
  pods: number;
  /** status.availableReplicas */
  available: number;
  /** its `deployment.kubernetes.io/revision` */
  revision: number;
  /** creationTimestamp: old ReplicaSets are scaled down and cleaned up oldest first */
  created: string;
}

export interface DeploymentView {
  replicas: number;
  strategy: Strategy;
  revisionHistoryLimit: number;
}

export interface DeploymentSync {
  /** the new ReplicaSet to create (none exists for the template yet), with its replicas */
  create?: { replicas: number; revision: number };
  /** ReplicaSets whose spec.replicas changes */
  scale: { name: string; replicas: number }[];
  /** old ReplicaSets deleted (beyond revisionHistoryLimit, scaled to 0, no pods left) */
  remove: string[];
}

/** intstr.GetScaledValueFromIntOrPercent: a count, or a percentage of `total` rounded up or down. */
export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value.trim());
  if (!m) {
    const n = Number(value);
    if (Number.isInteger(n)) return n;
    throw new Error(`invalid value for IntOrString: invalid value "${value}": must be an integer or percentage`);
  }
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** deploymentutil.ResolveFenceposts: maxSurge rounded up, maxUnavailable down; both 0 makes maxUnavailable 1. */
export function resolveFenceposts(
  maxSurge: IntOrPercent,
  maxUnavailable: IntOrPercent,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? '25%', desired, true);
  const unavailable = scaledValue(maxUnavailable ?? '25%', desired, false);
  return surge === 0 && unavailable === 0 ? { surge, unavailable: 1 } : { surge, unavailable };
}

/** The most pods the Deployment may be short of available: 0 for Recreate, else maxUnavailable capped at replicas. */
export function maxUnavailableOf(d: DeploymentView): number {
  if (d.strategy.type !== 'RollingUpdate' || d.replicas === 0) return 0;
  const { unavailable } = resolveFenceposts(d.strategy.maxSurge, d.strategy.maxUnavailable, d.replicas);
  return Math.min(unavailable, d.replicas);
}

const sum = (rss: ReplicaSetView[], f: (r: ReplicaSetView) => number) => rss.reduce((n, r) => n + f(r), 0);
const oldestFirst = (a: ReplicaSetView, b: ReplicaSetView) =>
  a.created.localeCompare(b.created) || a.revision - b.revision;

/** deploymentutil.NewRSNewReplicas for RollingUpdate: scale the new ReplicaSet up within maxSurge. */
function newReplicasRolling(d: DeploymentView, all: ReplicaSetView[], newReplicas: number): number {
  const { surge } = resolveFenceposts(d.strategy.maxSurge, d.strategy.maxUnavailable, d.replicas);
  const current = sum(all, (r) => r.replicas);
  const maxTotal = d.replicas + surge;
  if (current >= maxTotal) return newReplicas;
  return newReplicas + Math.max(0, Math.min(maxTotal - current, d.replicas - newReplicas));
}

/** rolloutRolling's reconcileOldReplicaSets: unhealthy old pods first, then available ones within minAvailable. */
function scaleDownOld(d: DeploymentView, all: ReplicaSetView[], newRS: ReplicaSetView, old: ReplicaSetView[]) {
  const scale: { name: string; replicas: number }[] = [];
  if (sum(old, (r) => r.replicas) === 0) return scale;
  const minAvailable = d.replicas - maxUnavailableOf(d);
  const newUnavailable = newRS.replicas - newRS.available;
  const maxScaledDown = sum(all, (r) => r.replicas) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return scale;
  const next = new Map(old.map((r) => [r.name, r.replicas]));
  let cleaned = 0;
  for (const r of [...old].sort(oldestFirst)) {
    if (cleaned >= maxScaledDown) break;
    if (r.replicas === 0 || r.available >= r.replicas) continue;
    const n = Math.min(maxScaledDown - cleaned, r.replicas - r.available);
    next.set(r.name, r.replicas - n);
    cleaned += n;
  }
  const availableNow = sum(all, (r) => r.available);
  let budget = availableNow - minAvailable;
  for (const r of [...old].sort(oldestFirst)) {
    if (budget <= 0) break;
    const replicas = next.get(r.name)!;
    if (replicas === 0) continue;
    const n = Math.min(replicas, budget);
    next.set(r.name, replicas - n);
    budget -= n;
  }
  for (const r of old) if (next.get(r.name) !== r.replicas) scale.push({ name: r.name, replicas: next.get(r.name)! });
  return scale;
}

/** Old ReplicaSets beyond revisionHistoryLimit, oldest first, among those scaled to 0 with no pod left. */
function cleanup(d: DeploymentView, old: ReplicaSetView[]): string[] {
  const idle = old.filter((r) => r.replicas === 0 && r.pods === 0).sort(oldestFirst);
  const extra = idle.length - Math.max(0, d.revisionHistoryLimit);
  return extra > 0 ? idle.slice(0, extra).map((r) => r.name) : [];
}

/** Complete: the new ReplicaSet has every replica updated and available, and no old pod is left. */
function complete(d: DeploymentView, newRS: ReplicaSetView | undefined, old: ReplicaSetView[]): boolean {
  return (
    newRS !== undefined &&
    newRS.replicas === d.replicas &&
    newRS.pods === d.replicas &&
    newRS.available >= d.replicas &&
    sum(old, (r) => r.pods + r.replicas) === 0
  );
}

/**
 * One sync of a Deployment, as deployment_controller.go makes it: `newRS` is the ReplicaSet of the current template
 * (undefined when none exists yet), `old` the others it owns.
 */
export function planDeploymentSync(
  d: DeploymentView,
  newRS: ReplicaSetView | undefined,
  old: ReplicaSetView[],
): DeploymentSync {
  const revision = Math.max(0, ...old.map((r) => r.revision)) + 1;
  if (d.strategy.type === 'Recreate') {
    const live = old.filter((r) => r.replicas > 0);
    if (live.length > 0) return { scale: live.map((r) => ({ name: r.name, replicas: 0 })), remove: [] };
    if (old.some((r) => r.pods > 0)) return { scale: [], remove: [] };
    if (!newRS) return { create: { replicas: d.replicas, revision }, scale: [], remove: [] };
    if (newRS.replicas !== d.replicas) return { scale: [{ name: newRS.name, replicas: d.replicas }], remove: [] };
    return { scale: [], remove: complete(d, newRS, old) ? cleanup(d, old) : [] };
  }
  if (!newRS) {
    const created = { name: '', replicas: 0, pods: 0, available: 0, revision, created: '\uffff' };
    const replicas = newReplicasRolling(d, old, 0);
    return {
      create: { replicas, revision },
      scale: scaleDownOld(d, [...old, { ...created, replicas }], { ...created, replicas }, old),
      remove: [],
    };
  }
  if (newRS.replicas > d.replicas) return { scale: [{ name: newRS.name, replicas: d.replicas }], remove: [] };
  if (newRS.replicas < d.replicas) {
    const replicas = newReplicasRolling(d, [newRS, ...old], newRS.replicas);
    if (replicas !== newRS.replicas) return { scale: [{ name: newRS.name, replicas }], remove: [] };
  }
  const scale = scaleDownOld(d, [newRS, ...old], newRS, old);
  if (scale.length > 0) return { scale, remove: [] };
  return { scale: [], remove: complete(d, newRS, old) ? cleanup(d, old) : [] };
}

/**
 * The revision the new ReplicaSet must carry: the one after every old ReplicaSet's, when a template comes back (a
 * rollout undo, a template put back) to a ReplicaSet of a lower revision; undefined when it already does.
 */
export function revisionToSet(newRS: ReplicaSetView, old: ReplicaSetView[]): number | undefined {
  const next = Math.max(0, ...old.map((r) => r.revision)) + 1;
  return newRS.revision < next ? next : undefined;
}

/** A pod as the ReplicaSet controller ranks it for deletion. */
export interface ReplicaPod {
  name: string;
  /** '' while not scheduled */
  node: string;
  phase: 'Pending' | 'Running' | 'Unknown' | string;
  ready: boolean;
  /** creationTimestamp */
  created: string;
  /** since when it has been Ready (its Ready condition's lastTransitionTime) */
  readySince?: string;
  restarts?: number;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * controller.ActivePodsWithRanks, the order in which a ReplicaSet deletes pods: unscheduled before scheduled, Pending
 * before Unknown before Running, not Ready before Ready, pods on a node crowded with the ReplicaSet's pods first,
 * Ready for a shorter time first, more restarts first, newer first.
 */
export function deletionOrder(pods: ReplicaPod[]): ReplicaPod[] {
  const onNode = new Map<string, number>();
  for (const p of pods) if (p.node) onNode.set(p.node, (onNode.get(p.node) ?? 0) + 1);
  const rank = (p: ReplicaPod) => (p.node ? (onNode.get(p.node) ?? 0) : 0);
  return [...pods].sort(
    (a, b) =>
      Number(a.node !== '') - Number(b.node !== '') ||
      (PHASE_RANK[a.phase] ?? 1) - (PHASE_RANK[b.phase] ?? 1) ||
      Number(a.ready) - Number(b.ready) ||
      rank(b) - rank(a) ||
      (b.readySince ?? '').localeCompare(a.readySince ?? '') ||
      (b.restarts ?? 0) - (a.restarts ?? 0) ||
      b.created.localeCompare(a.created) ||
      a.name.localeCompare(b.name),
  );
}

/** One sync of a ReplicaSet: how many pods to create, or which to delete (ranked), to reach its replicas. */
export function planReplicaSetSync(replicas: number, pods: ReplicaPod[]): { create: number; remove: string[] } {
  const diff = pods.length - replicas;
  if (diff < 0) return { create: -diff, remove: [] };
  return {
    create: 0,
    remove: deletionOrder(pods)
      .slice(0, diff)
      .map((p) => p.name),
  };
}

export interface DeploymentStatusCounts {
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
}

/** deploymentutil's calculateStatus: the counts summed from the ReplicaSets' statuses. */
export function deploymentCounts(
  d: DeploymentView,
  newRS: (ReplicaSetView & { ready: number }) | undefined,
  all: (ReplicaSetView & { ready: number })[],
  observedGeneration: number,
): DeploymentStatusCounts {
  const available = all.reduce((n, r) => n + r.available, 0);
  return {
    observedGeneration,
    replicas: all.reduce((n, r) => n + r.pods, 0),
    updatedReplicas: newRS?.pods ?? 0,
    readyReplicas: all.reduce((n, r) => n + r.ready, 0),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, d.replicas - available),
  };
}

/** The Available condition: at least replicas - maxUnavailable pods available. */
export function isAvailable(d: DeploymentView, available: number): boolean {
  return available >= d.replicas - maxUnavailableOf(d);
}

/** The Progressing condition's reason and message for where the rollout stands. */
export function progressing(
  d: DeploymentView,
  newRS: ReplicaSetView | undefined,
  old: ReplicaSetView[],
  justCreated: boolean,
): { reason: string; message: string } {
  if (!newRS) return { reason: 'ReplicaSetUpdated', message: 'Waiting for the new ReplicaSet to be created.' };
  if (complete(d, newRS, old))
    return { reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${newRS.name}" has successfully progressed.` };
  if (justCreated) return { reason: 'NewReplicaSetCreated', message: `Created new replica set "${newRS.name}"` };
  return { reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newRS.name}" is progressing.` };
}
