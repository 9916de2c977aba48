/**
 * Builders of topology nodes beyond Kind, one module per containerlab kind, registered here: none yet. A Linux
 * router or host (linux), a ToR switch (arista_ceos, stood in for by FRR) slots in as a module whose build runs at
 * `twin up` after the Kind nodes exist; until a kind has a builder, a topology that needs it stops `twin up`.
 */
import type { TwinPlan } from '../plan.ts';
import type { ClabNodeKind } from './clab.ts';
import type { TopologyNode } from './index.ts';

export interface TopologyNodeBuilder {
  kind: ClabNodeKind;
  /** creates and configures the node's container (image, startup-config, exec lines) on the twin's network */
  build(plan: TwinPlan, node: TopologyNode): Promise<void>;
}

export const TOPOLOGY_NODE_BUILDERS: Readonly<Partial<Record<ClabNodeKind, TopologyNodeBuilder>>> = {};

/** Builds every node beyond Kind whose kind has a builder, in topology order. */
export async function buildTopologyNodes(plan: TwinPlan): Promise<void> {
  for (const node of plan.topology?.nodes ?? []) {
    const builder = node.role === 'extra' ? TOPOLOGY_NODE_BUILDERS[node.kind] : undefined;
    if (builder) await builder.build(plan, node);
  }
}
