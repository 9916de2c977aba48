import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  blockAffinities,
  claimBlocks,
  claimsOf,
  confirmBlock,
  editBlocks,
  type IpamRecord,
} from '../../../twin/control/ipam.ts';
import { Ipam, emptyState, pool } from '../../../twin/ipam/index.ts';
import { calicoStatuses } from '../../../twin/control/tigeraStatus.ts';
import type { ObservedNode } from '../../../twin/dataplane/observe.ts';
import type { PlannedNode } from '../../../twin/plan.ts';
import type { KubeObject } from '../../../twin/api/types.ts';
import { affinitiesFrom } from '../../../support/ipam/objects.ts';
import { blocksConfirmed } from '../../../support/ipam/checks.ts';
import { tigeraAvailable, tigeraNotDegraded } from '../../../support/cluster/checks.ts';

const nodes: PlannedNode[] = [
  { name: 'c-control-plane', role: 'control-plane', block: '192.168.10.0/26', taints: [] },
  { name: 'c-worker', role: 'worker', block: '192.168.20.64/26', taints: [] },
  { name: 'c-worker2', role: 'worker', block: '192.168.30.128/26', taints: [] },
];
const SINCE = '2026-01-01T00:00:00Z';

/** The plan's IPAM: each node's block claimed (by the first address of it, as its tunnel device takes it). */
function planned(): { ipam: IpamRecord } {
  const ipam = new Ipam(emptyState([pool({ name: 'default-ipv4-ippool', cidr: '192.168.0.0/16' })]));
  for (const n of nodes) ipam.assignIp({ ip: n.block.split('/')[0]!, handle: `tunnel-${n.name}`, host: n.name });
  return { ipam: ipam.state };
}

function healthy(): Map<string, ObservedNode> {
  return new Map(
    nodes.map((n) => [
      n.name,
      { name: n.name, running: true, pods: new Map(), routes: nodes.filter((o) => o !== n).map((o) => o.block) },
    ]),
  );
}

function confirmedAll(): IpamRecord {
  return nodes.reduce((r, n) => confirmBlock(r, n.name), claimBlocks(planned()));
}

function conditions(obj: KubeObject): Record<string, string> {
  const cs = ((obj as { status?: unknown }).status as { conditions: { type: string; status: string }[] }).conditions;
  return Object.fromEntries(cs.map((c) => [c.type, c.status]));
}

test('IPAM: a claim is pending when the block is chosen, confirmed when its node has it in use', () => {
  const claimed = claimBlocks(planned());
  assert.deepEqual(
    claimsOf(claimed).map((c) => c.state),
    ['pending', 'pending', 'pending'],
  );
  const one = confirmBlock(claimed, 'c-worker');
  assert.deepEqual(
    claimsOf(one).map((c) => `${c.node} ${c.cidr} ${c.state}`),
    [
      'c-control-plane 192.168.10.0/26 pending',
      'c-worker 192.168.20.64/26 confirmed',
      'c-worker2 192.168.30.128/26 pending',
    ],
  );
});

test("BlockAffinities are served from the record: a pending or deleted claim shows, and fails the lab's check", () => {
  const record = editBlocks(confirmBlock(claimBlocks(planned()), 'c-worker'), 'c-worker2', () => ({ deleted: true }));
  const served = blockAffinities(record, SINCE);
  assert.deepEqual(
    served.map((a) => (a.spec as { state: string; deleted: string }).state),
    ['pending', 'confirmed', 'pending'],
  );
  assert.equal((served[2]!.spec as { deleted: string }).deleted, 'true');
  assert.equal(served[1]!.metadata.name, 'c-worker-192-168-20-64-26');
  const f = blocksConfirmed(affinitiesFrom(served));
  assert.notDeepEqual(f.observed, f.expected);
  const ok = blocksConfirmed(affinitiesFrom(blockAffinities(confirmedAll(), SINCE)));
  assert.deepEqual(ok.observed, ok.expected);
});

test("TigeraStatus healthy: Available, not Progressing, not Degraded, and the lab's checks pass", () => {
  const [calico, apiserver] = calicoStatuses(nodes, healthy(), confirmedAll(), SINCE);
  assert.deepEqual(conditions(calico!), { Available: 'True', Progressing: 'False', Degraded: 'False' });
  assert.deepEqual(conditions(apiserver!), { Available: 'True', Progressing: 'False', Degraded: 'False' });
  assert.equal(
    tigeraAvailable('calico', calico as never).observed,
    tigeraAvailable('calico', calico as never).expected,
  );
});

test('TigeraStatus: a running node without its routes is Degraded (failing), not Progressing', () => {
  const observed = healthy();
  observed.get('c-worker')!.routes = [nodes[2]!.block];
  const [calico] = calicoStatuses(nodes, observed, confirmedAll(), SINCE);
  assert.deepEqual(conditions(calico!), { Available: 'False', Progressing: 'False', Degraded: 'True' });
  assert.match(
    tigeraNotDegraded('calico', calico as never).message,
    /c-worker has no route to block 192\.168\.10\.0\/26/,
  );
});

test('TigeraStatus: a node that is down is awaited (Progressing), not Degraded; apiserver follows its node', () => {
  const observed = healthy();
  observed.get('c-worker2')!.running = false;
  const [calico, apiserver] = calicoStatuses(nodes, observed, confirmedAll(), SINCE);
  assert.deepEqual(conditions(calico!), { Available: 'False', Progressing: 'True', Degraded: 'False' });
  assert.deepEqual(conditions(apiserver!), { Available: 'True', Progressing: 'False', Degraded: 'False' });
  observed.get('c-control-plane')!.running = false;
  const [, down] = calicoStatuses(nodes, observed, confirmedAll(), SINCE);
  assert.deepEqual(conditions(down!), { Available: 'False', Progressing: 'True', Degraded: 'False' });
});

test('TigeraStatus: a block claim IPAM has not confirmed is Progressing while the dataplane stays Available', () => {
  const [calico] = calicoStatuses(nodes, healthy(), confirmBlock(claimBlocks(planned()), 'c-worker'), SINCE);
  assert.deepEqual(conditions(calico!), { Available: 'True', Progressing: 'True', Degraded: 'False' });
});
