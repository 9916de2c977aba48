/**
 * Faults in secondary networks (Multus, macvlan, whereabouts): a pod's net1 gone, a pod's net1 given the address
 * another pod of its workload holds, a pod's net1 rebuilt on the node's other link (another VLAN), and the ToR's
 * ports to a node learning no MAC. Each goes through the real pod namespaces, macvlan links and bridges.
 */
import { LabgateError } from '../shared.ts';
import { netnsName } from '../pods/paths.ts';
import type { PlannedPod } from '../plan.ts';
import { clabContainerName } from '../topology/containers.ts';
import { onNode, type FaultContext } from './context.ts';

function attachedPod(ctx: FaultContext): PlannedPod & { attachments: NonNullable<PlannedPod['attachments']> } {
  const pod = ctx.targets.pod();
  if (!pod.attachments?.length)
    throw new LabgateError(`pod ${pod.namespace}/${pod.name} of the twin of ${ctx.lab} has no secondary interface`);
  return pod as PlannedPod & { attachments: NonNullable<PlannedPod['attachments']> };
}

/** The target pod's first secondary interface (net1) deleted, as if Multus had never called its plugin. */
export async function secondaryInterfaceMissing(ctx: FaultContext): Promise<string> {
  const pod = attachedPod(ctx);
  const a = pod.attachments[0]!;
  await onNode(pod.node, ['ip', '-n', netnsName(pod), 'link', 'del', a.ifname]);
  return `deleted ${a.ifname} in pod ${pod.name} on ${pod.node}`;
}

/**
 * The target pod's net1 re-addressed with the address of the lowest-addressed other pod of its workload on the same
 * network, as an IPAM that forgot an allocation would. Its net1 answers no ARP, so the address's first holder keeps
 * its traffic: what breaks is the uniqueness the lab promises, not the pings.
 */
export async function secondaryAddressDuplicated(ctx: FaultContext): Promise<string> {
  const pod = attachedPod(ctx);
  const a = pod.attachments[0]!;
  const sibling = ctx.plan.pods
    .filter((p) => p !== pod && p.owner?.uid === pod.owner?.uid && p.attachments?.[0]?.network === a.network)
    .map((p) => ({ pod: p, ip: p.attachments![0]!.ip }))
    .sort((x, y) => x.ip.localeCompare(y.ip, 'en', { numeric: true }))[0];
  if (!sibling) throw new LabgateError(`pod ${pod.name} has no other pod of its workload on ${a.network}`);
  const ns = netnsName(pod);
  await onNode(pod.node, ['ip', '-n', ns, 'link', 'set', a.ifname, 'arp', 'off']);
  await onNode(pod.node, ['ip', '-n', ns, 'addr', 'flush', 'dev', a.ifname]);
  await onNode(pod.node, ['ip', '-n', ns, 'addr', 'add', `${sibling.ip}/${a.prefix}`, 'dev', a.ifname]);
  return `gave pod ${pod.name}'s ${a.ifname} the address ${sibling.ip} of pod ${sibling.pod.name}`;
}

/**
 * The target pod's net1 rebuilt, same address, as a macvlan on the node's other link to the ToR (eth1, another
 * VLAN) instead of the definition's master.
 */
export async function secondaryWrongParent(ctx: FaultContext): Promise<string> {
  const pod = attachedPod(ctx);
  const a = pod.attachments[0]!;
  const t = ctx.plan.topology;
  const other = t?.links
    .flatMap((l) => [l.a, l.b])
    .find((e) => e.node === pod.node && e.iface !== a.master && /^eth[1-9]/.test(e.iface))?.iface;
  if (!other) throw new LabgateError(`${pod.node} has no link besides ${a.master} in the twin of ${ctx.lab}`);
  const ns = netnsName(pod);
  const tmp = `mvf${pod.uid.replace(/-/g, '').slice(0, 10)}`;
  const script = [
    `ip -n ${ns} link del ${a.ifname}`,
    `ip link add link ${other} name ${tmp} type macvlan mode ${a.mode}`,
    `ip link set ${tmp} netns ${ns}`,
    `ip -n ${ns} link set ${tmp} name ${a.ifname}`,
    `ip -n ${ns} addr add ${a.ip}/${a.prefix} dev ${a.ifname}`,
    `ip -n ${ns} link set ${a.ifname} up`,
  ].join(' && ');
  await onNode(pod.node, ['sh', '-c', script]);
  return `rebuilt pod ${pod.name}'s ${a.ifname} on ${pod.node}'s ${other} instead of ${a.master}`;
}

/** Every ToR port linked to the target node stops learning MACs, its learned entries flushed. */
export async function torLearnsNoMac(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node();
  const t = ctx.plan.topology;
  if (!t) throw new LabgateError(`the twin of ${ctx.lab} has no containerlab topology`);
  const tors = new Set(t.nodes.filter((n) => n.kind === 'arista_ceos').map((n) => n.name));
  const ports = t.links.flatMap((l) =>
    l.a.node === node.name && tors.has(l.b.node) ? [l.b] : l.b.node === node.name && tors.has(l.a.node) ? [l.a] : [],
  );
  if (ports.length === 0) throw new LabgateError(`no link joins ${node.name} to a ToR in ${t.file}`);
  for (const p of ports) {
    const tor = clabContainerName(t, p.node);
    await onNode(tor, ['ip', 'link', 'set', 'dev', p.iface, 'type', 'bridge_slave', 'learning', 'off', 'fdb_flush']);
  }
  return `turned MAC learning off on the ToR's ${ports.map((p) => p.iface).join(', ')} (to ${node.name})`;
}
