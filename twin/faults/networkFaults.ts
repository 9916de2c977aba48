/**
 * Faults in the pod network Calico programs: a pod's host route, its veth's MTU and MAC, NAT
 * between pods, and a block that IPAM hands to two nodes. Each goes through the node's real dataplane (or, for
 * IPAM, through the IPAM record the API serves from), so the gate sees it the way it would see a broken Calico.
 */
import { LabgateError } from '../shared.ts';
import { HEADLESS } from '../plan.ts';
import { netnsName, vethName } from '../dataplane/pods.ts';
import { onNode, type FaultContext } from './context.ts';
import { editBlocks, readIpam, writeIpam } from '../control/ipam.ts';
import { containerState } from '../dataplane/nodes.ts';

/** A locally administered MAC, as a veth made by hand (not by Calico's CNI plugin) would get. */
const WRONG_MAC = '02:42:ac:1d:63:02';
/** Docker's MTU: the pod's eth0 as if Calico had not taken the encapsulation overhead off. */
const WRONG_MTU = 1500;

export async function deletePodHostRoute(ctx: FaultContext): Promise<string> {
  const pod = ctx.targets.pod();
  const route = (await onNode(pod.node, ['ip', '-4', 'route', 'show', `${pod.ip}/32`])).stdout.trim();
  if (!route) {
    throw new LabgateError(`${pod.node} has no /32 route to pod ${pod.name}`, 'run `labgate twin fault --reset`');
  }
  await onNode(pod.node, ['ip', 'route', 'del', `${pod.ip}/32`]);
  return `deleted the host route "${route}" to pod ${pod.name} (${pod.ip}) on ${pod.node}`;
}

export async function wrongPodMtu(ctx: FaultContext): Promise<string> {
  const pod = ctx.targets.pod();
  await onNode(pod.node, ['ip', '-n', netnsName(pod), 'link', 'set', 'eth0', 'mtu', String(WRONG_MTU)]);
  return (
    `set eth0 of pod ${pod.name} on ${pod.node} to MTU ${WRONG_MTU} ` + `(its veth's node end keeps ${ctx.plan.podMtu})`
  );
}

export async function wrongVethMac(ctx: FaultContext): Promise<string> {
  const pod = ctx.targets.pod();
  await onNode(pod.node, ['ip', 'link', 'set', vethName(pod), 'address', WRONG_MAC]);
  return `set the MAC of ${vethName(pod)} (pod ${pod.name}'s veth on ${pod.node}) to ${WRONG_MAC}`;
}

/**
 * The target pod is masqueraded behind its node for traffic to any pod: pings still work, but every other pod
 * sees the node's address instead of the pod's.
 */
export async function natBetweenPods(ctx: FaultContext): Promise<string> {
  const pod = ctx.targets.pod();
  const nodeIp = (await containerState(pod.node)).ip;
  if (!nodeIp) throw new LabgateError(`could not find ${pod.node}'s own address`);
  for (const pool of ctx.plan.pools) {
    await onNode(pod.node, [
      'iptables',
      '-t',
      'nat',
      '-I',
      'POSTROUTING',
      '1',
      '-s',
      `${pod.ip}/32`,
      '-d',
      pool.cidr,
      '-j',
      'SNAT',
      '--to-source',
      nodeIp,
    ]);
  }
  const pools = ctx.plan.pools.map((p) => p.cidr).join(', ');
  return `SNAT of pod ${pod.name} (${pod.ip}) to ${pod.node}'s address ${nodeIp} for traffic to ${pools}`;
}

/**
 * IPAM gives the target node the block the node `blockOf` already holds: the BlockAffinities name one block
 * twice. (The twin's addresses and routes stay as they were: only Calico's record of the blocks is wrong.)
 */
export async function sharedBlock(ctx: FaultContext): Promise<string> {
  const second = ctx.targets.node();
  const first = ctx.targets.node('blockOf');
  const moved = ctx.plan.pods.filter((p) => p.node === second.name && p.ip !== HEADLESS);
  if (moved.length > 0) {
    throw new LabgateError(
      `${second.name} runs pods (${moved.map((p) => p.name).join(', ')}); this fault is for a node that runs none`,
    );
  }
  writeIpam(
    ctx.state,
    editBlocks(readIpam(ctx.state), second.name, () => ({ cidr: first.block, state: 'confirmed' }), second.block),
  );
  return (
    `the BlockAffinity of ${second.name} now names ${first.block}, the block of ${first.name} ` +
    `(was ${second.block})`
  );
}
