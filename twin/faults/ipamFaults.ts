/**
 * Faults in the twin's Calico IPAM record (twin/control/ipam.ts), the BlockAffinities the API serves: a claim
 * that never completed, a node that took a second block, a claim left from a pool that is gone. The pods keep
 * their addresses and routes: only Calico's record of the blocks is wrong, as after a failed or stale claim.
 */
import { LabgateError } from '../shared.ts';
import { addBlock, claimsOf, editBlocks, readIpam, writeIpam, type BlockClaim } from '../control/ipam.ts';
import type { FaultContext } from './context.ts';

function claimOf(ctx: FaultContext): BlockClaim {
  const node = ctx.targets.node();
  const claim = claimsOf(readIpam(ctx.state)).find((c) => c.node === node.name && c.cidr === node.block);
  if (!claim) throw new LabgateError(`the IPAM record has no claim of ${node.name} on ${node.block}`);
  return claim;
}

/** The IPAM pool of `cidr`'s name. */
function poolName(ctx: FaultContext, cidr: string): string {
  return ctx.plan.ipam.pools.find((p) => p.cidr === cidr)?.name ?? cidr;
}

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** The first block of the pool's block size right after the pool: an address range outside it. */
function blockAfterPool(pool: { cidr: string; blockSize: number }): string {
  const [base, bits] = pool.cidr.split('/');
  const next = ipv4ToNumber(base!) + 2 ** (32 - Number(bits));
  return `${numberToIpv4(next % 2 ** 32)}/${pool.blockSize}`;
}

/** The target node's claim back to pending, as when Calico chose the block and never confirmed it. */
export async function blockPending(ctx: FaultContext): Promise<string> {
  const claim = claimOf(ctx);
  writeIpam(
    ctx.state,
    editBlocks(readIpam(ctx.state), claim.node, () => ({ state: 'pending' }), claim.cidr),
  );
  return `the BlockAffinity of ${claim.node} on ${claim.cidr} is pending again (was ${claim.state})`;
}

/** The target node holds a second confirmed block: the first free one of the pool after every node's block. */
export async function secondBlock(ctx: FaultContext): Promise<string> {
  const claim = claimOf(ctx);
  const pool = ctx.plan.pools[0];
  if (!pool) throw new LabgateError('the twin has no IP pool');
  const taken = new Set(ctx.plan.nodes.map((n) => n.block));
  const size = 2 ** (32 - pool.blockSize);
  const start = ipv4ToNumber(pool.cidr.split('/')[0]!);
  let cidr: string | undefined;
  for (let n = start; !cidr; n += size) if (!taken.has(`${numberToIpv4(n)}/${pool.blockSize}`)) cidr = numberToIpv4(n);
  const block = `${cidr}/${pool.blockSize}`;
  writeIpam(ctx.state, addBlock(readIpam(ctx.state), claim.node, block, poolName(ctx, pool.cidr)));
  return `${claim.node} holds a second block, ${block}, besides ${claim.cidr}`;
}

/** The target node's claim names a block just outside the pool, as one left from a pool that was replaced. */
export async function blockOutsidePool(ctx: FaultContext): Promise<string> {
  const claim = claimOf(ctx);
  const pool = ctx.plan.pools[0];
  if (!pool) throw new LabgateError('the twin has no IP pool');
  const outside = blockAfterPool(pool);
  writeIpam(
    ctx.state,
    editBlocks(readIpam(ctx.state), claim.node, () => ({ cidr: outside }), claim.cidr),
  );
  return `the BlockAffinity of ${claim.node} names ${outside}, outside the pool ${pool.cidr} (was ${claim.cidr})`;
}
