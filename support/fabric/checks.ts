/**
 * Pure checks of the fabric: the topology's containers, the ToR's ports, SVIs and routes (from its own show
 * commands), and Calico's VXLAN CrossSubnet programming on every node, each expectation computed from the
 * nodes' InternalIPs, their subnets and their blocks, never read from the value judged.
 */
import { cidrContains } from '../floor/address.ts';
import { type Evidence, finding, type Finding, objectEvidence, textEvidence } from '../floor/finding.ts';
import { type Capture, isEchoRequest } from '../podnet/tcpdump.ts';
import type { RouterState } from '../routers/index.ts';
import type { NetRoute, NodeNet, OverlayNode, TopologyRow } from './model.ts';

export const VXLAN_DEVICE = 'vxlan.calico';
/** Calico's Felix writes its routes with protocol 80 */
export const CALICO_PROTO = '80';

const sorted = (xs: string[]) => [...xs].sort();
/** Nothing to look at is a finding: the observed side says so and can never equal an empty expectation. */
const NOTHING = 'nothing to look at';
const orNothing = (xs: string[]) => (xs.length === 0 ? [NOTHING] : xs);

/** Every topology node the lab names runs, of its kind; `expected` lines are `kind name`. */
export function topologyRunning(rows: TopologyRow[], expected: string[], evidence: Evidence[]): Finding<string[]> {
  const observed = sorted(rows.filter((r) => r.state === 'running').map((r) => `${r.kind} ${r.node}`));
  const missing = expected.filter((e) => !observed.includes(e));
  return finding(
    sorted(expected),
    observed,
    missing.length === 0 && rows.length > 0
      ? `the topology runs ${expected.length} nodes as the lab describes`
      : `the topology runs ${expected.join(', ')}; not running: ${missing.join(', ') || 'nothing listed'} ` +
          `(listed: ${rows.map((r) => `${r.kind} ${r.node} ${r.state}`).join(', ') || 'none'})`,
    evidence,
  );
}

type PortRow = { port: string; vlan: number; status: string };

/** The ToR's access ports: each in its VLAN and connected, as the lab's table says. */
export function torPorts(state: RouterState, rows: PortRow[], evidence: Evidence[]): Finding<string[]> {
  const line = (p: string, vlan: number | string | undefined, status: string | undefined) =>
    `${p} vlan ${vlan ?? '-'} ${status ?? '-'}`;
  const expected = rows.map((r) => line(r.port, r.vlan, r.status));
  const observed = rows.map((r) => {
    const i = state.interfaces.find((x) => x.name === r.port);
    return line(r.port, i?.vlan ?? i?.mode, i?.status);
  });
  const wrong = observed.filter((o, i) => o !== expected[i]);
  return finding(
    expected,
    orNothing(observed),
    wrong.length === 0
      ? `every ToR port is connected in its VLAN`
      : `the ToR's ports are ${expected.join('; ')}; observed ${wrong.join('; ')}`,
    evidence,
  );
}

type SviRow = { iface: string; address: string; mtu: number };

export function torSvis(state: RouterState, rows: SviRow[], evidence: Evidence[]): Finding<string[]> {
  const line = (n: string, a: string | undefined, s: string | undefined, m: number | undefined) =>
    `${n} ${a ?? 'unassigned'} ${s ?? '-'} mtu ${m ?? '-'}`;
  const expected = rows.map((r) => line(r.iface, r.address, 'up', r.mtu));
  const observed = rows.map((r) => {
    const i = state.interfaces.find((x) => x.name === r.iface);
    return line(r.iface, i?.addresses[0], i?.status, i?.mtu);
  });
  const wrong = observed.filter((o, i) => o !== expected[i]);
  return finding(
    expected,
    orNothing(observed),
    wrong.length === 0
      ? 'every SVI is up with its address and MTU'
      : `the ToR's interfaces are ${expected.join('; ')}; observed ${wrong.join('; ')}`,
    evidence,
  );
}

function subnetOf(cidr: string): string {
  const [ip, len] = cidr.split('/');
  const n = ip!.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const mask = Number(len) === 0 ? 0 : (2 ** 32 - 2 ** (32 - Number(len))) >>> 0;
  const net = (n & mask) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.')}/${len}`;
}

/** The ToR routes exactly the subnets of its own interfaces, each directly connected, and has no default. */
export function torConnectedOnly(
  routes: RouterState,
  interfaces: RouterState,
  evidence: Evidence[],
): Finding<string[]> {
  const expected = sorted(
    interfaces.interfaces.flatMap((i) => i.addresses.map((a) => `C ${subnetOf(a)} ${i.name}`)),
  ).concat('no gateway of last resort');
  const observed = sorted(
    routes.routes.map(
      (r) =>
        `${r.directlyConnected ? 'C' : r.code} ${r.prefix} ${r.nextHops.map((h) => h.via ?? h.interface).join(',')}`,
    ),
  ).concat(routes.gatewayOfLastResort === null ? 'no gateway of last resort' : `gateway ${routes.gatewayOfLastResort}`);
  return finding(
    expected,
    observed,
    `the ToR routes its connected subnets only (${expected.join(', ')}); it routes ${observed.join(', ')}`,
    evidence,
  );
}

const ipOf = (cidr: string) => cidr.split('/')[0]!;

/** The node's interface holding its InternalIP, and that address's subnet. */
function underlay(n: OverlayNode) {
  const a = n.net.addresses.find((x) => x.local === n.internalIp);
  return a ? { iface: a.ifname, subnet: `${subnetOf(`${a.local}/${a.prefixlen}`)}` } : undefined;
}

function routeLine(r: NetRoute | undefined): string {
  if (!r) return 'no route';
  return [
    r.type === 'blackhole' ? 'blackhole' : '',
    r.dst,
    r.gateway ? `via ${r.gateway}` : '',
    r.dev ? `dev ${r.dev}` : '',
    r.protocol && r.protocol !== 'boot' ? `proto ${r.protocol}` : '',
    r.flags.includes('onlink') ? 'onlink' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * VXLANCrossSubnet's routes on every node for every other node's block: inside the node's subnet via the peer's
 * InternalIP on the underlay interface, proto 80, on-link; across subnets via the peer's VTEP (the first address
 * of its block) on vxlan.calico, on-link. `which` picks the peers judged.
 */
const SAME_WAY = 'on-link via the peer on the underlay, proto 80';
const CROSS_WAY = 'via the peer VTEP on vxlan.calico';

export function crossSubnetRoutes(nodes: OverlayNode[], which: 'same-subnet' | 'cross-subnet'): Finding<string[]> {
  const expected: string[] = [];
  const observed: string[] = [];
  for (const n of nodes) {
    const mine = underlay(n);
    for (const peer of nodes.filter((p) => p.name !== n.name)) {
      const same = mine !== undefined && cidrContains(mine.subnet, peer.internalIp);
      if ((which === 'same-subnet') !== same) continue;
      const want = same
        ? `${peer.block} via ${peer.internalIp} dev ${mine!.iface} proto ${CALICO_PROTO} onlink`
        : `${peer.block} via ${ipOf(peer.block)} dev ${VXLAN_DEVICE} onlink`;
      expected.push(`${n.name}: ${want}`);
      const got = n.net.routes.find((r) => r.dst === peer.block && r.type !== 'blackhole');
      observed.push(`${n.name}: ${routeLine(got)}`);
    }
  }
  const wrong = observed.filter((o, i) => o !== expected[i]);
  return finding(
    expected,
    orNothing(observed),
    expected.length === 0
      ? `no pair of nodes is ${which}: the check has nothing to judge`
      : wrong.length === 0
        ? `every ${which} block is routed as Calico's VXLANCrossSubnet routes it`
        : `routes ${which === 'same-subnet' ? SAME_WAY : CROSS_WAY}: ` +
          `expected ${expected.filter((_, i) => observed[i] !== expected[i]).join('; ')}; observed ${wrong.join('; ')}`,
    nodes.map((n) => textEvidence(`routes on ${n.name}`, n.net.routes.map(routeLine).join('\n'))),
  );
}

/** Every node holds its own block as a proto-80 blackhole (its pods' /32 routes win over it). */
export function ownBlackholes(nodes: OverlayNode[]): Finding<string[]> {
  const expected = nodes.map((n) => `${n.name}: blackhole ${n.block} proto ${CALICO_PROTO}`);
  const observed = nodes.map((n) => `${n.name}: ${routeLine(n.net.routes.find((r) => r.dst === n.block))}`);
  const wrong = observed.filter((o, i) => o !== expected[i]);
  return finding(
    expected,
    orNothing(observed),
    wrong.length === 0 && nodes.length > 0
      ? 'every node blackholes its own block'
      : `every node blackholes its own block with proto 80; observed ${wrong.join('; ') || 'no node'}`,
  );
}

function vxlanLine(net: NodeNet): string {
  const l = net.links.find((x) => x.ifname === VXLAN_DEVICE);
  if (!l) return `no ${VXLAN_DEVICE}`;
  const up = l.flags.includes('UP') ? 'UP' : 'DOWN';
  const v = l.vxlan;
  const learning = v?.learning ? 'learning' : 'nolearning';
  return `${VXLAN_DEVICE} ${up} mtu ${l.mtu} vni ${v?.id ?? '-'} port ${v?.port ?? '-'} ${learning}`;
}

/** vxlan.calico on every node: up, MTU 1450 (1500 less VXLAN's 50), VNI 4096, port 4789, no learning, VTEP /32. */
export function vtepDevices(nodes: OverlayNode[], mtu: number, vni: number, port: number): Finding<string[]> {
  const expected = nodes.map(
    (n) => `${n.name}: ${VXLAN_DEVICE} UP mtu ${mtu} vni ${vni} port ${port} nolearning, ${ipOf(n.block)}/32`,
  );
  const observed = nodes.map((n) => {
    const a = n.net.addresses.find((x) => x.ifname === VXLAN_DEVICE);
    return `${n.name}: ${vxlanLine(n.net)}, ${a ? `${a.local}/${a.prefixlen}` : 'no address'}`;
  });
  const wrong = observed.filter((o, i) => o !== expected[i]);
  return finding(
    expected,
    orNothing(observed),
    wrong.length === 0 && nodes.length > 0
      ? 'every node has its VTEP'
      : `every node's ${VXLAN_DEVICE} carries the first address of its block as /32, MTU ${mtu}, VNI ${vni}; ` +
          `observed ${wrong.join('; ') || 'no node'}`,
  );
}

/**
 * On `node`, for every other node: a PERMANENT neighbour from that node's VTEP to that node's vxlan.calico MAC,
 * and a permanent FDB entry from that MAC to that node's InternalIP.
 */
export function vxlanForwarding(node: OverlayNode, others: OverlayNode[]): Finding<string[]> {
  const macOf = (n: OverlayNode) => n.net.links.find((l) => l.ifname === VXLAN_DEVICE)?.address ?? 'no MAC';
  const expected = others.flatMap((o) => [
    `neigh ${ipOf(o.block)} lladdr ${macOf(o)} PERMANENT`,
    `fdb ${macOf(o)} dst ${o.internalIp} permanent`,
  ]);
  const observed = others.flatMap((o) => {
    const n = node.net.neighbours.find((x) => x.dev === VXLAN_DEVICE && x.dst === ipOf(o.block));
    const f = node.net.fdb.find((x) => x.ifname === VXLAN_DEVICE && x.mac === macOf(o) && x.dst);
    return [
      n ? `neigh ${n.dst} lladdr ${n.lladdr ?? '-'} ${n.state.join(',')}` : `neigh ${ipOf(o.block)} missing`,
      f ? `fdb ${f.mac} dst ${f.dst} ${f.state ?? ''}`.trim() : `fdb ${macOf(o)} missing`,
    ];
  });
  const wrong = observed.filter((o, i) => o !== expected[i]);
  return finding(
    expected,
    orNothing(observed),
    wrong.length === 0 && others.length > 0
      ? `${node.name} knows every other VTEP`
      : `${node.name} maps each other node's VTEP to its MAC and that MAC to its InternalIP, permanently; ` +
          `observed ${wrong.join('; ') || 'no other node'}`,
    [objectEvidence(`vxlan forwarding on ${node.name}`, { neigh: node.net.neighbours, fdb: node.net.fdb })],
  );
}

/** The pool's encapsulation, in the operator's words (VXLANCrossSubnet: VXLAN between subnets only). */
export function poolEncapsulation(
  pools: { cidr: string; encapsulation?: string }[],
  cidr: string,
  mode: string,
  evidence: Evidence[] = [],
): Finding<string> {
  const pool = pools.find((p) => p.cidr === cidr);
  const observed = pool ? (pool.encapsulation ?? 'None') : 'no such pool';
  return finding(mode, observed, `the IP pool ${cidr} encapsulates with ${mode}; observed ${observed}`, evidence);
}

/** A pod at one end of a ping, with the address of its node on the fabric (its InternalIP). */
export interface WireEnd {
  pod: string;
  ip: string;
  nodeIp: string;
}

export const AS_SENT = 'as sent, pod to pod';

/** How the source pod's echo requests to the destination crossed the captured link, each way once. */
export function echoCrossings(capture: Capture, from: string, to: string): string[] {
  const ways = new Set<string>();
  for (const p of capture.packets) {
    const carried = p.inner;
    if (carried && isEchoRequest(carried) && carried.src === from && carried.dst === to)
      ways.add(`VXLAN ${p.src} > ${p.dst}:${p.dstPort}`);
    else if (isEchoRequest(p) && p.src === from && p.dst === to) ways.add(AS_SENT);
  }
  return sorted([...ways]);
}

/**
 * The source pod's echo requests crossed the link (`where`) inside VXLAN from the source node's address to the
 * destination node's on `port`, when `port` is given; else as sent, between the pods' own addresses.
 */
export function echoCrossesLink(
  capture: Capture,
  source: WireEnd,
  destination: WireEnd,
  port: number | undefined,
  where: string,
  evidence: Evidence[],
): Finding<string[]> {
  const expected = port === undefined ? [AS_SENT] : [`VXLAN ${source.nodeIp} > ${destination.nodeIp}:${port}`];
  const observed = orNothing(echoCrossings(capture, source.ip, destination.ip));
  const what = `the echo requests of ${source.pod} (${source.ip}) to ${destination.pod} (${destination.ip})`;
  const how =
    port === undefined
      ? "as sent, between the pods' addresses"
      : `inside VXLAN (UDP ${port}) from node ${source.nodeIp} to node ${destination.nodeIp}`;
  const ok = JSON.stringify(observed) === JSON.stringify(expected);
  const promise = port === undefined ? 'no encapsulation inside a subnet' : 'VXLAN encapsulation between subnets';
  return finding(
    expected,
    observed,
    ok
      ? `${what} cross ${where} ${how}`
      : `the lab promises ${promise}: ${what} should cross ${where} ${how}; observed: ${
          observed[0] === NOTHING ? `none of them on ${where}` : observed.join('; ')
        }`,
    [...evidence, objectEvidence('how the echo requests crossed', observed)],
  );
}
