/**
 * Faults of the twin's IPAM as pods created through the API meet it: Calico's CNI plugin ignoring the ipAddrs
 * annotation, IPAM handing out an address a pod already holds, the lab's IP reservations deleted.
 */
import type { FaultContext } from './context.ts';
import { apiGet } from './api.ts';
import { setControllers } from './controlPlane.ts';

export async function ipAddrsIgnored(ctx: FaultContext): Promise<string> {
  await setControllers(ctx.state, { ipamIgnoresIpAddrs: true });
  return 'the CNI plugin ignores the cni.projectcalico.org/ipAddrs annotation: pods get pool addresses';
}

export async function takenAddressGiven(ctx: FaultContext): Promise<string> {
  await setControllers(ctx.state, { ipamGivesTakenAddress: true });
  return 'IPAM hands out an address already in use to the pod that asks for it';
}

export async function reservationsDeleted(ctx: FaultContext): Promise<string> {
  const list = await apiGet<{ items: { metadata: { name: string } }[] }>(
    ctx.state,
    '/apis/crd.projectcalico.org/v1/ipreservations',
  );
  for (const r of list.items) {
    await apiGet(ctx.state, `/apis/crd.projectcalico.org/v1/ipreservations/${r.metadata.name}`, 'DELETE');
  }
  return `deleted the IP reservations ${list.items.map((r) => r.metadata.name).join(', ') || '(none)'}`;
}

export async function ipv4PoolsIgnored(ctx: FaultContext): Promise<string> {
  await setControllers(ctx.state, { ipamIgnoresIpv4Pools: true });
  return 'the CNI plugin ignores the cni.projectcalico.org/ipv4pools annotation: pods get the pools their node selects';
}

export async function daemonSetRollsNoPod(ctx: FaultContext): Promise<string> {
  await setControllers(ctx.state, { daemonSetRollsNoPod: true });
  return 'the DaemonSet controller observes a template change and re-creates no pod';
}

export async function rolloutLeavesOldPod(ctx: FaultContext): Promise<string> {
  await setControllers(ctx.state, { daemonSetRolloutSkipsLastNode: true });
  return "the DaemonSet controller's rollout leaves the old pod of the last node";
}

export async function podsRelabelledInPlace(ctx: FaultContext): Promise<string> {
  await setControllers(ctx.state, { daemonSetRelabelsInPlace: true });
  return "the DaemonSet controller rewrites the old pods' labels and annotations in place instead of re-creating them";
}
