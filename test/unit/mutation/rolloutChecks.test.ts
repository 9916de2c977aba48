/**
 * Lab 09's rollout checks over what its text shows (README 2.3 and 3.2: multitool-2's pods before and after the
 * patch, the pools), and the text's own patch as textPatch.ts reads it from the course folder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { podsInAnnotatedPools, podsReplaced, rolledOut } from '../../../support/mutation/rolloutChecks.ts';
import { rolloutProgress, waitDaemonSetRollout } from '../../../support/mutation/rollout.ts';
import { patchesInText, textPatchOf } from '../../../support/mutation/textPatch.ts';
import type { IpPool } from '../../../support/ipam/model.ts';

const pools: IpPool[] = [
  { name: 'default-ipv4-ippool', cidr: '192.168.0.0/17', blockSize: 26, disabled: false, nodeSelector: 'all()' },
  { name: 'secondary-ipv4-ippool', cidr: '192.168.128.0/17', blockSize: 26, disabled: false, nodeSelector: '!all()' },
];
const ANNOTATION = '["secondary-ipv4-ippool"]';
// section 2.3 (before) and 3.2 (after) of the text
const before = [
  { name: 'multitool-2-hmhh2', node: 'k01-control-plane' },
  { name: 'multitool-2-kcv8c', node: 'k01-worker2' },
  { name: 'multitool-2-m22jw', node: 'k01-worker' },
];
const after = [
  { name: 'multitool-2-rxh2b', node: 'k01-worker2', ip: '192.168.216.192' },
  { name: 'multitool-2-tc274', node: 'k01-worker', ip: '192.168.170.192' },
  { name: 'multitool-2-xwzrw', node: 'k01-control-plane', ip: '192.168.197.0' },
];
const state = { generation: 2, observedGeneration: 2, desired: 3, updated: 3, available: 3 };

test("rollout: complete passes; a generation not observed, pods not updated or not available fail, in kubectl's words", () => {
  assert.equal(
    rolledOut('daemonset/multitool-2', { seconds: 9, state, progress: rolloutProgress(state) }, 60).observed,
    '',
  );
  const cases: [Partial<typeof state>, RegExp][] = [
    [{ observedGeneration: 1 }, /waiting for the rollout to be observed/],
    [{ updated: 2 }, /2 out of 3 new pods have been updated/],
    [{ available: 1 }, /1 of 3 updated pods are available/],
  ];
  for (const [change, message] of cases) {
    const s = { ...state, ...change };
    const f = rolledOut('daemonset/multitool-2', { seconds: 60, state: s, progress: rolloutProgress(s) }, 60);
    assert.notEqual(f.observed, f.expected);
    assert.match(f.message, message);
    assert.match(f.message, /did not roll out within 60 s/);
  }
});

test('rollout: one stopped early for making no progress says so, with how long it stalled and the bound', () => {
  const s = { ...state, updated: 2, available: 2 };
  const f = rolledOut(
    'daemonset/multitool-2',
    { seconds: 21, state: s, progress: rolloutProgress(s), stalledSeconds: 15 },
    60,
  );
  assert.notEqual(f.observed, f.expected);
  assert.match(f.message, /stopped rolling out \(no progress in 15 s, of the 60 s allowed\): 2 out of 3 new pods/);
});

test('rollout wait: stops once the counts stay the same for the stall bound, never while they move', async () => {
  const states = [0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2].map((updated) => ({
    metadata: { generation: 2 },
    status: { observedGeneration: 2, desiredNumberScheduled: 3, updatedNumberScheduled: updated, numberAvailable: 3 },
  }));
  let reads = 0;
  const apps = { readNamespacedDaemonSet: async () => states[Math.min(reads++, states.length - 1)] };
  const w = await waitDaemonSetRollout(apps as never, 'default', 'multitool-2', 60, 1.2);
  assert.equal(w.stalledSeconds, 1.2);
  assert.equal(w.state.updated, 2);
  assert.ok(reads >= 5 && reads <= 8, `stopped after ${reads} reads (500 ms apart)`);
  reads = 0;
  const noStall = await waitDaemonSetRollout(apps as never, 'default', 'multitool-2', 2);
  assert.equal(noStall.stalledSeconds, undefined, 'no stall bound: waits out its seconds');
});

test("re-created pods: the text's new pods pass; an old pod kept, a node without a pod, or nothing before fail", () => {
  const now = after.map(({ name, node }) => ({ name, node }));
  assert.deepEqual(podsReplaced('daemonset/multitool-2', before, now).observed, []);
  const kept = [...now.slice(0, 2), before[0]!];
  assert.deepEqual(podsReplaced('daemonset/multitool-2', before, kept).observed, [
    'k01-control-plane: multitool-2-hmhh2 is still the pod from before the change',
  ]);
  assert.deepEqual(podsReplaced('daemonset/multitool-2', before, now.slice(1)).observed, [
    'k01-worker2: 0 pods (none)',
  ]);
  assert.deepEqual(podsReplaced('daemonset/multitool-2', [], now).observed, ['it had no pod before the change']);
});

test('annotated pools: the pods of 3.2 are in the pool they name; a default-pool address, no annotation, no pool fail', () => {
  const annotated = after.map((p) => ({ name: p.name, ip: p.ip, ipv4pools: ANNOTATION }));
  assert.deepEqual(podsInAnnotatedPools('daemonset/multitool-2', annotated, pools).observed, []);
  // by CIDR too, as Calico reads the annotation
  const byCidr = annotated.map((p) => ({ ...p, ipv4pools: '["192.168.128.0/17"]' }));
  assert.deepEqual(podsInAnnotatedPools('daemonset/multitool-2', byCidr, pools).observed, []);
  const stayed = [{ ...annotated[0]!, ip: '192.168.88.201' }, ...annotated.slice(1)];
  const f = podsInAnnotatedPools('daemonset/multitool-2', stayed, pools);
  assert.deepEqual(f.observed, [
    'multitool-2-rxh2b has 192.168.88.201, from default-ipv4-ippool, not from secondary-ipv4-ippool (192.168.128.0/17)',
  ]);
  const { ipv4pools: _a, ...bare } = annotated[0]!;
  assert.match(podsInAnnotatedPools('x', [bare], pools).observed[0]!, /has no cni\.projectcalico\.org\/ipv4pools/);
  assert.match(podsInAnnotatedPools('x', [{ ...bare, ipv4pools: '["nope"]' }], pools).observed[0]!, /names no pool/);
  assert.match(podsInAnnotatedPools('x', [{ ...bare, ipv4pools: 'nope' }], pools).observed[0]!, /not JSON/);
  assert.deepEqual(podsInAnnotatedPools('x', [], pools).observed, ['x has no pod']);
});

const TEXT = '/work/shared/course/09-multi-ippool/README.md';

test("the text's patch of multitool-2 is read from lab 09's README, not retyped", { skip: !existsSync(TEXT) }, () => {
  const p = textPatchOf(TEXT, 'DaemonSet', 'multitool-2');
  assert.equal(p.type, 'strategic');
  const template = (p.patch as { spec: { template: { metadata: { annotations: Record<string, string> } } } }).spec
    .template;
  assert.equal(template.metadata.annotations['cni.projectcalico.org/ipv4pools'], ANNOTATION);
  assert.throws(
    () => textPatchOf(TEXT, 'DaemonSet', 'multitool-1'),
    /has 0 `kubectl patch` of the DaemonSet multitool-1/,
  );
});

test('text patches: --type and resource/name forms; a patch that is not JSON is a one-line error', () => {
  const md = [
    '```',
    `kubectl patch ds/web --type merge -p '{"spec":{"replicas":2}}'`,
    `kubectl patch deployment api --patch='{"a":1}'`,
    '```',
    '',
    '```',
    `kubectl patch ds bad -p 'spec: {}'`,
    '```',
  ];
  assert.throws(() => patchesInText(md.join('\n')), /is not JSON/);
  const ok = patchesInText(md.slice(0, 4).join('\n'));
  assert.deepEqual(
    ok.map((p) => [p.resource, p.name, p.type]),
    [
      ['ds', 'web', 'merge'],
      ['deployment', 'api', 'strategic'],
    ],
  );
});
