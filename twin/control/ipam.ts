/**
 * The twin's Calico IPAM record: which node holds which block, and how far its claim has gone. As Calico's
 * IPAM does, a node's claim is `pending` from the moment a block is chosen for it until the block is in use on
 * the node (its pods addressed from it, the routes to it programmed), then `confirmed`. The BlockAffinities the
 * API serves are this record, so a claim that never completed (or a fault that edits the record) shows there.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../api/types.ts';
import type { TwinPlan } from '../plan.ts';
import type { TwinState } from './state.ts';

/** Calico's BlockAffinity states. */
export type AffinityState = 'pending' | 'confirmed' | 'pendingDeletion';

export interface BlockClaim {
  node: string;
  cidr: string;
  state: AffinityState;
  /** Calico marks an affinity it is releasing as deleted ("true") before it removes it */
  deleted: boolean;
}

export interface IpamRecord {
  claims: BlockClaim[];
}

/** The record right after the plan chose the blocks: every node's claim pending. */
export function claimBlocks(plan: Pick<TwinPlan, 'nodes'>): IpamRecord {
  return { claims: plan.nodes.map((n) => ({ node: n.name, cidr: n.block, state: 'pending', deleted: false })) };
}

/** The record once `node`'s block is in use on the node: its claim confirmed, the others as they were. */
export function confirmBlock(record: IpamRecord, node: string): IpamRecord {
  return {
    claims: record.claims.map((c) => (c.node === node && c.state === 'pending' ? { ...c, state: 'confirmed' } : c)),
  };
}

export function readIpam(state: TwinState): IpamRecord {
  return state.read<IpamRecord>('ipam.json') ?? { claims: [] };
}

export function writeIpam(state: TwinState, record: IpamRecord): void {
  state.write('ipam.json', record);
}

/** Calico's name for an affinity: the node, then the block with dots and slash as dashes. */
export function affinityName(claim: Pick<BlockClaim, 'node' | 'cidr'>): string {
  return `${claim.node}-${claim.cidr.replace(/[./]/g, '-')}`;
}

/** The BlockAffinity objects the API serves: one per claim in the record, as recorded. */
export function blockAffinities(record: IpamRecord, createdAt: string): KubeObject[] {
  return record.claims.map((c) => ({
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'BlockAffinity',
    metadata: {
      name: affinityName(c),
      creationTimestamp: createdAt,
      uid: createHash('sha256').update(`affinity/${createdAt}/${c.node}/${c.cidr}`).digest('hex').slice(0, 32),
    },
    spec: { node: c.node, cidr: c.cidr, state: c.state, deleted: String(c.deleted) },
  }));
}
