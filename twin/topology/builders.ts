/**
 * Builders of topology nodes beyond Kind, one module per containerlab kind, registered here: the ToR
 * (arista_ceos, ceos/build.ts) and Linux hosts and routers (linux). A builder creates its node's container
 * (`create`, before the links) and configures it once its links exist (`configure`); until a kind has a builder,
 * a topology that needs it stops `twin up`.
 */
import type { TwinPlan } from '../plan.ts';
import type { ClabNodeKind } from './clab.ts';
import { ceosBuilder } from './ceos/build.ts';
import type { TopologyNode, TwinTopology } from './index.ts';
import { linuxBuilder } from './linux.ts';

export interface TopologyNodeBuilder {
  kind: ClabNodeKind;
  /** creates the node's container on the management network */
  create(plan: TwinPlan, topology: TwinTopology, node: TopologyNode, image: string): Promise<void>;
  /** what of the node's own configuration the builder cannot build, if anything, in a few words */
  cannotBuild?(topology: TwinTopology, node: TopologyNode): string | undefined;
  /** configures it once its links are in place (startup-config, exec lines) */
  configure(plan: TwinPlan, topology: TwinTopology, node: TopologyNode): Promise<void>;
}

export const TOPOLOGY_NODE_BUILDERS: Readonly<Partial<Record<ClabNodeKind, TopologyNodeBuilder>>> = {
  arista_ceos: ceosBuilder,
  linux: linuxBuilder,
};
