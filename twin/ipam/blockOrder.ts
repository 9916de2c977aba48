/**
 * The order in which Calico looks for a free block of a pool for a host: all the pool's blocks, starting at an
 * index drawn from a generator seeded by the host's name and walking up, wrapping to the pool's first block
 * (libcalico-go's randomBlockGenerator). Seeding by host keeps a node's choice stable and spreads nodes apart.
 * The twin seeds with FNV-1a of the host name (Calico's exact generator is Go's math/rand: not reproduced).
 */
import { formatCidr, parseCidr } from './ipv4.ts';
import type { Pool } from './model.ts';

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(text, 'utf8')) {
    h ^= ch;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Every block of `pool`, in the order a claim for `host` tries them. */
export function* blockCandidates(pool: Pick<Pool, 'cidr' | 'blockSize'>, host: string): Generator<string> {
  const range = parseCidr(pool.cidr);
  const blockLen = 2 ** (32 - pool.blockSize);
  const count = Math.max(1, range.size / blockLen);
  const first = fnv1a(host) % count;
  for (let i = 0; i < count; i += 1) yield formatCidr(range.start + ((first + i) % count) * blockLen, pool.blockSize);
}
