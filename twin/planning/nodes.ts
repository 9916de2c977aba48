/**
 * The lab's Kind nodes with the labels Kind gives them, each with its first block claimed through Calico IPAM as
 * calico-node claims it at start: the node's tunnel device takes the first address of a new block of a pool with
 * its encapsulation; with no encapsulated pool, the twin claims the node a block of the pools it selects.
 */
import type { Lab } from '../shared.ts';
import type { NodeRole, PlannedNode } from '../plan.ts';
import { type Ipam, IpamError } from '../ipam/index.ts';
import { LabgateError } from '../shared.ts';

const CONTROL_PLANE_TAINT = 'node-role.kubernetes.io/control-plane';

/** The labels Kind gives a node (the ones nodeSelectors see). */
export function nodeLabels(node: { name: string; role: NodeRole }): Record<string, string> {
  return {
    'kubernetes.io/hostname': node.name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    ...(node.role === 'control-plane' ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
  };
}

/** calico-node's handle for a node's tunnel address. */
export function tunnelHandle(tunnel: 'VXLAN' | 'IPIP', node: string): string {
  return `${tunnel.toLowerCase()}-tunnel-addr-${node}`;
}

function firstBlock(ipam: Ipam, name: string, labels: Record<string, string>): string {
  for (const tunnel of ['VXLAN', 'IPIP'] as const) {
    if (!ipam.state.pools.some((p) => p.tunnel === tunnel && !p.disabled)) continue;
    try {
      return ipam.autoAssign({
        handle: tunnelHandle(tunnel, name),
        host: name,
        hostLabels: labels,
        use: 'Tunnel',
        tunnel,
      }).block;
    } catch (err) {
      if (!(err instanceof IpamError) || err.code !== 'no-pool') throw err;
    }
  }
  return ipam.claimBlock({ host: name, hostLabels: labels });
}

export function planNodes(lab: Pick<Lab, 'name' | 'nodes'>, ipam: Ipam): PlannedNode[] {
  // Kind taints the control-plane only when the cluster has workers to run pods
  const hasWorkers = lab.nodes.some((n) => n.role === 'worker');
  return lab.nodes.map((n) => {
    let block: string;
    try {
      block = firstBlock(ipam, n.name, nodeLabels(n));
    } catch (err) {
      if (err instanceof IpamError) throw new LabgateError(`the twin of ${lab.name}: node ${n.name}: ${err.message}`);
      throw err;
    }
    return {
      name: n.name,
      role: n.role,
      block,
      taints: n.role === 'control-plane' && hasWorkers ? [{ key: CONTROL_PLANE_TAINT, effect: 'NoSchedule' }] : [],
    };
  });
}
