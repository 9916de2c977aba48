/**
 * The lab's fabric as labgate reads it: the containerlab topology's nodes (as `containerlab inspect` lists them),
 * and each Kind node's own network state (links with their VXLAN details, addresses, routes, neighbours, the
 * bridge FDB) as `ip -j` and `bridge -j` print it.
 */

export interface TopologyRow {
  /** the container's name */
  name: string;
  /** the topology node it stands for */
  node: string;
  kind: string;
  state: string;
}

export interface NetLink {
  ifname: string;
  ifindex?: number;
  mtu: number;
  flags: string[];
  address?: string;
  vxlan?: { id?: number; port?: number; learning?: boolean; local?: string };
}

export interface NetRoute {
  dst: string;
  type?: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  scope?: string;
  flags: string[];
}

export interface NodeNet {
  node: string;
  links: NetLink[];
  addresses: { ifname: string; local: string; prefixlen: number }[];
  routes: NetRoute[];
  neighbours: { dst: string; dev: string; lladdr?: string; state: string[] }[];
  fdb: { mac: string; ifname: string; dst?: string; flags: string[]; state?: string }[];
}

/** A Kind node as the overlay checks see it: its InternalIP, its block, its network state. */
export interface OverlayNode {
  name: string;
  internalIp: string;
  block: string;
  net: NodeNet;
}
