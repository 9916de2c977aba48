/** CIDR questions the lab asks about pod and Service addresses, answered with ip-address. */
import { Address4 } from 'ip-address';

export function isIPv4(text: string): boolean {
  return Address4.isValid(text) && !text.includes('/');
}

/** True when `ip` lies inside `cidr`; false for anything that is not an IPv4 address. */
export function inCidr(ip: string, cidr: string): boolean {
  if (!isIPv4(ip)) return false;
  return new Address4(ip).isInSubnet(new Address4(cidr));
}

/** The block of size /`prefix` an address belongs to, e.g. 192.168.202.194 with 26 -> "192.168.202.192/26". */
export function blockOf(ip: string, prefix: number): string {
  const start = new Address4(`${ip}/${prefix}`).startAddress().correctForm();
  return `${start}/${prefix}`;
}

export interface BlockSharing {
  /** node -> the distinct blocks its pods' addresses fall into */
  blocksByNode: Record<string, string[]>;
  /** nodes whose pods span more than one block */
  nodesWithSeveralBlocks: string[];
  /** blocks that appear on more than one node */
  blocksOnSeveralNodes: string[];
}

/** Groups pod addresses by node and block: Calico gives each node its own block(s). */
export function blockSharing(pods: { node: string; ip: string }[], prefix: number): BlockSharing {
  const blocksByNode: Record<string, string[]> = {};
  const nodesByBlock = new Map<string, Set<string>>();
  for (const p of pods) {
    const block = blockOf(p.ip, prefix);
    const list = (blocksByNode[p.node] ??= []);
    if (!list.includes(block)) list.push(block);
    (nodesByBlock.get(block) ?? nodesByBlock.set(block, new Set()).get(block)!).add(p.node);
  }
  for (const list of Object.values(blocksByNode)) list.sort();
  return {
    blocksByNode,
    nodesWithSeveralBlocks: Object.entries(blocksByNode).filter(([, b]) => b.length > 1).map(([n]) => n).sort(),
    blocksOnSeveralNodes: [...nodesByBlock.entries()].filter(([, n]) => n.size > 1).map(([b]) => b).sort(),
  };
}
