/** Direct routes: each other node's pod block via that node's address on the shared network. */
import type { PodRouting } from './index.ts';

export const directRouting: PodRouting = {
  name: 'direct',
  nodeScript: (plan, node, nodeIps) =>
    plan.nodes
      .filter((n) => n.name !== node)
      .map((other) => `ip route replace ${other.block} via ${nodeIps.get(other.name)}`),
};
