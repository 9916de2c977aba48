/**
 * A router's (or switch's) state as labgate reads it, the same whichever way it was read: Arista EOS text,
 * EOS `| json`, or FRR's `vtysh -c "show ... json"`. One reading fills only what its command says; the rest stays
 * empty. Names are EOS's full interface names (`Et1` is read as `Ethernet1`); MACs are lower-case, colon-separated.
 */

export type RouterFormat = 'eos' | 'eos-json' | 'frr-json';

export interface RouterInterface {
  /** the full name: `Ethernet1`, `Vlan10`, `Management0`, `Port-Channel1`, or FRR's kernel name (`eth1`) */
  name: string;
  description?: string;
  /** the link's state as the router words it: `connected`, `notconnect`, `disabled`, `up`, `down` */
  status?: string;
  /** the line protocol: `up`, `down`, `notPresent`, ... */
  protocol?: string;
  /** an access port's VLAN id */
  vlan?: number;
  /** what the VLAN column says when it is no VLAN id: `routed`, `trunk`, `in Po1` */
  mode?: string;
  /** addresses with their prefix length, as printed (`10.10.10.1/24`; a lab may write `172.20.20.x/24`) */
  addresses: string[];
  mtu?: number;
  mac?: string;
  duplex?: string;
  speed?: string;
  type?: string;
  /** the port-channel this port belongs to */
  memberOf?: string;
}

export interface Vlan {
  id: number;
  /** the ports in it, from the interfaces' VLAN column */
  ports: string[];
}

export type RouteProtocol =
  | 'connected'
  | 'static'
  | 'kernel'
  | 'bgp'
  | 'ospf'
  | 'isis'
  | 'rip'
  | 'aggregate'
  | 'local'
  | 'other';

export interface NextHop {
  /** the gateway, absent on a directly connected route */
  via?: string;
  interface?: string;
}

export interface Route {
  family: 'ipv4' | 'ipv6';
  /** EOS's code (`C`, `S`, `B E`, `B I`, `O IA`) or FRR's protocol letter (`C`, `B`, `K`) */
  code: string;
  protocol: RouteProtocol;
  /** eBGP or iBGP, when the router says */
  bgpKind?: 'external' | 'internal';
  prefix: string;
  /** administrative distance and metric, `[200/0]` */
  distance?: number;
  metric?: number;
  directlyConnected: boolean;
  nextHops: NextHop[];
}

export interface ArpEntry {
  address: string;
  mac: string;
  /** the interface(s) as printed: `Vlan20`, or EOS's `Vlan20, Ethernet4` read as two */
  interfaces: string[];
  /** `dynamic` or `static` */
  type?: string;
  age?: string;
}

export interface MacEntry {
  vlan: number;
  mac: string;
  /** `dynamic`, `static` */
  type: string;
  ports: string[];
  moves?: number;
  lastMove?: string;
}

export interface BgpNeighbor {
  address: string;
  remoteAs: string;
  /** the session state in full: `Established`, `Active`, `Idle`, `Connect`, ... (EOS prints `Estab`) */
  state: string;
  established: boolean;
  prefixesReceived?: number;
  prefixesAccepted?: number;
  description?: string;
  upDown?: string;
}

export interface BgpSummary {
  vrf: string;
  routerId: string;
  localAs: string;
  neighbors: BgpNeighbor[];
}

/** `router bgp` as configured (`show running-config | section bgp`). */
export interface BgpConfig {
  localAs: string;
  routerId?: string;
  neighbors: { name: string; remoteAs?: string; peerGroup?: string; description?: string; isPeerGroup: boolean }[];
  listenRanges: { prefix: string; peerGroup: string; remoteAs?: string }[];
  networks: string[];
  maximumPaths?: number;
  routeReflectorClients: string[];
  /** the configuration lines themselves, indented as written */
  lines: string[];
}

export interface RouterState {
  /** what was read: the command as the router knows it, and the format */
  command: string;
  format: RouterFormat;
  interfaces: RouterInterface[];
  vlans: Vlan[];
  routes: Route[];
  /** `Gateway of last resort is not set` -> null; a default route's gateway when it says one */
  gatewayOfLastResort?: string | null;
  arp: ArpEntry[];
  macTable: MacEntry[];
  bgp?: BgpSummary;
  bgpConfig?: BgpConfig;
}

export function emptyState(command: string, format: RouterFormat): RouterState {
  return { command, format, interfaces: [], vlans: [], routes: [], arp: [], macTable: [] };
}

/** The VLANs the interfaces' access VLANs name, each with its ports, in VLAN order. */
export function vlansOf(interfaces: RouterInterface[]): Vlan[] {
  const byId = new Map<number, string[]>();
  for (const i of interfaces) {
    if (i.vlan !== undefined) byId.set(i.vlan, [...(byId.get(i.vlan) ?? []), i.name]);
  }
  return [...byId.entries()].sort(([a], [b]) => a - b).map(([id, ports]) => ({ id, ports }));
}
