/**
 * A pod re-addressed the way a misbehaving IPAM would address it: from another node's block (an address
 * borrowed although the node's own block has room), from outside every pool, or from an IPReservation. The pod's
 * eth0, its routes and its node's /32 route move to the new address, and every other node gets a /32 route to it
 * via the pod's node
 * (as Calico announces a borrowed address), so the pod stays reachable: what breaks is where its address comes
 * from, not whether it answers. The EndpointSlice controller and kube-proxy follow the new address.
 */
import { LabgateError } from '../shared.ts';
import type { PlannedPod } from '../plan.ts';
import { netnsName, vethName } from '../dataplane/pods.ts';
import { containerState } from '../dataplane/nodes.ts';
import { readIpam } from '../control/ipam.ts';
import { intToIp, parseCidr } from '../ipam/ipv4.ts';
import { apiPod, waitFor } from './api.ts';
import { onNode, scriptOnNode, type FaultContext } from './context.ts';
import { blockAfterPool } from './ipamFaults.ts';
import { READDRESS_SCRIPT } from './podFaults.ts';
import { freeAddress } from './scheduler.ts';

const OBSERVE_TIMEOUT_MS = 15_000;

async function readdress(ctx: FaultContext, pod: PlannedPod, fresh: string): Promise<void> {
  await scriptOnNode(pod.node, READDRESS_SCRIPT, [netnsName(pod), vethName(pod), pod.ip, fresh]);
  const via = (await containerState(pod.node)).ip;
  if (!via) throw new LabgateError(`could not find ${pod.node}'s own address`);
  for (const other of ctx.plan.nodes.filter((n) => n.name !== pod.node)) {
    await onNode(other.name, ['ip', 'route', 'replace', `${fresh}/32`, 'via', via]);
  }
  await waitFor(`pod ${pod.name} with address ${fresh}`, OBSERVE_TIMEOUT_MS, async () =>
    (await apiPod(ctx.state, pod.namespace, pod.name))?.status.podIP === fresh ? true : undefined,
  );
}

/** The target pod re-addressed with the lowest free address of the block of the node `blockOf`. */
export async function podAddressBorrowed(ctx: FaultContext): Promise<string> {
  const pod = ctx.targets.pod();
  const lender = ctx.targets.node('blockOf');
  if (lender.name === pod.node) {
    throw new LabgateError(`${ctx.targets.where}.blockOf: pod ${pod.name} already runs on ${lender.name}`);
  }
  const fresh = await freeAddress(ctx.plan, lender);
  await readdress(ctx, pod, fresh);
  return (
    `re-addressed pod ${pod.name} on ${pod.node} from ${pod.ip} to ${fresh}, an address of ${lender.name}'s ` +
    `block ${lender.block}; the other nodes route it via ${pod.node}`
  );
}

/** The target pod re-addressed with the first host address after the first pool: an address of no pool. */
export async function podAddressOutsidePool(ctx: FaultContext): Promise<string> {
  const pod = ctx.targets.pod();
  const pool = ctx.plan.pools[0];
  if (!pool) throw new LabgateError('the twin has no IP pool');
  const after = blockAfterPool(pool).split('/')[0]!;
  const fresh = after.replace(/\d+$/, (last) => String(Number(last) + 1));
  await readdress(ctx, pod, fresh);
  return (
    `re-addressed pod ${pod.name} on ${pod.node} from ${pod.ip} to ${fresh}, outside the pool ${pool.cidr}; ` +
    `the other nodes route it via ${pod.node}`
  );
}

/**
 * The target pod re-addressed with the first host address of the first IPReservation that no pod holds, as an IPAM
 * that does not honour the reservation would hand it out.
 */
export async function podAddressReserved(ctx: FaultContext): Promise<string> {
  const pod = ctx.targets.pod();
  const reservation = readIpam(ctx.state).reservations.find((r) => r.cidrs.length > 0);
  if (!reservation) throw new LabgateError('the twin has no IPReservation');
  const cidr = reservation.cidrs[0]!;
  const range = parseCidr(cidr);
  const held = new Set(ctx.plan.pods.map((p) => p.ip));
  const hosts = Array.from({ length: Math.max(range.size - 2, 0) }, (_, i) => intToIp(range.start + 1 + i));
  const fresh = hosts.find((ip) => !held.has(ip));
  if (!fresh) throw new LabgateError(`every address of the reservation ${reservation.name} (${cidr}) is held`);
  await readdress(ctx, pod, fresh);
  return (
    `re-addressed pod ${pod.name} on ${pod.node} from ${pod.ip} to ${fresh}, an address the IPReservation ` +
    `${reservation.name} holds back (${cidr}); the other nodes route it via ${pod.node}`
  );
}
