/**
 * A workload's rollout waited on as `kubectl rollout status` waits: the controller has seen the latest generation,
 * every node (or replica) has a pod of the new template, and all are available. Polled within a named bound.
 */
import type { AppsV1Api, V1DaemonSet, V1Pod, CoreV1Api } from '@kubernetes/client-node';
import { LabgateError } from '../floor/errors.ts';

const POLL_MS = 500;

export interface RolloutState {
  generation: number;
  observedGeneration: number;
  desired: number;
  updated: number;
  available: number;
}

export function daemonSetRollout(ds: V1DaemonSet): RolloutState {
  const s = ds.status;
  return {
    generation: ds.metadata?.generation ?? 0,
    observedGeneration: s?.observedGeneration ?? 0,
    desired: s?.desiredNumberScheduled ?? 0,
    updated: s?.updatedNumberScheduled ?? 0,
    available: s?.numberAvailable ?? 0,
  };
}

/** Where a rollout stands, in `kubectl rollout status`'s words; '' once it is complete. */
export function rolloutProgress(r: RolloutState): string {
  if (r.observedGeneration < r.generation) return 'waiting for the rollout to be observed by the controller';
  if (r.updated < r.desired) return `${r.updated} out of ${r.desired} new pods have been updated`;
  if (r.available < r.desired) return `${r.available} of ${r.updated} updated pods are available`;
  return '';
}

export interface RolloutWait {
  seconds: number;
  state: RolloutState;
  /** what it was waiting for when the bound ran out; '' when it completed */
  progress: string;
  /** set when it stopped early: the rollout made no progress for this many seconds */
  stalledSeconds?: number;
}

/**
 * Polls the DaemonSet until its rollout is complete or `seconds` run out (an absent DaemonSet is an error).
 * `stallSeconds`: stop early once the rollout has made no progress (same counts) for that long, as a Deployment's
 * progress deadline does; a healthy rollout moves a pod every few seconds.
 */
export async function waitDaemonSetRollout(
  apps: AppsV1Api,
  namespace: string,
  name: string,
  seconds: number,
  stallSeconds?: number,
): Promise<RolloutWait> {
  const start = Date.now();
  let last = '';
  let lastChange = start;
  for (;;) {
    let ds: V1DaemonSet;
    try {
      ds = await apps.readNamespacedDaemonSet({ name, namespace });
    } catch (err) {
      throw new LabgateError(`DaemonSet ${namespace}/${name} cannot be read: ${(err as Error).message.split('\n')[0]}`);
    }
    const state = daemonSetRollout(ds);
    const progress = rolloutProgress(state);
    const now = Date.now();
    const elapsed = (now - start) / 1000;
    if (progress === '' || elapsed >= seconds) return { seconds: Math.round(elapsed), state, progress };
    const key = JSON.stringify(state);
    if (key !== last) [last, lastChange] = [key, now];
    if (stallSeconds !== undefined && now - lastChange >= stallSeconds * 1000)
      return { seconds: Math.round(elapsed), state, progress, stalledSeconds: stallSeconds };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** The pods a DaemonSet owns (its selector's pods with it as controller), not being deleted. */
export async function daemonSetPods(
  apps: AppsV1Api,
  core: CoreV1Api,
  namespace: string,
  name: string,
): Promise<{ ds: V1DaemonSet; pods: V1Pod[] }> {
  const ds = await apps.readNamespacedDaemonSet({ name, namespace });
  const labels = ds.spec?.selector?.matchLabels ?? {};
  const labelSelector = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const list = await core.listNamespacedPod({ namespace, labelSelector });
  const pods = list.items.filter(
    (p) =>
      !p.metadata?.deletionTimestamp &&
      (p.metadata?.ownerReferences ?? []).some((o) => o.kind === 'DaemonSet' && o.uid === ds.metadata?.uid),
  );
  return { ds, pods };
}
