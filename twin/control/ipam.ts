/**
 * The twin's Calico IPAM state on disk (twin/ipam/: pools, reservations, blocks with their affinities and the
 * addresses handed out). As Calico's IPAM does, a block's affinity is `pending` from the moment the block is
 * claimed for a node until it is in use on the node (its pods addressed from it, the routes to it programmed),
 * then `confirmed`. The BlockAffinities the API serves are this state's, so a claim that never completed (or a
 * fault that edits the state) shows there.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../api/types.ts';
import { Ipam, affinityName, emptyState, type AffinityState, type Block, type IpamState } from '../ipam/index.ts';
import type { TwinPlan } from '../plan.ts';
import type { TwinState } from './state.ts';

export type { AffinityState } from '../ipam/index.ts';
export { affinityName } from '../ipam/index.ts';

export type IpamRecord = IpamState;

/** One affinity as the API serves it and the faults edit it: a block's host, CIDR and claim state. */
export interface BlockClaim {
  node: string;
  cidr: string;
  state: AffinityState;
  deleted: boolean;
}

/** The state right after the plan: every block claimed, every affinity pending. */
export function claimBlocks(plan: Pick<TwinPlan, 'ipam'>): IpamRecord {
  return structuredClone(plan.ipam);
}

/** The state once `node`'s blocks are in use on the node: its affinities confirmed, the others as they were. */
export function confirmBlock(record: IpamRecord, node: string): IpamRecord {
  const ipam = new Ipam(record);
  ipam.confirm(node);
  return ipam.state;
}

/** Every block's affinity, in the order the blocks were claimed. */
export function claimsOf(record: IpamRecord): BlockClaim[] {
  return new Ipam(record).affinities().map((a) => ({ node: a.host, cidr: a.cidr, state: a.state, deleted: a.deleted }));
}

export function readIpam(state: TwinState): IpamRecord {
  return state.read<IpamRecord>('ipam.json') ?? emptyState();
}

export function writeIpam(state: TwinState, record: IpamRecord): void {
  state.write('ipam.json', record);
}

/** The BlockAffinity objects the API serves: one per affine block of the state, as recorded. */
export function blockAffinities(record: IpamRecord, createdAt: string): KubeObject[] {
  return claimsOf(record).map((c) => ({
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'BlockAffinity',
    metadata: {
      name: affinityName(c.node, c.cidr),
      creationTimestamp: createdAt,
      uid: createHash('sha256').update(`affinity/${createdAt}/${c.node}/${c.cidr}`).digest('hex').slice(0, 32),
    },
    spec: { node: c.node, cidr: c.cidr, state: c.state, deleted: String(c.deleted) },
  }));
}

/** The state with `edit` applied to the blocks affine to `node` (to the one of `cidr` when given). */
export function editBlocks(
  record: IpamRecord,
  node: string,
  edit: (b: Block) => Partial<Block>,
  cidr?: string,
): IpamRecord {
  return {
    ...record,
    blocks: record.blocks.map((b) =>
      b.affinity?.host === node && (cidr === undefined || b.cidr === cidr) ? { ...b, ...edit(b) } : b,
    ),
  };
}

/** The state with one more block affine to `node`, confirmed and empty (as a fault leaves it). */
export function addBlock(record: IpamRecord, node: string, cidr: string, pool: string): IpamRecord {
  const size = 2 ** (32 - Number(cidr.split('/')[1]));
  const block: Block = {
    cidr,
    pool,
    affinity: { type: 'host', host: node },
    state: 'confirmed',
    deleted: false,
    allocations: {},
    unallocated: Array.from({ length: size }, (_, i) => i),
  };
  return { ...record, blocks: [...record.blocks, block] };
}
