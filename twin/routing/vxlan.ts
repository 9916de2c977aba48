/**
 * Calico's VXLAN as Felix programs it for VXLANCrossSubnet, when the lab puts its nodes on addresses of their own
 * (the Kind config's node-ip on an interface the topology wires): a `vxlan.calico` device per node (VNI 4096, UDP
 * 4789, no learning, a MAC of its own, MTU 1450 on a 1500 underlay) over the node-ip, its VTEP address the first
 * address of the node's block as /32, and for every other node a permanent neighbour (VTEP -> MAC) and FDB entry
 * (MAC -> node-ip). Routes: a peer inside the node's subnet is reached on-link via its node-ip on that interface,
 * `proto 80` (Felix's); a peer across subnets through vxlan.calico via its VTEP, on-link, with a link route to
 * the VTEP; the node's own block is a `proto 80` blackhole (its pods' /32 routes win). The kernel encapsulates
 * only what crosses subnets.
 */
import { createHash } from 'node:crypto';
import { Address4 } from 'ip-address';
import type { TwinPlan } from '../plan.ts';
import type { NodeAddress } from '../topology/nodeAddresses.ts';
import type { PodRouting } from './index.ts';

export const VXLAN_DEVICE = 'vxlan.calico';
export const VXLAN_VNI = 4096;
export const VXLAN_PORT = 4789;
/** Felix's route protocol number */
export const CALICO_PROTO = 80;
/** VXLAN's IPv4 overhead, taken off the underlay's 1500 */
const VXLAN_MTU = 1450;

/** The node's VTEP: the first address of its block, as Calico's IPAM hands out the tunnel address. */
export function vtepOf(block: string): string {
  return block.split('/')[0]!;
}

/** A VTEP MAC as Felix makes one (locally administered, unicast), fixed for the twin's plan and the node. */
export function vtepMac(plan: Pick<TwinPlan, 'createdAt'>, node: string): string {
  const h = createHash('sha256').update(`vtep/${plan.createdAt}/${node}`).digest();
  return ['66', ...[...h.subarray(0, 5)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

export function sameSubnet(a: NodeAddress, b: NodeAddress): boolean {
  return new Address4(`${b.ip}/32`).isInSubnet(new Address4(`${a.ip}/${a.prefixLength}`));
}

export function usesVxlan(plan: TwinPlan): boolean {
  const addrs = plan.topology?.nodeAddresses ?? {};
  return (
    plan.pools.some((p) => /^VXLAN/.test(p.encapsulation ?? '')) &&
    plan.nodes.length > 0 &&
    plan.nodes.every((n) => addrs[n.name])
  );
}

export const vxlanRouting: PodRouting = {
  name: 'vxlan',
  nodeScript(plan, nodeName) {
    const addrs = plan.topology!.nodeAddresses;
    const me = addrs[nodeName]!;
    const node = plan.nodes.find((n) => n.name === nodeName)!;
    const crossSubnetOnly = plan.pools.some((p) => p.encapsulation === 'VXLANCrossSubnet');
    const lines = [
      `ip link add ${VXLAN_DEVICE} type vxlan id ${VXLAN_VNI} local ${me.ip} dev ${me.iface} ` +
        `dstport ${VXLAN_PORT} nolearning`,
      `ip link set ${VXLAN_DEVICE} address ${vtepMac(plan, nodeName)} mtu ${VXLAN_MTU}`,
      `ip addr add ${vtepOf(node.block)}/32 dev ${VXLAN_DEVICE}`,
      `ip link set ${VXLAN_DEVICE} up`,
      `ip route replace blackhole ${node.block} proto ${CALICO_PROTO}`,
    ];
    for (const other of plan.nodes.filter((n) => n.name !== nodeName)) {
      const peer = addrs[other.name]!;
      const vtep = vtepOf(other.block);
      const mac = vtepMac(plan, other.name);
      lines.push(
        `ip neigh replace ${vtep} lladdr ${mac} dev ${VXLAN_DEVICE} nud permanent`,
        `bridge fdb replace ${mac} dev ${VXLAN_DEVICE} dst ${peer.ip} self permanent`,
      );
      if (crossSubnetOnly && sameSubnet(me, peer)) {
        lines.push(`ip route replace ${other.block} via ${peer.ip} dev ${me.iface} proto ${CALICO_PROTO} onlink`);
      } else {
        lines.push(
          `ip route replace ${vtep} dev ${VXLAN_DEVICE} scope link`,
          `ip route replace ${other.block} via ${vtep} dev ${VXLAN_DEVICE} onlink`,
        );
      }
    }
    return lines;
  },
};
