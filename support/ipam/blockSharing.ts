/** Pod addresses grouped by node and block: Calico gives each node its own block(s). */
import { blockOf } from '../floor/address.ts';

export interface BlockSharing {
  /** node -> the distinct blocks its pods' addresses fall into */
  blocksByNode: Record<string, string[]>;
  /** nodes whose pods span more than one block */
  nodesWithSeveralBlocks: string[];
  /** blocks that appear on more than one node */
  blocksOnSeveralNodes: string[];
}

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
    nodesWithSeveralBlocks: Object.entries(blocksByNode)
      .filter(([, b]) => b.length > 1)
      .map(([n]) => n)
      .sort(),
    blocksOnSeveralNodes: [...nodesByBlock.entries()]
      .filter(([, n]) => n.size > 1)
      .map(([b]) => b)
      .sort(),
  };
}
