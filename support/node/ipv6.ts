/** Reads every node's IPv6 NAT table (`ip6tables-save -t nat`), the nodes side by side. */
import { readNatTable, type NatDump } from './iptables.ts';

export function readIpv6NatTables(nodes: string[]): Promise<NatDump[]> {
  return Promise.all(nodes.map((node) => readNatTable(node, { ipv6: true })));
}
