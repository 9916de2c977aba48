/**
 * Faults of Calico's pools as the lab uses several: a pool's nodeSelector changed (as `kubectl patch ippool`
 * would: the API serves the new selector, the pods keep their addresses), a pod re-created with an address of
 * another pool (in a block Calico claims for its node, routed from the other nodes), a node's block affinity
 * released while its pods keep their addresses, and a disabled pool left from an earlier try.
 */
import { LabgateError } from '../shared.ts';
import { editBlocks, readIpam, writeIpam } from '../control/ipam.ts';
import { containerState } from '../dataplane/nodes.ts';
import { Ipam, podHandle } from '../ipam/index.ts';
import type { FaultContext } from './context.ts';
import { onNode } from './context.ts';
import { apiCreate } from './api.ts';
import { replanAndRestart } from './controlPlane.ts';
import { movePod } from './scheduler.ts';

/** The target pool's nodeSelector becomes the target selector, in the served IPPool and in IPAM's pools. */
export async function poolSelector(ctx: FaultContext): Promise<string> {
  const name = ctx.targets.text('pool');
  const selector = ctx.targets.text('selector');
  const obj = ctx.plan.objects.find((o) => o.kind === 'IPPool' && o.metadata.name === name);
  if (!obj) throw new LabgateError(`the twin has no IPPool ${name}`);
  const was = (obj.spec as { nodeSelector?: string }).nodeSelector;
  const objects = ctx.plan.objects.map((o) =>
    o === obj ? { ...o, spec: { ...(o.spec as object), nodeSelector: selector } } : o,
  );
  const record = readIpam(ctx.state);
  writeIpam(ctx.state, {
    ...record,
    pools: record.pools.map((p) => (p.name === name ? { ...p, nodeSelector: selector } : p)),
  });
  await replanAndRestart(ctx.state, { ...ctx.plan, objects });
  return `patched IPPool ${name}: nodeSelector ${selector} (was ${was}); the pods keep their addresses`;
}

/** The target workload's first pod re-created with an address of the target pool, in a block of its node. */
export async function podFromPool(ctx: FaultContext): Promise<string> {
  const poolName = ctx.targets.text('pool');
  const [pod] = ctx.targets.workloadPods();
  if (!pod) throw new LabgateError(`the twin has no pod of ${ctx.targets.text('workload')}`);
  const node = ctx.plan.nodes.find((n) => n.name === pod.node)!;
  const ipam = new Ipam(readIpam(ctx.state));
  ipam.releaseHandle(podHandle(pod));
  const a = ipam.autoAssign({ handle: podHandle(pod), host: pod.node, pools: [poolName] });
  ipam.confirm(pod.node);
  writeIpam(ctx.state, ipam.state);
  const moved = await movePod(ctx.plan, pod, node, a.ip);
  if (a.newBlock) {
    const via = (await containerState(pod.node)).ip;
    for (const other of ctx.plan.nodes.filter((n) => n.name !== pod.node))
      await onNode(other.name, ['ip', 'route', 'replace', a.block, 'via', via!]);
  }
  await replanAndRestart(ctx.state, { ...ctx.plan, pods: ctx.plan.pods.map((p) => (p.uid === pod.uid ? moved : p)) });
  return `re-created pod ${pod.name} on ${pod.node} with ${a.ip} from ${poolName} (was ${pod.ip}), block ${a.block}`;
}

/** The target node's block affinity released: the block has no host, its pods keep their addresses. */
export async function blockReleased(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node();
  const record = readIpam(ctx.state);
  if (!record.blocks.some((b) => b.affinity?.host === node.name && b.cidr === node.block))
    throw new LabgateError(`the IPAM state has no block ${node.block} affine to ${node.name}`);
  writeIpam(
    ctx.state,
    editBlocks(record, node.name, () => ({ affinity: null }), node.block),
  );
  return `released the affinity of ${node.name} for ${node.block}: no host holds it, its pods keep their addresses`;
}

/** Kind's default pod subnet: the pool Calico makes on a cluster created without the lab's podSubnet */
const KIND_DEFAULT_POD_SUBNET = '10.244.0.0/16';

/**
 * A pool left from an earlier try of the lab on a cluster made with Kind's default pod subnet, disabled (as Calico's
 * pool migration leaves the old pool) rather than deleted: created through the API as `kubectl create` does; no
 * node takes a block from it, no pod an address.
 */
export async function poolLeftBehind(ctx: FaultContext): Promise<string> {
  const name = ctx.targets.text('pool');
  if (ctx.plan.objects.some((o) => o.kind === 'IPPool' && o.metadata.name === name))
    throw new LabgateError(`${ctx.targets.where}.pool: the twin already has an IPPool ${name}`);
  await apiCreate(ctx.state, '/apis/crd.projectcalico.org/v1/ippools', {
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'IPPool',
    metadata: { name },
    spec: {
      cidr: KIND_DEFAULT_POD_SUBNET,
      blockSize: 26,
      ipipMode: 'Never',
      vxlanMode: 'CrossSubnet',
      natOutgoing: true,
      nodeSelector: 'all()',
      disabled: true,
    },
  });
  return `created IPPool ${name} (${KIND_DEFAULT_POD_SUBNET}, disabled), as an earlier try left it`;
}
