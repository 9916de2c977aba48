/**
 * Calico IPAM's state as data (JSON, so the daemon can keep it on disk): the pools, the reservations and the
 * blocks, each block with its affinity (a node, or a virtual host such as the LoadBalancer controller's) and the
 * addresses handed out of it, each under the handle of whoever holds it (a pod, a Service).
 */

/** What a pool's addresses may be used for (IPPool spec.allowedUses). */
export type PoolUse = 'Workload' | 'Tunnel' | 'LoadBalancer';

export interface Pool {
  name: string;
  cidr: string;
  blockSize: number;
  /** Calico's selector over node labels; `all()` by default */
  nodeSelector: string;
  disabled: boolean;
  allowedUses: PoolUse[];
  /** Manual: only requests that name the pool take from it */
  assignmentMode: 'Automatic' | 'Manual';
  /** the tunnel its nodes' tunnel devices take their address from this pool for (vxlanMode / ipipMode not Never) */
  tunnel?: 'VXLAN' | 'IPIP';
}

export interface Reservation {
  name: string;
  cidrs: string[];
}

/** Calico's affinity types: a block affine to a node (host), or to a virtual host (the LoadBalancer controller). */
export type AffinityType = 'host' | 'virtual';

/** Calico's BlockAffinity states. */
export type AffinityState = 'pending' | 'confirmed' | 'pendingDeletion';

export interface Block {
  cidr: string;
  /** the pool's name */
  pool: string;
  affinity: { type: AffinityType; host: string } | null;
  state: AffinityState;
  /** Calico marks an affinity it is releasing as deleted before it removes it */
  deleted: boolean;
  /** ordinal (offset in the block) -> the handle holding that address */
  allocations: Record<string, string>;
  /** free ordinals in the order Calico hands them out: lowest first, released ones at the end */
  unallocated: number[];
}

export interface IpamState {
  pools: Pool[];
  reservations: Reservation[];
  blocks: Block[];
}

/** The host name Calico's LoadBalancer controller claims blocks for (virtual affinity). */
export const LOAD_BALANCER_HOST = 'load-balancer';

export const DEFAULT_BLOCK_SIZE = 26;

export function emptyState(pools: Pool[] = [], reservations: Reservation[] = []): IpamState {
  return { pools, reservations, blocks: [] };
}

/** A pool with Calico's defaults for every field the caller leaves out. */
export function pool(p: Pick<Pool, 'name' | 'cidr'> & Partial<Pool>): Pool {
  return {
    blockSize: DEFAULT_BLOCK_SIZE,
    nodeSelector: 'all()',
    disabled: false,
    allowedUses: ['Workload', 'Tunnel'],
    assignmentMode: 'Automatic',
    ...p,
  };
}
