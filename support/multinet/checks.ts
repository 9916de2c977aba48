/**
 * Checks of secondary networks: the definition as the lab writes it, a pod's net1 (a macvlan of its own, an address
 * from the range), addresses unique across pods, the pod's routes, the node's parent, the ToR's view (MAC learned
 * on the parent's port, ARP on the SVI) and pings on the VLAN. Pure: readings in, a Finding out.
 */
import { finding, type Evidence, type Finding } from '../floor/finding.ts';
import type { Interface, Route } from '../podnet/model.ts';
import type { PingRun } from '../podnet/ping.ts';
import { replyTtls } from '../podnet/ping.ts';
import type { RouterState } from '../routers/model.ts';
import { fullInterfaceName } from '../routers/names.ts';
import { inRange, onSubnet, type Attachment } from './model.ts';

export interface AttachedPod {
  namespace: string;
  name: string;
  node: string;
  /** the pod's primary address (eth0) */
  ip: string;
  interfaces: Interface[];
}

function label(p: Pick<AttachedPod, 'namespace' | 'name'>): string {
  return p.namespace === 'default' ? p.name : `${p.namespace}/${p.name}`;
}

function exec(p: Pick<AttachedPod, 'namespace' | 'name'>, command: string): string {
  return `kubectl exec ${p.namespace === 'default' ? '' : `-n ${p.namespace} `}${p.name} -- ${command}`;
}

/** The pod's address on an interface (IPv4), if any. */
export function addressOn(pod: AttachedPod, ifname: string): { ip: string; prefix: number } | undefined {
  const a = pod.interfaces.find((i) => i.ifname === ifname)?.addresses.find((x) => x.family === 'inet');
  return a ? { ip: a.local, prefix: a.prefixlen } : undefined;
}

export function macOn(pod: AttachedPod, ifname: string): string | undefined {
  return pod.interfaces.find((i) => i.ifname === ifname)?.mac?.toLowerCase();
}

/** The definition's fields as the lab's table names them. */
export function attachmentFields(a: Attachment): Record<string, string> {
  return {
    type: a.type,
    master: a.master ?? '',
    mode: a.mode ?? '',
    ipam: a.ipam.type ?? '',
    range: a.ipam.range ?? '',
    gateway: a.ipam.gateway ?? '',
  };
}

export function definitionIs(
  a: Attachment,
  expected: Record<string, string>,
  evidence: Evidence[],
): Finding<Record<string, string>> {
  const all = attachmentFields(a);
  const observed = Object.fromEntries(Object.keys(expected).map((k) => [k, all[k] ?? '']));
  const wrong = Object.keys(expected).filter((k) => observed[k] !== expected[k]);
  return finding(
    expected,
    observed,
    `The lab's NetworkAttachmentDefinition ${a.network} configures ` +
      `${Object.entries(expected)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; ` +
      (wrong.length ? wrong.map((k) => `its ${k} is "${observed[k]}"`).join(', ') : 'it does') +
      `. Check \`kubectl get network-attachment-definitions -n ${a.network.split('/')[0]} ` +
      `${a.network.split('/')[1]} -o yaml\`.`,
    evidence,
  );
}

/**
 * A pod attached to the definition: eth0 keeps its pod address as a /32, net1 is a macvlan with an address from
 * the range on the range's prefix, and its MAC is its own (neither eth0's nor its parent's on the node).
 */
export function podAttached(
  pod: AttachedPod,
  a: Attachment,
  ifname: string,
  parent: { ifname: string; mac?: string; ifindex?: number },
  evidence: Evidence[],
): Finding<string[]> {
  const parentMac = parent.mac;
  const expected = [
    `eth0 ${pod.ip}/32`,
    `${ifname} macvlan on ${parent.ifname}`,
    `${ifname} address from ${a.ipam.range}`,
    `${ifname} prefix /${a.ipam.prefix}`,
    `${ifname} MAC of its own`,
  ];
  const eth0 = addressOn(pod, 'eth0');
  const net = pod.interfaces.find((i) => i.ifname === ifname);
  const addr = addressOn(pod, ifname);
  const mac = macOn(pod, ifname);
  const ownMac = mac !== undefined && mac !== macOn(pod, 'eth0') && mac !== parentMac?.toLowerCase();
  const observed = [
    eth0 ? `eth0 ${eth0.ip}/${eth0.prefix}` : 'eth0 without an IPv4 address',
    net
      ? `${ifname} ${net.kind ?? 'of unknown kind'} on ` +
        (net.peerIfindex !== undefined && net.peerIfindex === parent.ifindex
          ? parent.ifname
          : `the node's link ${net.peerIfindex ?? 'unknown'} (${parent.ifname} is ${parent.ifindex ?? 'unknown'})`)
      : `no ${ifname}`,
    addr && inRange(a, addr.ip) ? `${ifname} address from ${a.ipam.range}` : `${ifname} address ${addr?.ip ?? 'none'}`,
    addr ? `${ifname} prefix /${addr.prefix}` : `${ifname} prefix none`,
    ownMac ? `${ifname} MAC of its own` : `${ifname} MAC ${mac ?? 'none'} (parent's ${parentMac ?? 'unknown'})`,
  ];
  const wrong = observed.filter((o, i) => o !== expected[i]);
  return finding(
    expected,
    observed,
    `The lab promises that pod ${label(pod)} on ${pod.node} has its Calico eth0 (${pod.ip}/32) and, from ` +
      `${a.network}, a macvlan ${ifname} on ${a.master ?? 'its master'} with an address from ${a.ipam.range} ` +
      'and a MAC ' +
      `of its own; it has ${wrong.length ? wrong.join(', ') : 'them'}. Check \`${exec(pod, 'ip -d addr show')}\`.`,
    evidence,
  );
}

/** whereabouts hands out the lowest free address: the first pod attached holds the range's first address. */
export function holdsFirstAddress(
  pod: AttachedPod,
  a: Attachment,
  ifname: string,
  evidence: Evidence[],
): Finding<string> {
  const observed = addressOn(pod, ifname)?.ip ?? 'none';
  return finding(
    a.ipam.first ?? '',
    observed,
    `The lab shows pod ${label(pod)}, the first attached to ${a.network}, at ${a.ipam.first} on ${ifname}, the ` +
      `first address of ${a.ipam.range}; its ${ifname} holds ${observed}. ` +
      `Check \`${exec(pod, `ip addr show ${ifname}`)}\`.`,
    evidence,
  );
}

/** No two pods attached to the definition hold the same address (whereabouts allocates cluster-wide). */
export function distinctAddresses(
  pods: AttachedPod[],
  a: Attachment,
  ifname: string,
  evidence: Evidence[],
): Finding<string[]> {
  const held = pods.map((p) => ({ pod: label(p), ip: addressOn(p, ifname)?.ip ?? 'none' }));
  const shared = held.filter((h) => h.ip !== 'none' && held.filter((o) => o.ip === h.ip).length > 1);
  return finding(
    [],
    shared.map((h) => `${h.pod} ${h.ip}`),
    `The lab promises that whereabouts gives each pod attached to ${a.network} its own address, cluster-wide; ` +
      (shared.length
        ? `${shared.map((h) => `${h.pod} holds ${h.ip}`).join(', ')}`
        : `the ${held.length} pods hold ${held.map((h) => h.ip).join(', ')}`) +
      `. Check \`kubectl exec <pod> -- ip addr show ${ifname}\` in each.`,
    evidence,
  );
}

/** Calico's default route stays on eth0; the definition's subnet is on net1, the kernel's route from its address. */
export function podRoutesSplit(
  pod: AttachedPod,
  routes: Route[],
  a: Attachment,
  ifname: string,
  evidence: Evidence[],
): Finding<string[]> {
  const src = addressOn(pod, ifname)?.ip ?? 'none';
  const expected = [
    `default via 169.254.1.1 dev eth0`,
    `${a.ipam.subnet} dev ${ifname} proto kernel scope link src ${src}`,
  ];
  const def = routes.find((r) => r.cidr === '0.0.0.0/0');
  const sub = routes.find((r) => r.cidr === a.ipam.subnet);
  const observed = [
    def ? `default via ${def.gateway ?? '-'} dev ${def.dev ?? '-'}` : 'no default route',
    sub
      ? `${sub.cidr} dev ${sub.dev ?? '-'} proto ${sub.protocol ?? '-'} scope ${sub.scope ?? '-'} ` +
        `src ${sub.prefsrc ?? '-'}`
      : `no route to ${a.ipam.subnet}`,
  ];
  return finding(
    expected,
    observed,
    `The lab promises that pod ${label(pod)} keeps Calico's default route (default via 169.254.1.1 dev eth0) and ` +
      `reaches ${a.ipam.subnet} on ${ifname} (${expected[1]}); it has ${observed.join(' and ')}. ` +
      `Check \`${exec(pod, 'ip route show')}\`.`,
    evidence,
  );
}

/** Every node's parent interface is up (`<...,UP,LOWER_UP>`). */
export function parentsUp(
  nodes: { node: string; links: { ifname: string; flags: string[] }[] }[],
  ifname: string,
  evidence: Evidence[],
): Finding<string[]> {
  const expected = nodes.map((n) => `${n.node} ${ifname} UP,LOWER_UP`);
  const observed = nodes.map((n) => {
    const l = n.links.find((x) => x.ifname === ifname);
    if (!l) return `${n.node} has no ${ifname}`;
    return l.flags.includes('UP') && l.flags.includes('LOWER_UP')
      ? `${n.node} ${ifname} UP,LOWER_UP`
      : `${n.node} ${ifname} ${l.flags.join(',')}`;
  });
  return finding(
    expected,
    observed,
    `The lab promises that ${ifname} is up on every node, ready to be the macvlan parent; ` +
      `${observed.filter((o, i) => o !== expected[i]).join(', ') || 'it is'}. ` +
      `Check \`docker exec <node> ip link show ${ifname}\`.`,
    evidence,
  );
}

/** The ToR learned the pod's net1 MAC in the VLAN, on the port its node's parent is linked to. */
export function torLearnedMac(
  state: RouterState,
  vlan: number,
  mac: string,
  port: string,
  pod: string,
  evidence: Evidence[],
): Finding<string[]> {
  const entries = state.macTable.filter((e) => e.mac.toLowerCase() === mac.toLowerCase());
  const observed = entries.map((e) => `vlan ${e.vlan} ${e.ports.map(fullInterfaceName).join(',')}`);
  const expected = [`vlan ${vlan} ${fullInterfaceName(port)}`];
  return finding(
    expected,
    observed,
    `The lab promises that the ToR learns pod ${pod}'s net1 MAC ${mac} in VLAN ${vlan} ` +
      `on ${fullInterfaceName(port)}, ` +
      `the port of its node's parent; ` +
      (observed.length ? `it has it at ${observed.join('; ')}` : `its MAC table has no entry for ${mac}`) +
      `. Check \`show mac address-table vlan ${vlan}\`.`,
    evidence,
  );
}

/** The ToR resolved the pod's net1 address to its net1 MAC on the SVI. */
export function torArpEntry(
  state: RouterState,
  ip: string,
  mac: string,
  svi: string,
  pod: string,
  evidence: Evidence[],
): Finding<string[]> {
  const observed = state.arp
    .filter((e) => e.address === ip)
    .map((e) => `${e.mac.toLowerCase()} on ${e.interfaces[0] ?? '-'}`);
  const expected = [`${mac.toLowerCase()} on ${svi}`];
  return finding(
    expected,
    observed,
    `The lab promises that the ToR's ARP table maps pod ${pod}'s net1 address ${ip} to its MAC ${mac} on ${svi}; ` +
      (observed.length ? `it maps it to ${observed.join('; ')}` : `it has no entry for ${ip}`) +
      '. Check `show arp`.',
    evidence,
  );
}

/** Every echo request on the definition's subnet was answered, with the TTL the path gives (no router on one VLAN). */
export function subnetPing(
  from: string,
  to: string,
  run: PingRun,
  sent: number,
  initialTtl: number,
  routers: number,
  evidence: Evidence[],
): Finding<{ received: number; ttls: number[] }> {
  const received = run.summary?.received ?? run.replies.filter((r) => !r.duplicate).length;
  const ttls = replyTtls(run);
  const expected = initialTtl - routers;
  return finding(
    { received: sent, ttls: [expected] },
    { received, ttls },
    `The lab promises that ${from} reaches ${to} on the VLAN, every echo answered with TTL ${expected} ` +
      `(${initialTtl} less ${routers} router(s) between them); ${received} of ${sent} were answered` +
      (ttls.length ? ` with TTL ${ttls.join(', ')}` : '') +
      (run.errors[0] ? ` ("${run.errors[0].message}" from ${run.errors[0].from})` : '') +
      '.',
    evidence,
  );
}

/** Routers between two addresses on the VLAN: none when both are on the definition's subnet. */
export function routersBetween(a: Attachment, from: string, to: string): number {
  return onSubnet(a, from) && onSubnet(a, to) ? 0 : 1;
}

/** The pod has an IPv4 address on the interface (what a ping to or from it, or the ToR's view of it, needs). */
export function hasAddressOn(pod: AttachedPod, ifname: string, evidence: Evidence[]): Finding<string> {
  const addr = addressOn(pod, ifname);
  const present = pod.interfaces.some((i) => i.ifname === ifname);
  const expected = `${ifname} with an IPv4 address`;
  return finding(
    expected,
    addr ? expected : present ? `${ifname} without one` : `no ${ifname}`,
    `The lab promises that pod ${label(pod)} on ${pod.node} has an address on ${ifname}; it has ` +
      `${addr ? `${addr.ip}/${addr.prefix}` : present ? 'none' : `no ${ifname}`}. ` +
      `Check \`${exec(pod, 'ip addr show')}\`.`,
    evidence,
  );
}
