import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  deletionOrder,
  deploymentCounts,
  isAvailable,
  planDeploymentSync,
  planReplicaSetSync,
  podTemplateHash,
  resolveFenceposts,
  revisionToSet,
  scaledValue,
  type DeploymentView,
  type ReplicaPod,
  type ReplicaSetView,
} from '../../../twin/control/deploymentRollout.ts';

const rolling = (replicas: number, maxSurge?: number | string, maxUnavailable?: number | string): DeploymentView => ({
  replicas,
  strategy: { type: 'RollingUpdate', maxSurge, maxUnavailable },
  revisionHistoryLimit: 10,
});
const rs = (name: string, replicas: number, available = replicas, pods = replicas, revision = 1): ReplicaSetView => ({
  name,
  replicas,
  pods,
  available,
  revision,
  created: `2026-12-07T00:0${revision}:00Z`,
});

/** Runs syncs, each one's pods made and made available at once, until nothing changes; returns every scaling. */
function rollToEnd(d: DeploymentView, rss: ReplicaSetView[], newName: string): string[] {
  const steps: string[] = [];
  for (let i = 0; i < 50; i++) {
    const newRS = rss.find((r) => r.name === newName);
    const plan = planDeploymentSync(
      d,
      newRS,
      rss.filter((r) => r.name !== newName),
    );
    if (plan.create) rss.push(rs(newName, plan.create.replicas, plan.create.replicas, plan.create.replicas, 9));
    for (const s of plan.scale) {
      const r = rss.find((x) => x.name === s.name)!;
      Object.assign(r, { replicas: s.replicas, pods: s.replicas, available: s.replicas });
    }
    const moves = [
      ...(plan.create ? [`${newName}=${plan.create.replicas}`] : []),
      ...plan.scale.map((s) => `${s.name}=${s.replicas}`),
    ];
    if (moves.length === 0) return steps;
    steps.push(moves.join(' '));
  }
  throw new Error('the rollout did not settle');
}

test('maxSurge rounds up and maxUnavailable down, as ResolveFenceposts does; defaults 25%/25%', () => {
  assert.deepEqual(resolveFenceposts(undefined, undefined, 2), { surge: 1, unavailable: 0 });
  assert.deepEqual(resolveFenceposts(undefined, undefined, 10), { surge: 3, unavailable: 2 });
  assert.deepEqual(resolveFenceposts('50%', '50%', 3), { surge: 2, unavailable: 1 });
  assert.deepEqual(resolveFenceposts(0, 0, 4), { surge: 0, unavailable: 1 }, 'both 0: maxUnavailable becomes 1');
  assert.equal(scaledValue('2', 5, true), 2);
  assert.throws(() => scaledValue('x%', 5, true), /must be an integer or percentage/);
});

test('a template change with 2 replicas (25%/25%: surge 1, unavailable 0) surges one pod at a time', () => {
  const rss = [rs('web-old', 2)];
  const steps = rollToEnd(rolling(2), rss, 'web-new');
  assert.deepEqual(steps, ['web-new=1', 'web-old=1', 'web-new=2', 'web-old=0']);
});

test('maxSurge 0, maxUnavailable 1: an old pod goes before each new one comes', () => {
  const rss = [rs('web-old', 3)];
  const steps = rollToEnd(rolling(3, 0, 1), rss, 'web-new');
  assert.deepEqual(steps, ['web-new=0 web-old=2', 'web-new=1', 'web-old=1', 'web-new=2', 'web-old=0', 'web-new=3']);
});

test('while the new pods are not available, the old ReplicaSet is not scaled below minAvailable', () => {
  const plan = planDeploymentSync(rolling(2), rs('web-new', 1, 0, 1, 2), [rs('web-old', 2, 2, 2, 1)]);
  assert.deepEqual(plan, { scale: [], remove: [] });
});

test('unavailable old pods are cleaned up first, whatever the available budget', () => {
  // 4 replicas (surge 1, unavailable 1), the new ReplicaSet full and available; the old one has 2 broken pods
  const plan = planDeploymentSync(rolling(4), rs('web-new', 1, 1, 1, 2), [rs('web-old', 4, 2, 4, 1)]);
  assert.deepEqual(plan.scale, [{ name: 'web-old', replicas: 2 }]);
});

test('Recreate: old ReplicaSets to 0 first, the new one created only once their pods are gone', () => {
  const d: DeploymentView = { replicas: 3, strategy: { type: 'Recreate' }, revisionHistoryLimit: 10 };
  assert.deepEqual(planDeploymentSync(d, undefined, [rs('web-old', 3)]), {
    scale: [{ name: 'web-old', replicas: 0 }],
    remove: [],
  });
  assert.deepEqual(planDeploymentSync(d, undefined, [rs('web-old', 0, 1, 1)]), { scale: [], remove: [] });
  assert.deepEqual(planDeploymentSync(d, undefined, [rs('web-old', 0, 0, 0)]), {
    create: { replicas: 3, revision: 2 },
    scale: [],
    remove: [],
  });
});

test('scaling without a template change scales the one ReplicaSet (down at once, up within the surge)', () => {
  assert.deepEqual(planDeploymentSync(rolling(1), rs('web-a', 3), []).scale, [{ name: 'web-a', replicas: 1 }]);
  assert.deepEqual(planDeploymentSync(rolling(5), rs('web-a', 2), []).scale, [{ name: 'web-a', replicas: 5 }]);
  assert.deepEqual(planDeploymentSync(rolling(2), rs('web-a', 2), []), { scale: [], remove: [] });
});

test('old ReplicaSets are kept at 0 up to revisionHistoryLimit; beyond it the oldest go once complete', () => {
  const d = { ...rolling(1), revisionHistoryLimit: 1 };
  const old = [rs('web-1', 0, 0, 0, 1), rs('web-2', 0, 0, 0, 2)];
  assert.deepEqual(planDeploymentSync(d, rs('web-3', 1, 1, 1, 3), old).remove, ['web-1']);
  assert.deepEqual(planDeploymentSync(d, rs('web-3', 1, 0, 1, 3), old).remove, [], 'not while the rollout runs');
  assert.deepEqual(planDeploymentSync(rolling(1), rs('web-3', 1, 1, 1, 3), old).remove, [], 'within the default 10');
});

test('a new ReplicaSet gets the revision after the highest', () => {
  assert.equal(
    planDeploymentSync(rolling(1), undefined, [rs('a', 1, 1, 1, 4), rs('b', 0, 0, 0, 2)]).create?.revision,
    5,
  );
});

test('the pod-template-hash is stable for a template (key order aside) and differs between templates', () => {
  const a = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } };
  const reordered = { spec: { containers: [{ image: 'nginx:1', name: 'c' }] }, metadata: { labels: { app: 'web' } } };
  const b = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } };
  assert.equal(podTemplateHash(a), podTemplateHash(reordered));
  assert.notEqual(podTemplateHash(a), podTemplateHash(b));
  assert.match(podTemplateHash(a), /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
});

const pod = (name: string, over: Partial<ReplicaPod> = {}): ReplicaPod => ({
  name,
  node: 'w1',
  phase: 'Running',
  ready: true,
  created: '2026-12-07T00:00:00Z',
  readySince: '2026-12-07T00:00:10Z',
  ...over,
});

test('scale-down ranks unscheduled, Pending, not Ready, crowded, recently Ready, then newer pods first', () => {
  const pods = [
    pod('old-ready', { node: 'w2' }),
    pod('new-ready', { node: 'w3', created: '2026-12-07T01:00:00Z', readySince: '2026-12-07T01:00:05Z' }),
    pod('not-ready', { node: 'w2', ready: false }),
    pod('pending', { phase: 'Pending', ready: false }),
    pod('unscheduled', { node: '', phase: 'Pending', ready: false }),
  ];
  assert.deepEqual(
    deletionOrder(pods).map((p) => p.name),
    ['unscheduled', 'pending', 'not-ready', 'old-ready', 'new-ready'],
  );
  const crowded = [pod('alone', { node: 'w1' }), pod('twin-a', { node: 'w2' }), pod('twin-b', { node: 'w2' })];
  assert.equal(deletionOrder(crowded)[2]!.name, 'alone', 'a pod sharing its node goes before one alone');
});

test('a ReplicaSet creates the missing pods or deletes the lowest-ranked extra ones', () => {
  assert.deepEqual(planReplicaSetSync(3, [pod('a')]), { create: 2, remove: [] });
  const pods = [pod('a'), pod('b', { created: '2026-12-07T02:00:00Z', readySince: '2026-12-07T02:00:01Z' })];
  assert.deepEqual(planReplicaSetSync(1, pods), { create: 0, remove: ['b'] });
  assert.deepEqual(planReplicaSetSync(2, pods), { create: 0, remove: [] });
});

test('the Deployment status sums its ReplicaSets; Available holds with replicas - maxUnavailable available', () => {
  const d = rolling(4);
  const newRS = { ...rs('web-new', 2, 1, 2, 2), ready: 1 };
  const old = { ...rs('web-old', 3, 3, 3, 1), ready: 3 };
  assert.deepEqual(deploymentCounts(d, newRS, [newRS, old], 7), {
    observedGeneration: 7,
    replicas: 5,
    updatedReplicas: 2,
    readyReplicas: 4,
    availableReplicas: 4,
    unavailableReplicas: 0,
  });
  assert.equal(isAvailable(d, 3), true);
  assert.equal(isAvailable(d, 2), false);
  assert.equal(isAvailable({ ...d, strategy: { type: 'Recreate' } }, 3), false);
});

test('a template that comes back takes the revision after every old one; the newest keeps its own', () => {
  assert.equal(revisionToSet(rs('web-2', 2, 2, 2, 2), [rs('web-1', 0, 0, 0, 1), rs('web-3', 0, 0, 0, 3)]), 4);
  assert.equal(revisionToSet(rs('web-3', 2, 2, 2, 3), [rs('web-1', 0, 0, 0, 1)]), undefined);
});
