/**
 * What a @mutating scenario waits for and reads after a change: a pod Ready within a named bound, a pod watched
 * over a bound in which it should stay not Ready (its container waiting), the Events about a pod, the address a
 * pod's annotation asks for.
 */
import type { CoreV1Api, CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { LabgateError } from '../floor/errors.ts';

const POLL_MS = 500;

function isReady(p: V1Pod | undefined): boolean {
  return Boolean(p?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
}

async function readPod(core: CoreV1Api, namespace: string, name: string): Promise<V1Pod | undefined> {
  try {
    return await core.readNamespacedPod({ name, namespace });
  } catch (err) {
    if ((err as { code?: number }).code === 404) return undefined;
    throw err;
  }
}

function waitingReason(p: V1Pod | undefined): string {
  const w = p?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
  return w ?? p?.status?.phase ?? 'absent';
}

/** The pod once Ready; a one-line failure naming what it was doing when the bound ran out. */
export async function podReadyWithin(
  core: CoreV1Api,
  namespace: string,
  name: string,
  seconds: number,
): Promise<V1Pod> {
  const until = Date.now() + seconds * 1000;
  let last: V1Pod | undefined;
  while (Date.now() < until) {
    last = await readPod(core, namespace, name);
    if (isReady(last)) return last!;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  throw new LabgateError(`pod ${namespace}/${name} was not Ready within ${seconds} s (${waitingReason(last)})`);
}

/** What a pod did over a wait in which it should stay held back: Ready at some point, or the state it kept. */
export interface PodWait {
  seconds: number;
  becameReady: boolean;
  /** its container's waiting reason (or its phase) when the wait ended or it left `reason` */
  state: string;
  address: string;
}

/**
 * Watches the pod for `seconds` (polling): stops early when it becomes Ready or leaves the waiting `reason`, the
 * check (checks.ts podHeldBack) judges what it did. A pod that does not exist is an error.
 */
export async function watchHeldBack(
  core: CoreV1Api,
  namespace: string,
  name: string,
  reason: string,
  seconds: number,
): Promise<PodWait> {
  const until = Date.now() + seconds * 1000;
  let last: V1Pod | undefined;
  do {
    last = await readPod(core, namespace, name);
    if (!last) throw new LabgateError(`pod ${namespace}/${name} does not exist`);
    if (isReady(last) || waitingReason(last) !== reason) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  } while (Date.now() < until);
  return { seconds, becameReady: isReady(last), state: waitingReason(last), address: last.status?.podIP ?? '' };
}

export async function podEvents(core: CoreV1Api, namespace: string, pod: V1Pod): Promise<CoreV1Event[]> {
  const fieldSelector = `involvedObject.name=${pod.metadata?.name},involvedObject.kind=Pod`;
  const list = await core.listNamespacedEvent({ namespace, fieldSelector });
  return list.items.filter((e) => !pod.metadata?.uid || e.involvedObject.uid === pod.metadata.uid);
}

/** The address the pod's `cni.projectcalico.org/ipAddrs` annotation asks for. */
export function requestedAddress(pod: { metadata?: { annotations?: Record<string, string> } }): string {
  const raw = pod.metadata?.annotations?.['cni.projectcalico.org/ipAddrs'];
  if (!raw) throw new LabgateError('the pod carries no cni.projectcalico.org/ipAddrs annotation');
  const list = JSON.parse(raw) as string[];
  const ip = list.find((a) => !a.includes(':'));
  if (!ip) throw new LabgateError(`the ipAddrs annotation ${raw} asks for no IPv4 address`);
  return ip;
}
