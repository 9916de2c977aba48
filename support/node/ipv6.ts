/** Reads every node's IPv6 NAT table (`ip6tables-save -t nat`), one node after another. */
import { readNatTable, type NatDump } from './iptables.ts';

export async function readIpv6NatTables(nodes: string[]): Promise<NatDump[]> {
  const dumps: NatDump[] = [];
  for (const node of nodes) dumps.push(await readNatTable(node, { ipv6: true }));
  return dumps;
}
