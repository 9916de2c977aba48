/**
 * Faults in the fabric a containerlab topology builds: the ToR's port to a node moved into another VLAN, and
 * Calico's VXLAN programming broken on a node (a peer's FDB entry gone, a same-subnet peer's block sent through
 * vxlan.calico, the node's own blackhole gone). Each goes through the real bridges, FDB and routes.
 */
import { LabgateError } from '../shared.ts';
import { vtepMac, vtepOf, VXLAN_DEVICE } from '../routing/vxlan.ts';
import { clabContainerName } from '../topology/containers.ts';
import { onNode, type FaultContext } from './context.ts';

function topology(ctx: FaultContext) {
  const t = ctx.plan.topology;
  if (!t) throw new LabgateError(`the twin of ${ctx.lab} has no containerlab topology`);
  return t;
}

/** The ToR port wired to the target node moves from its VLAN's bridge into another VLAN's. */
export async function torPortWrongVlan(ctx: FaultContext): Promise<string> {
  const { node, tor, port, bridge } = await torSide(ctx);
  const bridges = (await onNode(tor, ['ip', '-o', 'link', 'show', 'type', 'bridge'])).stdout
    .split('\n')
    .map((l) => l.split(':')[1]?.trim())
    .filter((b): b is string => Boolean(b) && b !== bridge);
  if (!bridges[0]) throw new LabgateError(`${tor} has no other VLAN to move ${port} into`);
  await onNode(tor, ['ip', 'link', 'set', port, 'master', bridges[0]]);
  return `moved ${tor}'s ${port} (to ${node.name}) from ${bridge} into ${bridges[0]}`;
}

/** On the target node, the FDB entry that sends the `blockOf` node's VTEP MAC to its underlay address is deleted. */
export async function vxlanFdbMissing(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node();
  const peer = ctx.targets.node('blockOf');
  const mac = vtepMac(ctx.plan, peer.name);
  await onNode(node.name, ['bridge', 'fdb', 'del', mac, 'dev', VXLAN_DEVICE, 'self']);
  return `deleted the FDB entry of ${peer.name}'s VTEP MAC ${mac} on ${node.name}`;
}

/** On the target node, the `blockOf` node's block (same subnet) is routed through vxlan.calico instead of on-link. */
export async function vxlanInsideSubnet(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node();
  const peer = ctx.targets.node('blockOf');
  const vtep = vtepOf(peer.block);
  await onNode(node.name, ['ip', 'route', 'replace', vtep, 'dev', VXLAN_DEVICE, 'scope', 'link']);
  await onNode(node.name, ['ip', 'route', 'replace', peer.block, 'via', vtep, 'dev', VXLAN_DEVICE, 'onlink']);
  return `routed ${peer.name}'s block ${peer.block} through ${VXLAN_DEVICE} on ${node.name}`;
}

/** The target node's blackhole for its own block is deleted. */
export async function blackholeMissing(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node();
  await onNode(node.name, ['ip', 'route', 'del', 'blackhole', node.block]);
  return `deleted the blackhole route of ${node.name}'s own block ${node.block}`;
}

/** The ToR interface of the target node's link: the ToR's container, its port, and the VLAN bridge it is in. */
async function torSide(ctx: FaultContext) {
  const node = ctx.targets.node();
  const t = topology(ctx);
  const tors = new Set(t.nodes.filter((n) => n.kind === 'arista_ceos').map((n) => n.name));
  const link = t.links.find(
    (l) => (l.a.node === node.name && tors.has(l.b.node)) || (l.b.node === node.name && tors.has(l.a.node)),
  );
  if (!link) throw new LabgateError(`no link joins ${node.name} to a ToR in ${t.file}`);
  const port = link.a.node === node.name ? link.b : link.a;
  const tor = clabContainerName(t, port.node);
  const uevent = (await onNode(tor, ['cat', `/sys/class/net/${port.iface}/master/uevent`])).stdout;
  const bridge = /INTERFACE=(\S+)/.exec(uevent)?.[1];
  if (!bridge) throw new LabgateError(`${tor}'s ${port.iface} is in no VLAN`);
  return { node, tor, port: port.iface, bridge };
}

/** The SVI of the target node's VLAN on the ToR set to a jumbo MTU (9000), as `interface VlanN` / `mtu 9000`. */
export async function sviMtuChanged(ctx: FaultContext): Promise<string> {
  const { tor, bridge } = await torSide(ctx);
  await onNode(tor, ['ip', 'link', 'set', bridge, 'mtu', '9000']);
  return `set ${tor}'s SVI ${bridge} to MTU 9000`;
}

/** A default route on the ToR via the target node's address: a gateway of last resort the lab does not have. */
export async function torDefaultRoute(ctx: FaultContext): Promise<string> {
  const { tor, bridge } = await torSide(ctx);
  const ip = topology(ctx).nodeAddresses[ctx.targets.node().name]?.ip;
  if (!ip) throw new LabgateError(`${ctx.targets.node().name} has no node-ip in the topology`);
  await onNode(tor, ['ip', 'route', 'replace', 'default', 'via', ip, 'dev', bridge]);
  return `added a default route via ${ip} on ${tor}`;
}

/** The target node's vxlan.calico at MTU 1500, as if Calico had not taken VXLAN's overhead off. */
export async function vtepMtuWrong(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node();
  await onNode(node.name, ['ip', 'link', 'set', VXLAN_DEVICE, 'mtu', '1500']);
  return `set ${VXLAN_DEVICE} on ${node.name} to MTU 1500`;
}
