/**
 * Faults in secondary networks (Multus, macvlan, whereabouts): a pod's net1 gone, a pod's net1 given the address
 * another pod of its workload holds, a pod's net1 rebuilt on the node's other link (another VLAN), the ToR's
 * ports to a node learning no MAC, a node's macvlan parent down, Multus' config renamed after Calico's, the
 * plugin binary gone from a node, and the definition's mode edited. Each goes through the real pod namespaces,
 * macvlan links, bridges, node files or the API's stored object.
 */
import { LabgateError } from '../shared.ts';
import { netnsName } from '../pods/paths.ts';
import type { PlannedPod } from '../plan.ts';
import { clabContainerName } from '../topology/containers.ts';
import { onNode, type FaultContext } from './context.ts';
import { replanAndRestart } from './controlPlane.ts';
import { CNI_BIN, MULTUS_CONF } from '../cni/install.ts';
import { NAD_KIND } from '../cni/multus.ts';

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

/** The first attachment of any pod on the target node: its network's master, plugin type and mode. */
function nodeAttachment(ctx: FaultContext) {
  const node = ctx.targets.node();
  const a = ctx.plan.pods.find((p) => p.node === node.name && p.attachments?.length)?.attachments?.[0];
  if (!a) throw new LabgateError(`no pod of ${node.name} has a secondary interface in the twin of ${ctx.lab}`);
  return { node, a };
}

/** The target node's macvlan parent (its pods' network's master) set down. */
export async function parentLinkDown(ctx: FaultContext): Promise<string> {
  const { node, a } = nodeAttachment(ctx);
  await onNode(node.name, ['ip', 'link', 'set', a.master, 'down']);
  return `set ${node.name}'s ${a.master} down`;
}

/** On the target node, Multus' config renamed to sort after Calico's: kubelet would call Calico alone. */
export async function cniConfigRenamed(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node();
  const renamed = MULTUS_CONF.replace(/\/00-([^/]+)$/, '/99-$1');
  await onNode(node.name, ['mv', MULTUS_CONF, renamed]);
  return `renamed ${MULTUS_CONF} to ${renamed} on ${node.name}`;
}

/** On the target node, the plugin binary its pods' network names (macvlan) removed from the CNI folder. */
export async function cniPluginRemoved(ctx: FaultContext): Promise<string> {
  const { node, a } = nodeAttachment(ctx);
  await onNode(node.name, ['rm', '-f', `${CNI_BIN}/${a.type}`]);
  return `removed ${CNI_BIN}/${a.type} on ${node.name}`;
}

/** The first NetworkAttachmentDefinition's mode edited (bridge to vepa, else to bridge); pods keep their net1. */
export async function attachmentModeChanged(ctx: FaultContext): Promise<string> {
  const nad = ctx.plan.objects.find((o) => o.kind === NAD_KIND);
  if (!nad) throw new LabgateError(`the twin of ${ctx.lab} has no NetworkAttachmentDefinition`);
  const spec = (nad as { spec?: { config?: string } }).spec ?? {};
  const config = JSON.parse(spec.config ?? '{}') as { mode?: string };
  const was = config.mode ?? 'bridge';
  config.mode = was === 'bridge' ? 'vepa' : 'bridge';
  const edited = { ...nad, spec: { ...spec, config: JSON.stringify(config, null, 2) } };
  await replanAndRestart(ctx.state, { ...ctx.plan, objects: ctx.plan.objects.map((o) => (o === nad ? edited : o)) });
  return `${nad.metadata.name}'s mode now says ${config.mode} (was ${was}); the pods keep their net1`;
}
