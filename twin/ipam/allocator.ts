/**
 * Calico IPAM's allocation rules over its state (libcalico-go's ipam client):
 * - auto-assignment takes from the enabled pools allowed for the use (Workload unless said otherwise) whose
 *   nodeSelector matches the node, or only from the pools the request names (their selectors then do not
 *   apply: how a `!all()` pool is used); first from a block already affine to the host, then from a new block
 *   it claims for the host (blockOrder.ts), then from any block of those pools with room (borrowing);
 * - within a block, the lowest free address first, a released one only after all the never used ones, and never
 *   an address an IPReservation covers; a block a reservation covers whole is never claimed;
 * - a static assignment (the ipAddrs annotation) may take a reserved address, claims the block holding it
 *   (affine to the host) when no one has, and fails with Calico's error when the address is taken;
 * - a new block's affinity is pending until the caller confirms the host's blocks are in use on it.
 */
import { IpamError, addressInUse } from './errors.ts';
import { blockCandidates } from './blockOrder.ts';
import { blockOf, contains, intToIp, ipToInt, overlaps, parseCidr } from './ipv4.ts';
import type { AffinityState, AffinityType, Block, IpamState, Pool, PoolUse } from './model.ts';
import { parseSelector, type Labels } from './selector.ts';

export interface AutoAssignRequest {
  /** who holds the address: a pod (namespace/name), a Service */
  handle: string;
  /** the node, or the virtual host of a virtual affinity */
  host: string;
  hostLabels?: Labels;
  /** the pools the request names (the ipv4pools annotation), by name or CIDR */
  pools?: string[];
  use?: PoolUse;
  affinityType?: AffinityType;
  /** a tunnel device's address: only from pools with that encapsulation (calico-node's VXLAN / IPIP address) */
  tunnel?: 'VXLAN' | 'IPIP';
}

export interface StaticAssignRequest {
  ip: string;
  handle: string;
  host: string;
}

export interface Assignment {
  ip: string;
  block: string;
  pool: string;
  /** true when the request claimed a new block (its affinity pending until confirmed) */
  newBlock: boolean;
}

/** A BlockAffinity as Calico names and records it. */
export interface AffinityView {
  name: string;
  type: AffinityType;
  host: string;
  cidr: string;
  pool: string;
  state: AffinityState;
  deleted: boolean;
}

/** Calico's name for an affinity: the host, then the block with dots and slash as dashes. */
export function affinityName(host: string, cidr: string): string {
  return `${host}-${cidr.replace(/[./]/g, '-')}`;
}

function newBlock(cidr: string, pool: Pool, affinity: Block['affinity']): Block {
  const size = parseCidr(cidr).size;
  return {
    cidr,
    pool: pool.name,
    affinity,
    state: 'pending',
    deleted: false,
    allocations: {},
    unallocated: Array.from({ length: size }, (_, i) => i),
  };
}

export class Ipam {
  readonly state: IpamState;

  constructor(state: IpamState) {
    this.state = structuredClone(state);
  }

  private reserved(ip: string): boolean {
    return this.state.reservations.some((r) => r.cidrs.some((c) => contains(c, ip)));
  }

  private wholeReserved(cidr: string): boolean {
    const b = parseCidr(cidr);
    return this.state.reservations.some((r) =>
      r.cidrs.some((c) => {
        const x = parseCidr(c);
        return x.start <= b.start && x.start + x.size >= b.start + b.size;
      }),
    );
  }

  private findPool(ref: string): Pool | undefined {
    return this.state.pools.find((p) => p.name === ref || p.cidr === ref);
  }

  /** The pools an auto-assignment may take from, in the order of the state's pools. */
  pools(req: AutoAssignRequest): Pool[] {
    const use = req.use ?? 'Workload';
    if (req.pools && req.pools.length > 0) {
      return req.pools.map((ref) => {
        const p = this.findPool(ref);
        if (!p || p.disabled)
          throw new IpamError('unknown-pool', `the given pool (${ref}) does not exist, or is not enabled`);
        if (!p.allowedUses.includes(use))
          throw new IpamError('unknown-pool', `the given pool (${ref}) does not allow ${use} addresses`);
        return p;
      });
    }
    const pools = this.state.pools.filter(
      (p) =>
        !p.disabled &&
        p.allowedUses.includes(use) &&
        p.assignmentMode === 'Automatic' &&
        (req.tunnel === undefined || p.tunnel === req.tunnel) &&
        ((req.affinityType ?? 'host') === 'virtual' || parseSelector(p.nodeSelector)(req.hostLabels ?? {})),
    );
    if (pools.length === 0) throw new IpamError('no-pool', `no configured Calico pools for node ${req.host}`);
    return pools;
  }

  private take(block: Block, handle: string, dynamic: boolean): string | undefined {
    const start = parseCidr(block.cidr).start;
    const at = block.unallocated.findIndex((o) => !dynamic || !this.reserved(intToIp(start + o)));
    if (at < 0) return undefined;
    const [ordinal] = block.unallocated.splice(at, 1);
    block.allocations[String(ordinal)] = handle;
    return intToIp(start + ordinal!);
  }

  /** A block claimed for the host without taking an address from it (Calico's ClaimAffinity); its CIDR. */
  claimBlock(req: Omit<AutoAssignRequest, 'handle'>): string {
    const type = req.affinityType ?? 'host';
    for (const p of this.pools({ ...req, handle: '' })) {
      for (const cidr of blockCandidates(p, req.host)) {
        if (this.state.blocks.some((b) => overlaps(b.cidr, cidr)) || this.wholeReserved(cidr)) continue;
        this.state.blocks.push(newBlock(cidr, p, { type, host: req.host }));
        return cidr;
      }
    }
    throw new IpamError('pool-exhausted', `no free block for ${req.host}`);
  }

  autoAssign(req: AutoAssignRequest): Assignment {
    const pools = this.pools(req);
    const type = req.affinityType ?? 'host';
    const rank = (b: Block) => pools.findIndex((p) => p.name === b.pool);
    const inPools = this.state.blocks.filter((b) => rank(b) >= 0 && !b.deleted);
    const affine = inPools
      .filter((b) => b.affinity?.host === req.host && b.affinity.type === type)
      .sort((a, b) => rank(a) - rank(b));
    for (const block of affine) {
      const ip = this.take(block, req.handle, true);
      if (ip) return { ip, block: block.cidr, pool: block.pool, newBlock: false };
    }
    for (const p of pools) {
      for (const cidr of blockCandidates(p, req.host)) {
        if (this.state.blocks.some((b) => overlaps(b.cidr, cidr)) || this.wholeReserved(cidr)) continue;
        const block = newBlock(cidr, p, { type, host: req.host });
        const ip = this.take(block, req.handle, true);
        if (!ip) continue;
        this.state.blocks.push(block);
        return { ip, block: cidr, pool: p.name, newBlock: true };
      }
    }
    for (const block of inPools.sort((a, b) => rank(a) - rank(b))) {
      const ip = this.take(block, req.handle, true);
      if (ip) return { ip, block: block.cidr, pool: block.pool, newBlock: false };
    }
    throw new IpamError('pool-exhausted', 'failed to request 1 IPv4 addresses. IPAM allocated only 0');
  }

  assignIp(req: StaticAssignRequest): Assignment {
    const n = ipToInt(req.ip);
    const p = this.state.pools.find((x) => !x.disabled && contains(x.cidr, req.ip));
    if (!p) throw new IpamError('not-in-pool', `the provided IP address ${req.ip} is not in a configured pool`);
    const cidr = blockOf(req.ip, p.blockSize);
    let block = this.state.blocks.find((b) => b.cidr === cidr);
    const claimed = !block;
    if (!block) {
      block = newBlock(cidr, p, { type: 'host', host: req.host });
      this.state.blocks.push(block);
    }
    const ordinal = n - parseCidr(cidr).start;
    if (block.allocations[String(ordinal)] !== undefined) throw addressInUse(req.ip);
    block.unallocated = block.unallocated.filter((o) => o !== ordinal);
    block.allocations[String(ordinal)] = req.handle;
    return { ip: req.ip, block: cidr, pool: p.name, newBlock: claimed };
  }

  /** Frees `ip`; false when it was not allocated. The address goes to the end of its block's free list. */
  release(ip: string): boolean {
    const block = this.state.blocks.find((b) => contains(b.cidr, ip));
    if (!block) return false;
    const ordinal = ipToInt(ip) - parseCidr(block.cidr).start;
    if (block.allocations[String(ordinal)] === undefined) return false;
    delete block.allocations[String(ordinal)];
    block.unallocated.push(ordinal);
    return true;
  }

  /** Frees every address `handle` holds; returns them. */
  releaseHandle(handle: string): string[] {
    const ips = this.addressesOf(handle);
    for (const ip of ips) this.release(ip);
    return ips;
  }

  addressesOf(handle: string): string[] {
    return this.state.blocks.flatMap((b) =>
      Object.entries(b.allocations)
        .filter(([, h]) => h === handle)
        .map(([o]) => intToIp(parseCidr(b.cidr).start + Number(o))),
    );
  }

  /** The host's pending affinities confirmed: its blocks are in use on it. */
  confirm(host: string): void {
    for (const b of this.state.blocks) if (b.affinity?.host === host && b.state === 'pending') b.state = 'confirmed';
  }

  /** The blocks affine to `host`, in the order it claimed them. */
  blocksOf(host: string, type: AffinityType = 'host'): Block[] {
    return this.state.blocks.filter((b) => b.affinity?.host === host && b.affinity.type === type);
  }

  affinities(): AffinityView[] {
    return this.state.blocks
      .filter((b): b is Block & { affinity: NonNullable<Block['affinity']> } => b.affinity !== null)
      .map((b) => ({
        name: affinityName(b.affinity.host, b.cidr),
        type: b.affinity.type,
        host: b.affinity.host,
        cidr: b.cidr,
        pool: b.pool,
        state: b.state,
        deleted: b.deleted,
      }));
  }
}
