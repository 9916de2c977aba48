import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ordinalOf,
  planStatefulSetPass,
  statefulSetCounts,
  type StatefulPod,
  type StatefulSetView,
} from '../../../twin/control/statefulSetRollout.ts';
import { withStatefulSetDefaults } from '../../../twin/control/statefulSetController.ts';
import type { KubeObject } from '../../../twin/api/types.ts';

const set = (over: Partial<StatefulSetView> = {}): StatefulSetView => ({
  replicas: 3,
  policy: 'OrderedReady',
  strategy: 'RollingUpdate',
  partition: 0,
  updateRevision: 'new',
  ...over,
});
const pod = (ordinal: number, revision = 'new', ready = true, terminating = false): StatefulPod => ({
  name: `web-${ordinal}`,
  ordinal,
  revision,
  ready,
  terminating,
});

test('ordinals: only `<set>-<n>` without leading zeros is one of the set', () => {
  assert.equal(ordinalOf('web', 'web-0'), 0);
  assert.equal(ordinalOf('web', 'web-12'), 12);
  for (const name of ['web-01', 'web-', 'web-a', 'webx-1', 'web-1-2', 'other-1']) {
    assert.equal(ordinalOf('web', name), undefined, name);
  }
});

test('OrderedReady creates one ordinal at a time, lowest first, each once the one before is Ready', () => {
  assert.deepEqual(planStatefulSetPass(set(), []), { create: [0], remove: [] });
  assert.deepEqual(planStatefulSetPass(set(), [pod(0, 'new', false)]), { create: [], remove: [] });
  assert.deepEqual(planStatefulSetPass(set(), [pod(0)]), { create: [1], remove: [] });
  assert.deepEqual(planStatefulSetPass(set(), [pod(0), pod(1)]), { create: [2], remove: [] });
  assert.deepEqual(planStatefulSetPass(set(), [pod(0), pod(2)]), { create: [1], remove: [] });
  assert.deepEqual(planStatefulSetPass(set(), [pod(0), pod(1), pod(2)]), { create: [], remove: [] });
});

test('Parallel creates every missing ordinal at once, Ready or not', () => {
  assert.deepEqual(planStatefulSetPass(set({ policy: 'Parallel' }), [pod(1, 'new', false)]), {
    create: [0, 2],
    remove: [],
  });
});

test('scaling down: the highest ordinal goes first, one at a time, and only while every kept pod is Ready', () => {
  const all = [pod(0), pod(1), pod(2), pod(3), pod(4)];
  assert.deepEqual(planStatefulSetPass(set({ replicas: 2 }), all), { create: [], remove: ['web-4'] });
  const going = [pod(0), pod(1), pod(2), pod(3), pod(4, 'new', true, true)];
  assert.deepEqual(planStatefulSetPass(set({ replicas: 2 }), going), { create: [], remove: [] });
  assert.deepEqual(planStatefulSetPass(set({ replicas: 2 }), [pod(0, 'new', false), pod(1), pod(2)]), {
    create: [],
    remove: [],
  });
  assert.deepEqual(planStatefulSetPass(set({ replicas: 2, policy: 'Parallel' }), going), {
    create: [],
    remove: ['web-3', 'web-2'],
  });
});

test('a rolling update deletes the highest old pod, then waits for its replacement to be Ready', () => {
  const old = [pod(0, 'old'), pod(1, 'old'), pod(2, 'old')];
  assert.deepEqual(planStatefulSetPass(set(), old), { create: [], remove: ['web-2'] });
  // web-2 gone: it is created again (from the new template) before anything else happens
  assert.deepEqual(planStatefulSetPass(set(), [pod(0, 'old'), pod(1, 'old')]), { create: [2], remove: [] });
  assert.deepEqual(planStatefulSetPass(set(), [pod(0, 'old'), pod(1, 'old'), pod(2, 'new', false)]), {
    create: [],
    remove: [],
  });
  assert.deepEqual(planStatefulSetPass(set(), [pod(0, 'old'), pod(1, 'old'), pod(2)]), {
    create: [],
    remove: ['web-1'],
  });
  assert.deepEqual(planStatefulSetPass(set(), [pod(0), pod(1), pod(2)]), { create: [], remove: [] });
});

test('a partition keeps the ordinals below it at their revision; OnDelete rolls nothing', () => {
  const old = [pod(0, 'old'), pod(1, 'old'), pod(2)];
  assert.deepEqual(planStatefulSetPass(set({ partition: 2 }), old), { create: [], remove: [] });
  assert.deepEqual(planStatefulSetPass(set({ partition: 1 }), old), { create: [], remove: ['web-1'] });
  assert.deepEqual(planStatefulSetPass(set({ strategy: 'OnDelete' }), old), { create: [], remove: [] });
});

test('the counts: pods going away are not counted; current and updated by revision', () => {
  const pods = [pod(0, 'old'), pod(1, 'new', false), pod(2, 'new', true, true)];
  assert.deepEqual(statefulSetCounts(pods, 'old', 'new'), {
    replicas: 2,
    readyReplicas: 1,
    currentReplicas: 1,
    updatedReplicas: 1,
  });
});

test("the API server's defaults: 1 replica, OrderedReady, RollingUpdate from partition 0, PVCs retained", () => {
  const bare = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' }, spec: {} } as KubeObject;
  const spec = withStatefulSetDefaults(bare).spec as Record<string, unknown>;
  assert.equal(spec.replicas, 1);
  assert.equal(spec.podManagementPolicy, 'OrderedReady');
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  const onDelete = { ...bare, spec: { replicas: 2, updateStrategy: { type: 'OnDelete' } } } as KubeObject;
  assert.deepEqual((withStatefulSetDefaults(onDelete).spec as Record<string, unknown>).updateStrategy, {
    type: 'OnDelete',
  });
});
