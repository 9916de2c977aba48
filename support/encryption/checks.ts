/**
 * What lab 13 promises about WireGuard, as findings: the FelixConfiguration's WireGuard lines, WireGuard devices on
 * the nodes (absent before, then up with the lab's MTU and a /32 of the node's block), `wg show` against the other
 * nodes (one peer each, endpoint its address, allowed IPs its blocks), the policy rule and table 1's routes, and
 * captures on a node's interface: secrets in clear before, only encrypted UDP between nodes after.
 */
import { cidrContains } from '../floor/address.ts';
import { finding, type Evidence, type Finding } from '../floor/finding.ts';
import { carriesData, wordsSeen, type CapturedPacket } from './capture.ts';
import type { WgInterface } from './wgShow.ts';

/** A node as the checks know it: its name, address and Calico blocks, all read from the cluster. */
export interface ClusterNode {
  name: string;
  address: string;
  blocks: string[];
}

/** What a node shows of a WireGuard device: whether wg lists it, its MTU and its addresses (with prefix). */
export interface NodeDevice {
  node: string;
  listedByWg: boolean;
  /** from `ip addr show dev <device>`; undefined when the node has no such link */
  mtu?: number;
  addresses: string[];
}

/** The lines of the FelixConfiguration's YAML that mention WireGuard (`grep -i wireguard`). */
export function felixWireguardLines(yamlText: string, expected: string[]): Finding<string[]> {
  const lines = yamlText
    .split('\n')
    .filter((l) => /wireguard/i.test(l))
    .map((l) => l.trim());
  const shown = lines.join('; ') || 'nothing';
  const ok = JSON.stringify(lines) === JSON.stringify(expected);
  return finding(
    expected,
    lines,
    ok
      ? `kubectl get felixconfiguration default -o yaml | grep -i wireguard shows ${shown}`
      : `kubectl get felixconfiguration default -o yaml | grep -i wireguard shows ${shown}, where the lab shows ` +
          `${expected.join('; ') || 'nothing'}`,
  );
}

/** No node has a WireGuard device of that name, neither listed by wg nor as a link. */
export function noWireguardDevice(device: string, devices: NodeDevice[], evidence: Evidence[]): Finding<string[]> {
  const found = devices.filter((d) => d.listedByWg || d.mtu !== undefined).map((d) => d.node);
  return finding(
    [],
    found,
    found.length === 0
      ? `no node has a WireGuard interface (${device}): WireGuard is not enabled`
      : `${found.join(', ')} ${found.length === 1 ? 'has' : 'have'} a WireGuard interface ${device} although ` +
          'WireGuard is not enabled',
    evidence,
  );
}

/** A device as the lab shows it: listed by wg, the lab's MTU, exactly one address, a /32 inside the node's blocks. */
export function deviceSummary(d: NodeDevice, blocks: string[]): string {
  if (!d.listedByWg && d.mtu === undefined) return `${d.node}: no WireGuard interface`;
  const host = d.addresses.filter((a) => a.endsWith('/32') && blocks.some((b) => cidrContains(b, a.split('/')[0]!)));
  const parts = [
    d.listedByWg ? 'listed by wg' : 'not listed by wg',
    `mtu ${d.mtu ?? 'none'}`,
    host.length === 1 && d.addresses.length === 1
      ? '/32 of its block'
      : `addresses ${d.addresses.join(', ') || 'none'}`,
  ];
  return `${d.node}: ${parts.join(', ')}`;
}

/** Every node has the device: listed by wg, MTU `mtu`, a /32 from its own block. */
export function devicesOnEveryNode(
  device: string,
  mtu: number,
  nodes: ClusterNode[],
  devices: NodeDevice[],
  evidence: Evidence[],
): Finding<string[]> {
  const expected = nodes.map((n) => `${n.name}: listed by wg, mtu ${mtu}, /32 of its block`);
  const observed = nodes.map((n) =>
    deviceSummary(
      devices.find((d) => d.node === n.name) ?? { node: n.name, listedByWg: false, addresses: [] },
      n.blocks,
    ),
  );
  const wrong = observed.filter((o, i) => o !== expected[i]);
  return finding(
    expected,
    observed,
    wrong.length === 0
      ? `every node has ${device} with MTU ${mtu} and a /32 from its own block`
      : `the lab promises ${device} on every node with MTU ${mtu} and a /32 from the node's block; ` +
          `${wrong.join('; ')}. Check \`ip addr show ${device}\` and \`wg show\` on the node.`,
    evidence,
  );
}

/**
 * A peer as the lab reads it: whose public key it has, its endpoint, and the allowed IPs that are not host
 * addresses inside its blocks.
 */
function peerSummary(owner: string, endpoint: string | undefined, allowed: string[], blocks: string[]): string {
  const shown = allowed
    .filter((a) => !(a.endsWith('/32') && blocks.some((b) => cidrContains(b, a.split('/')[0]!))))
    .sort();
  return `${owner}'s key, endpoint ${endpoint ?? 'none'}, allowed ips ${shown.join(', ') || 'none'}`;
}

export interface WgExpectation {
  device: string;
  port: number;
  fwmark: string;
}

export interface WgView {
  port?: number;
  fwmark?: string;
  peers: string[];
}

/**
 * `wg show` on `node`: the device's port and fwmark, one peer per other node, with that node's public key (`keys`:
 * each node's own public key, as its own wg show prints it), at its address, allowing its blocks.
 */
export function wgShowMatchesCluster(
  node: ClusterNode,
  others: ClusterNode[],
  interfaces: WgInterface[],
  keys: ReadonlyMap<string, string>,
  want: WgExpectation,
  evidence: Evidence[],
): Finding<WgView> {
  const iface = interfaces.find((i) => i.name === want.device);
  const blocksAt = (endpoint: string | undefined) =>
    others.find((o) => endpoint === `${o.address}:${want.port}`)?.blocks ?? [];
  const expected: WgView = {
    port: want.port,
    fwmark: want.fwmark,
    peers: others.map((o) => peerSummary(o.name, `${o.address}:${want.port}`, o.blocks, o.blocks)).sort(),
  };
  const observed: WgView = {
    ...(iface?.listeningPort === undefined ? {} : { port: iface.listeningPort }),
    ...(iface?.fwmark === undefined ? {} : { fwmark: iface.fwmark }),
    peers: (iface?.peers ?? [])
      .map((p) =>
        peerSummary(keys.get(p.publicKey) ?? 'an unknown node', p.endpoint, p.allowedIps, blocksAt(p.endpoint)),
      )
      .sort(),
  };
  const ok = JSON.stringify(observed) === JSON.stringify(expected);
  const missing = expected.peers.filter((p) => !observed.peers.includes(p));
  const extra = observed.peers.filter((p) => !expected.peers.includes(p));
  return finding(
    expected,
    observed,
    ok
      ? `wg show on ${node.name}: ${want.device} listens on ${want.port} with fwmark ${want.fwmark} and has one peer ` +
          `per other node (${others.map((o) => o.name).join(', ')}) with its key at its address with its blocks`
      : !iface
        ? `wg show on ${node.name} shows no interface ${want.device}`
        : `wg show on ${node.name}: listening port ${observed.port ?? 'none'}, fwmark ${observed.fwmark ?? 'off'}` +
          (missing.length ? `; no peer with ${missing.join(' / ')}` : '') +
          (extra.length ? `; a peer with ${extra.join(' / ')} that no other node matches` : '') +
          `; the lab promises port ${want.port}, fwmark ${want.fwmark} and one peer per other node, with that node's ` +
          "public key, its endpoint that node's address and its allowed IPs that node's blocks",
    evidence,
  );
}

/** `ip rule` holds the rule at `priority` exactly as the lab shows it. */
export function policyRule(
  node: string,
  ruleLines: string[],
  priority: number,
  rule: string,
  evidence: Evidence[],
): Finding<string[]> {
  const at = ruleLines
    .map((l) => /^(\d+):\s+(.*?)\s*$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[1]) === priority)
    .map((m) => m[2]!);
  return finding(
    [rule],
    at,
    at.length === 1 && at[0] === rule
      ? `ip rule on ${node}: ${priority}: ${rule}`
      : `ip rule on ${node} has ${at.map((r) => `"${priority}: ${r}"`).join(', ') || `no rule ${priority}`}; the lab ` +
          `shows "${priority}: ${rule}", which sends what is not yet encrypted to the WireGuard table, so without it ` +
          'traffic leaves the node unencrypted',
    evidence,
  );
}

/** Table `table` routes exactly the other nodes' blocks into the device. */
export function tunnelRoutes(
  node: string,
  routeLines: string[],
  device: string,
  others: ClusterNode[],
  evidence: Evidence[],
): Finding<string[]> {
  const expected = others.flatMap((o) => o.blocks).sort();
  const observed = routeLines
    .map((l) => l.trim().split(/\s+/))
    .filter((w) => w[w.indexOf('dev') + 1] === device && w.includes('dev'))
    .map((w) => w[0]!)
    .sort();
  return finding(
    expected,
    observed,
    JSON.stringify(observed) === JSON.stringify(expected)
      ? `table 1 on ${node} routes the other nodes' blocks (${expected.join(', ')}) into ${device}`
      : `table 1 on ${node} routes ${observed.join(', ') || 'nothing'} into ${device}; the lab promises the other ` +
          `nodes' blocks ${expected.join(', ')}`,
    evidence,
  );
}

/** Before WireGuard: the capture on the server's node shows the client's secrets in clear. */
export function secretsInClear(
  where: string,
  packets: CapturedPacket[],
  words: string[],
  evidence: Evidence[],
): Finding<boolean> {
  const seen = wordsSeen(packets, words);
  return finding(
    true,
    seen.length > 0,
    seen.length > 0
      ? `a capture on ${where} shows ${seen.join(', ')} in clear (${packets.length} packets)`
      : `a capture on ${where} shows none of ${words.join(', ')} in clear (${packets.length} packets); the lab shows ` +
          "the pods' secrets readable on the wire before WireGuard",
    evidence,
  );
}

export interface EncryptedView {
  /** IPv4 packets other than UDP between two nodes' WireGuard ports */
  notWireguard: string[];
  secrets: string[];
  /** encrypted data seen from the client's node to the server's, and back */
  dataBothWays: boolean;
}

/** After WireGuard: only UDP `port` between nodes, none of the words, and encrypted data both ways. */
export function onlyEncrypted(
  where: string,
  packets: CapturedPacket[],
  nodes: ClusterNode[],
  port: number,
  pair: { client: string; server: string },
  words: string[],
  evidence: Evidence[],
): Finding<EncryptedView> {
  const addresses = new Set(nodes.map((n) => n.address));
  const ip = packets.filter((p) => p.src !== undefined);
  const wg = (p: CapturedPacket) =>
    p.proto === 'udp' &&
    p.srcPort === port &&
    p.dstPort === port &&
    addresses.has(p.src ?? '') &&
    addresses.has(p.dst ?? '');
  const others = [
    ...new Set(
      ip.filter((p) => !wg(p)).map((p) => `${p.proto} ${p.src}:${p.srcPort ?? ''} > ${p.dst}:${p.dstPort ?? ''}`),
    ),
  ];
  const data = (from: string, to: string) => ip.some((p) => wg(p) && p.src === from && p.dst === to && carriesData(p));
  const observed: EncryptedView = {
    notWireguard: others.slice(0, 5),
    secrets: wordsSeen(packets, words),
    dataBothWays: data(pair.client, pair.server) && data(pair.server, pair.client),
  };
  const expected: EncryptedView = { notWireguard: [], secrets: [], dataBothWays: true };
  const problems = [
    ...(observed.notWireguard.length ? [`traffic other than WireGuard: ${observed.notWireguard.join(', ')}`] : []),
    ...(observed.secrets.length ? [`${observed.secrets.join(', ')} readable`] : []),
    ...(observed.dataBothWays
      ? []
      : [`no encrypted data both ways between ${pair.client} and ${pair.server} on UDP ${port}`]),
  ];
  return finding(
    expected,
    observed,
    problems.length === 0
      ? `a capture on ${where} shows only UDP ${port} between nodes, encrypted data both ways and none of ` +
          `${words.join(', ')} (${ip.length} packets)`
      : `a capture on ${where} (${ip.length} packets): ${problems.join('; ')}; the lab promises only WireGuard's ` +
          `UDP ${port} between nodes and no secret on the wire`,
    evidence,
  );
}

/** Two pods on different nodes (WireGuard encrypts between nodes only). */
export function podsApart(a: string, nodeA: string, b: string, nodeB: string): Finding<boolean> {
  return finding(
    true,
    nodeA !== nodeB,
    nodeA !== nodeB
      ? `pod ${a} runs on ${nodeA}, pod ${b} on ${nodeB}: different nodes`
      : `pods ${a} and ${b} both run on ${nodeA}; the lab needs them on different nodes, as WireGuard encrypts ` +
          'only between nodes (delete and apply them again)',
  );
}
