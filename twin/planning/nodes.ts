/** The lab's Kind nodes, each with a /26 (the pool's block size) of its own from the first pool, as Calico IPAM. */
import { randomInt } from 'node:crypto';
import type { Lab } from '../shared.ts';
import type { PlannedNode, TwinPlan } from '../plan.ts';
import { cidrRange, intToIp } from './addresses.ts';

const CONTROL_PLANE_TAINT = 'node-role.kubernetes.io/control-plane';

export function planNodes(lab: Pick<Lab, 'nodes'>, pool: TwinPlan['pools'][number]): PlannedNode[] {
  // Kind taints the control-plane only when the cluster has workers to run pods
  const hasWorkers = lab.nodes.some((n) => n.role === 'worker');
  const podRange = cidrRange(pool.cidr);
  const blockLen = 2 ** (32 - pool.blockSize);
  const usedBlocks = new Set<number>();
  return lab.nodes.map((n) => {
    let block: number;
    do block = randomInt(1, podRange.size / blockLen - 1);
    while (usedBlocks.has(block));
    usedBlocks.add(block);
    return {
      name: n.name,
      role: n.role,
      block: `${intToIp(podRange.start + block * blockLen)}/${pool.blockSize}`,
      taints: n.role === 'control-plane' && hasWorkers ? [{ key: CONTROL_PLANE_TAINT, effect: 'NoSchedule' }] : [],
    };
  });
}
