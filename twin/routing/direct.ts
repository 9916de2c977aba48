/**
 * Direct routes: every block affine to another node via that node's address: its node-ip when the lab's topology
 * gives it one (its InternalIP on a fabric link, as Calico routes without encapsulation), else its address on the
 * shared network.
 */
import { claimsOf } from '../control/ipam.ts';
import type { PodRouting } from './index.ts';

export const directRouting: PodRouting = {
  name: 'direct',
  nodeScript: (plan, node, nodeIps) =>
    plan.nodes
      .filter((n) => n.name !== node)
      .flatMap((other) => {
        const blocks = claimsOf(plan.ipam)
          .filter((c) => c.node === other.name)
          .map((c) => c.cidr);
        return (blocks.length > 0 ? blocks : [other.block]).map(
          (block) =>
            `ip route replace ${block} via ${plan.topology?.nodeAddresses[other.name]?.ip ?? nodeIps.get(other.name)}`,
        );
      }),
};
