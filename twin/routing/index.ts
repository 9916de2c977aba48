/**
 * How pod traffic between nodes is routed: one module per way, behind one interface. Nodes on one Docker network
 * are routed directly (each node's block via that node's address, as Calico does on one L2 segment without
 * encapsulation); nodes the lab puts on subnets of their own (a node-ip on a topology link) get Calico's VXLAN
 * (vxlan.ts). BGP (routes learnt from a speaker) slots in beside them.
 */
import type { TwinPlan } from '../plan.ts';
import { directRouting } from './direct.ts';
import { usesVxlan, vxlanRouting } from './vxlan.ts';

export interface PodRouting {
  name: string;
  /** shell lines, run on `node` at setup, that route the other nodes' pod blocks */
  nodeScript(plan: TwinPlan, node: string, nodeIps: ReadonlyMap<string, string>): string[];
}

export const POD_ROUTINGS: readonly PodRouting[] = [directRouting, vxlanRouting];

/** The routing the twin of `plan` uses. */
export function routingOf(plan: TwinPlan): PodRouting {
  return usesVxlan(plan) ? vxlanRouting : directRouting;
}
