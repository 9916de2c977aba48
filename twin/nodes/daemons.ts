/**
 * Daemons that run on a node itself (not in a pod), one module per kind, registered in NODE_DAEMON_KINDS: Calico's
 * DSCP marking (dscp.ts, Felix's mangle rules for annotated pods). A BGP speaker (BIRD, as calico-node runs it)
 * slots in here (WireGuard is started and stopped at run time by the control plane, twin/control/wireguard.ts, as
 * Felix does when the FelixConfiguration changes); the node setup runs the setup script of every kind that applies
 * to the node, after its routes and pods.
 */
import type { PlannedNode, TwinPlan } from '../plan.ts';
import { dscpMarking } from './dscp.ts';

export interface NodeDaemonKind {
  name: string;
  /** whether the lab's twin runs this daemon on `node` */
  runsOn(plan: TwinPlan, node: PlannedNode): boolean;
  /** shell lines that configure and start the daemon on the node */
  setupScript(plan: TwinPlan, node: PlannedNode): string;
}

export const NODE_DAEMON_KINDS: readonly NodeDaemonKind[] = [dscpMarking];

/** The daemons' setup scripts for `node`, in table order. */
export function nodeDaemonScripts(plan: TwinPlan, node: PlannedNode): string[] {
  return NODE_DAEMON_KINDS.filter((d) => d.runsOn(plan, node)).map((d) => d.setupScript(plan, node));
}
