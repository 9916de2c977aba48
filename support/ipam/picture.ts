/**
 * What `calicoctl ipam show [--show-blocks]` reports, computed from the cluster's objects instead of
 * Calico's IPAM blocks: per pool and per affine block, the addresses in the CIDR, those held by a pod
 * or a node's tunnel device, and the rest.
 */
import { cidrContains, cidrSize } from '../floor/address.ts';
import type { AddressHolder, BlockAffinity, IpPool, NodeIpam, PodAddress } from './model.ts';

export interface BlockUsage {
  cidr: string;
  node: string;
  state: string;
  total: number;
  inUse: number;
  free: number;
  holders: AddressHolder[];
}

export interface PoolUsage {
  name: string;
  cidr: string;
  total: number;
  inUse: number;
  free: number;
  blocks: BlockUsage[];
  /** addresses of the pool held outside every affine block (borrowed from a block of no node, say) */
  outsideBlocks: AddressHolder[];
}

export interface IpamPicture {
  pools: PoolUsage[];
  /** pod-network addresses inside no pool (host-network pods excluded) */
  outsidePools: AddressHolder[];
}

/** Every address the pod network hands out: pod IPs (not host-network ones) and node tunnel addresses. */
export function addressHolders(pods: PodAddress[], nodes: NodeIpam[]): AddressHolder[] {
  const holders: AddressHolder[] = [];
  for (const p of pods.filter((x) => !x.hostNetwork)) {
    for (const ip of p.ips) holders.push({ holder: `pod ${p.namespace}/${p.name}`, node: p.node, ip });
  }
  for (const n of nodes)
    for (const ip of n.tunnelAddresses) holders.push({ holder: `node ${n.name} (tunnel device)`, node: n.name, ip });
  return holders;
}

function distinctCount(holders: AddressHolder[]): number {
  return new Set(holders.map((h) => h.ip)).size;
}

export function ipamPicture(input: {
  pools: IpPool[];
  affinities: BlockAffinity[];
  pods: PodAddress[];
  nodes: NodeIpam[];
}): IpamPicture {
  const holders = addressHolders(input.pods, input.nodes);
  const live = input.affinities.filter((a) => !a.deleted);
  const pools = input.pools.map((pool): PoolUsage => {
    const inPool = holders.filter((h) => cidrContains(pool.cidr, h.ip));
    const blocks = live
      .filter((a) => cidrContains(pool.cidr, a.cidr.split('/')[0]!))
      .map((a): BlockUsage => {
        const inBlock = inPool.filter((h) => cidrContains(a.cidr, h.ip));
        const total = cidrSize(a.cidr);
        return {
          cidr: a.cidr,
          node: a.node,
          state: a.state,
          total,
          inUse: distinctCount(inBlock),
          free: total - distinctCount(inBlock),
          holders: inBlock,
        };
      });
    const total = cidrSize(pool.cidr);
    const inUse = distinctCount(inPool);
    return {
      name: pool.name,
      cidr: pool.cidr,
      total,
      inUse,
      free: total - inUse,
      blocks,
      outsideBlocks: inPool.filter((h) => !blocks.some((b) => cidrContains(b.cidr, h.ip))),
    };
  });
  return { pools, outsidePools: holders.filter((h) => !input.pools.some((p) => cidrContains(p.cidr, h.ip))) };
}

/** The picture as a table laid out like calicoctl's, for a report's evidence. */
export function renderIpamPicture(picture: IpamPicture, showBlocks = true): string {
  const rows: string[][] = [['GROUPING', 'CIDR', 'IPS TOTAL', 'IPS IN USE', 'IPS FREE']];
  for (const p of picture.pools) {
    rows.push(['IP Pool', p.cidr, String(p.total), String(p.inUse), String(p.free)]);
    if (showBlocks)
      for (const b of p.blocks) rows.push(['Block', b.cidr, String(b.total), String(b.inUse), String(b.free)]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  return [rule, line(rows[0]!), rule, ...rows.slice(1).map(line), rule].join('\n');
}
