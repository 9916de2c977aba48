/**
 * Faults in the pod network Calico programs (labs 01-03): a pod's host route, its veth's MTU and MAC, NAT
 * between pods, and a block that IPAM hands to two nodes. Each goes through the node's real dataplane (or, for
 * IPAM, through the IPAM record the API serves from), so the gate sees it the way it would see a broken Calico.
 */
import { LabgateError } from '../shared.ts';
import { HEADLESS, type PlannedPod, type TwinPlan } from '../plan.ts';
import { netnsName, vethName } from '../dataplane/pods.ts';
import { firstWorker, onNode, workers, type FaultContext } from './context.ts';
import { readIpam, writeIpam } from '../control/ipam.ts';
import { containerState } from '../dataplane/nodes.ts';

/** Namespaces of the cluster's own pods (DNS): the faults break the lab's pods, not those. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'calico-system', 'tigera-operator']);
/** A locally administered MAC, as a veth made by hand (not by Calico's CNI plugin) would get. */
const WRONG_MAC = '02:42:ac:1d:63:02';
/** Docker's MTU: the pod's eth0 as if Calico had not taken the encapsulation overhead off. */
const WRONG_MTU = 1500;

function labPods(plan: TwinPlan): PlannedPod[] {
  return plan.pods.filter((p) => !SYSTEM_NAMESPACES.has(p.namespace));
}

/**
 * The pod a single-pod fault breaks: the lab's first pod on the last worker (the far end of the labs' cross-node
 * traffic), else the lab's first pod anywhere (a lab with one test pod).
 */
export function targetPod(plan: TwinPlan): PlannedPod {
  const last = workers(plan).at(-1);
  const pod = labPods(plan).find((p) => p.node === last?.name) ?? labPods(plan)[0];
  if (!pod) throw new LabgateError('the twin has no pod of the lab to break');
  return pod;
}

export async function deletePodHostRoute(ctx: FaultContext): Promise<string> {
  const pod = targetPod(ctx.plan);
  const route = (await onNode(pod.node, ['ip', '-4', 'route', 'show', `${pod.ip}/32`])).stdout.trim();
  if (!route)
    throw new LabgateError(`${pod.node} has no /32 route to pod ${pod.name}`, 'run `labgate twin fault --reset`');
  await onNode(pod.node, ['ip', 'route', 'del', `${pod.ip}/32`]);
  return `deleted the host route "${route}" to pod ${pod.name} (${pod.ip}) on ${pod.node}`;
}

export async function wrongPodMtu(ctx: FaultContext): Promise<string> {
  const pod = targetPod(ctx.plan);
  await onNode(pod.node, ['ip', '-n', netnsName(pod), 'link', 'set', 'eth0', 'mtu', String(WRONG_MTU)]);
  return `set eth0 of pod ${pod.name} on ${pod.node} to MTU ${WRONG_MTU} (its veth's node end keeps ${ctx.plan.podMtu})`;
}

export async function wrongVethMac(ctx: FaultContext): Promise<string> {
  const pod = targetPod(ctx.plan);
  await onNode(pod.node, ['ip', 'link', 'set', vethName(pod), 'address', WRONG_MAC]);
  return `set the MAC of ${vethName(pod)} (pod ${pod.name}'s veth on ${pod.node}) to ${WRONG_MAC}`;
}

/**
 * The lab's first pod on worker 1 is masqueraded behind its node for traffic to any pod: pings still work,
 * but every other pod sees the node's address instead of the pod's.
 */
export async function natBetweenPods(ctx: FaultContext): Promise<string> {
  const node = firstWorker(ctx.plan);
  const pod = labPods(ctx.plan).find((p) => p.node === node.name);
  if (!pod) throw new LabgateError(`the twin has no pod of the lab on ${node.name}`);
  const nodeIp = (await containerState(node.name)).ip;
  if (!nodeIp) throw new LabgateError(`could not find ${node.name}'s own address`);
  for (const pool of ctx.plan.pools) {
    await onNode(node.name, [
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
  return `SNAT of pod ${pod.name} (${pod.ip}) to ${node.name}'s address ${nodeIp} for traffic to ${ctx.plan.pools.map((p) => p.cidr).join(', ')}`;
}

/**
 * IPAM gives worker 2 the block worker 1 already holds: the BlockAffinities name one block twice. (The twin's
 * addresses and routes stay as they were: only Calico's record of the blocks is wrong.)
 */
export async function sharedBlock(ctx: FaultContext): Promise<string> {
  const [first, second] = workers(ctx.plan);
  if (!first || !second) throw new LabgateError('this fault needs two workers');
  const moved = ctx.plan.pods.filter((p) => p.node === second.name && p.ip !== HEADLESS);
  if (moved.length > 0)
    throw new LabgateError(
      `worker 2 (${second.name}) runs pods (${moved.map((p) => p.name).join(', ')}); this fault is for a lab whose worker 2 has none`,
    );
  const record = readIpam(ctx.state);
  const claims = record.claims.map((c) =>
    c.node === second.name ? { ...c, cidr: first.block, state: 'confirmed' as const } : c,
  );
  writeIpam(ctx.state, { claims });
  return `the BlockAffinity of ${second.name} now names ${first.block}, the block of ${first.name} (was ${second.block})`;
}
