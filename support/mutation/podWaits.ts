/**
 * What a @mutating scenario waits for and reads after a change: a pod Ready within a named bound, a pod that stays
 * not Ready for a bound (its container waiting), the Events about a pod, an address inside or outside CIDRs.
 */
import type { CoreV1Api, CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { Address4 } from 'ip-address';
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

/** The pod after `seconds` in which it never became Ready, its container waiting with `reason` the whole time. */
export async function podStuckFor(
  core: CoreV1Api,
  namespace: string,
  name: string,
  reason: string,
  seconds: number,
): Promise<V1Pod> {
  const until = Date.now() + seconds * 1000;
  let last: V1Pod | undefined;
  do {
    last = await readPod(core, namespace, name);
    if (!last) throw new LabgateError(`pod ${namespace}/${name} does not exist`);
    if (isReady(last)) {
      throw new LabgateError(
        `pod ${namespace}/${name} became Ready (address ${last.status?.podIP ?? 'none'}); it should stay in ${reason}`,
      );
    }
    if (waitingReason(last) !== reason) {
      throw new LabgateError(`pod ${namespace}/${name} is ${waitingReason(last)}, not ${reason}`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  } while (Date.now() < until);
  return last;
}

export async function podEvents(core: CoreV1Api, namespace: string, pod: V1Pod): Promise<CoreV1Event[]> {
  const fieldSelector = `involvedObject.name=${pod.metadata?.name},involvedObject.kind=Pod`;
  const list = await core.listNamespacedEvent({ namespace, fieldSelector });
  return list.items.filter((e) => !pod.metadata?.uid || e.involvedObject.uid === pod.metadata.uid);
}

/** The Event of `reason` whose message names `address`; a failure listing the Events there are. */
export function eventNaming(events: CoreV1Event[], reason: string, address: string): CoreV1Event {
  const hit = events.find(
    (e) => e.reason === reason && new RegExp(`\\b${address.replace(/\./g, '\\.')}\\b`).test(e.message ?? ''),
  );
  if (hit) return hit;
  const seen = events.map((e) => `${e.reason}: ${e.message}`).join('; ') || 'none';
  throw new LabgateError(`no ${reason} Event names ${address} (Events: ${seen})`);
}

export function inCidr(ip: string, cidr: string): boolean {
  return new Address4(ip).isInSubnet(new Address4(cidr));
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
