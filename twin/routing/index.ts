/**
 * How pod traffic between nodes is routed: one module per way, behind one interface. Today the twin routes
 * directly (each node's block via that node's address, as Calico does on one L2 segment without encapsulation);
 * VXLAN (a vxlan.calico device per node) and BGP (routes learnt from a speaker) slot in beside it.
 */
import type { TwinPlan } from '../plan.ts';
import { directRouting } from './direct.ts';

export interface PodRouting {
  name: string;
  /** shell lines, run on `node` at setup, that route the other nodes' pod blocks */
  nodeScript(plan: TwinPlan, node: string, nodeIps: ReadonlyMap<string, string>): string[];
}

export const POD_ROUTINGS: readonly PodRouting[] = [directRouting];

/** The routing the twin of `plan` uses. */
export function routingOf(_plan: TwinPlan): PodRouting {
  return directRouting;
}
