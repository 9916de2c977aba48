/**
 * What `ip addr`, `ip link`, `ip route` and `ip route get` say about a network namespace (a pod's or a
 * node's), the same whether read from `ip -j` JSON or from the text the lab shows.
 */

export interface IpAddress {
  family: 'inet' | 'inet6';
  local: string;
  prefixlen: number;
  scope?: string;
}

export interface Link {
  ifindex: number;
  ifname: string;
  /** the interface index of a veth's other end, in its own namespace: the N of `eth0@ifN` */
  peerIfindex?: number;
  /** where the other end lives when that is another namespace: `link-netnsid N` (JSON always gives the id) */
  peerNetnsId?: number;
  /** `link-netns NAME`, printed instead of the id when `ip` knows the namespace by name */
  peerNetnsName?: string;
  /** the lower device named after `@` when it is not an index (a VLAN's parent, `NONE`, ...) */
  parent?: string;
  flags: string[];
  mtu: number;
  operstate?: string;
  linkType?: string;
  /** MAC address (link/ether) */
  mac?: string;
  /** `veth`, `vxlan`, ... from `ip -d` output, when shown */
  kind?: string;
}

export interface Interface extends Link {
  addresses: IpAddress[];
}

export interface Route {
  /** as printed: `default`, an address, or a CIDR */
  dst: string;
  /** the destination as a CIDR: `0.0.0.0/0` for an IPv4 default, `a.b.c.d/32` for a host route */
  cidr: string;
  /** `unicast` unless printed otherwise (`blackhole`, `unreachable`, `local`, ...) */
  type: string;
  gateway?: string;
  dev?: string;
  scope?: string;
  protocol?: string;
  prefsrc?: string;
  metric?: number;
  flags: string[];
}

/** `ip route get ADDR`: the route the kernel would use for one address, as it resolved it. */
export interface RouteLookup {
  dst: string;
  type: string;
  gateway?: string;
  dev?: string;
  prefsrc?: string;
  uid?: number;
}

/** A parse that keeps going: `problems` names each line or entry that could not be read, in order. */
export interface Parsed<T> {
  value: T;
  problems: string[];
}

/** A pod as the checks name it: discovered from the cluster, never written in a feature. */
export interface PodPlace {
  namespace: string;
  name: string;
  node: string;
  ip: string;
}

export function podLabel(p: Pick<PodPlace, 'namespace' | 'name'>): string {
  return p.namespace === 'default' ? p.name : `${p.namespace}/${p.name}`;
}

export function kubectlExec(p: Pick<PodPlace, 'namespace' | 'name'>, command: string): string {
  return `kubectl exec ${p.namespace === 'default' ? '' : `-n ${p.namespace} `}${p.name} -- ${command}`;
}
