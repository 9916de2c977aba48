import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  daemonSetStatus,
  maxUnavailableOf,
  planRollout,
  revisionHash,
  type DaemonPod,
} from '../../../twin/control/rollout.ts';
import { DaemonSetController, withDefaults } from '../../../twin/control/daemonSetController.ts';
import type { KubeObject } from '../../../twin/api/types.ts';
import type { PlannedNode } from '../../../twin/plan.ts';
import type { TwinState } from '../../../twin/control/state.ts';
import type { EventRecorder } from '../../../twin/control/events.ts';

const NODES = ['cp', 'w1', 'w2'];
const pod = (name: string, node: string, revision: string, ready = true, terminating = false): DaemonPod => ({
  name,
  node,
  revision,
  ready,
  terminating,
});

test('a template change: one available old pod goes at a time (maxUnavailable 1), none is created yet', () => {
  const pods = NODES.map((n, i) => pod(`ds-${i}`, n, 'old'));
  assert.deepEqual(planRollout(NODES, pods, 'new'), { remove: ['ds-0'], create: [] });
});

test('a node left without a pod (its old one gone) gets a pod of the new revision; no other old pod goes yet', () => {
  const pods = [pod('ds-1', 'w1', 'old'), pod('ds-2', 'w2', 'old')];
  assert.deepEqual(planRollout(NODES, pods, 'new'), { remove: [], create: ['cp'] });
});

test('while the old pod is still terminating on its node, the node gets no new pod', () => {
  const pods = [pod('ds-0', 'cp', 'old', false, true), pod('ds-1', 'w1', 'old'), pod('ds-2', 'w2', 'old')];
  assert.deepEqual(planRollout(NODES, pods, 'new'), { remove: [], create: [] });
});

test('a new pod not Ready yet holds the next old pod back; once Ready the next goes', () => {
  const waiting = [pod('n-0', 'cp', 'new', false), pod('ds-1', 'w1', 'old'), pod('ds-2', 'w2', 'old')];
  assert.deepEqual(planRollout(NODES, waiting, 'new'), { remove: [], create: [] });
  const ready = [pod('n-0', 'cp', 'new'), pod('ds-1', 'w1', 'old'), pod('ds-2', 'w2', 'old')];
  assert.deepEqual(planRollout(NODES, ready, 'new'), { remove: ['ds-1'], create: [] });
});

test('an old pod that is not available goes at once, beyond the budget; a pod off the eligible nodes goes', () => {
  const pods = [pod('ds-0', 'cp', 'old', false), pod('ds-1', 'w1', 'old'), pod('ds-9', 'gone', 'new')];
  assert.deepEqual(planRollout(['cp', 'w1'], pods, 'new'), { remove: ['ds-9', 'ds-0'], create: [] });
});

test('maxUnavailable 2 lets two available old pods go in one pass; a percentage rounds up', () => {
  const pods = NODES.map((n, i) => pod(`ds-${i}`, n, 'old'));
  assert.deepEqual(planRollout(NODES, pods, 'new', 2).remove, ['ds-0', 'ds-1']);
  assert.equal(maxUnavailableOf('50%', 3), 2);
  assert.equal(maxUnavailableOf(undefined, 3), 1);
  assert.equal(maxUnavailableOf(0, 3), 1);
});

test('rolled out: nothing to do', () => {
  const pods = NODES.map((n, i) => pod(`n-${i}`, n, 'new'));
  assert.deepEqual(planRollout(NODES, pods, 'new'), { remove: [], create: [] });
});

test('the status counts the nodes with a pod of the current revision and the ones available', () => {
  const pods = [pod('n-0', 'cp', 'new'), pod('n-1', 'w1', 'new', false), pod('ds-2', 'w2', 'old')];
  assert.deepEqual(daemonSetStatus(NODES, pods, 'new', 2), {
    currentNumberScheduled: 3,
    desiredNumberScheduled: 3,
    numberAvailable: 2,
    numberMisscheduled: 0,
    numberReady: 2,
    numberUnavailable: 1,
    observedGeneration: 2,
    updatedNumberScheduled: 2,
  });
});

test('the revision hash changes with the template and comes back with it', () => {
  const t = { metadata: { labels: { app: 'x' } }, spec: { containers: [] } };
  const annotated = { ...t, metadata: { ...t.metadata, annotations: { a: 'b' } } };
  assert.notEqual(revisionHash(t), revisionHash(annotated));
  assert.equal(revisionHash(t), revisionHash(structuredClone(t)));
});

const nodes = NODES.map((name) => ({ name, taints: [] }) as unknown as PlannedNode);
const noState = { read: () => undefined, write: () => {} } as unknown as TwinState;
const events: { reason: string; message: string }[] = [];
const recorder = {
  record: (_o: unknown, _t: string, reason: string, message: string) => events.push({ reason, message }),
};

function daemonSet(annotations?: Record<string, string>): KubeObject {
  return withDefaults({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'ds', namespace: 'default', uid: 'u1', generation: 2 },
    spec: {
      selector: { matchLabels: { app: 'ds' } },
      template: {
        metadata: { labels: { app: 'ds' }, ...(annotations ? { annotations } : {}) },
        spec: { containers: [{ name: 'c', image: 'i' }] },
      },
    },
  });
}

function servedPod(name: string, node: string, revision: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels: { app: 'ds', 'controller-revision-hash': revision },
      ownerReferences: [{ kind: 'DaemonSet', name: 'ds', uid: 'u1' }],
    },
    spec: { nodeName: node },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

test('the controller deletes one old pod, then makes the new pod of its node from the template', () => {
  const ds = daemonSet({ 'cni.projectcalico.org/ipv4pools': '["secondary"]' });
  const c = new DaemonSetController(nodes, noState, recorder as unknown as EventRecorder);
  const removed: string[] = [];
  const created: KubeObject[] = [];
  const actions = {
    remove: (p: KubeObject) => removed.push(p.metadata.name),
    create: (p: KubeObject) => created.push(p),
  };
  const pods = NODES.map((n, i) => servedPod(`ds-${i}`, n, 'old'));
  c.sync([ds, ...pods], () => true, actions);
  assert.deepEqual(removed, ['ds-0']);
  assert.equal(created.length, 0);
  c.sync([ds, ...pods.slice(1)], () => true, actions);
  assert.equal(created.length, 1);
  const made = created[0]!;
  assert.match(made.metadata.name, /^ds-[a-z0-9]{5}$/);
  assert.equal((made.spec as { nodeName: string }).nodeName, 'cp');
  assert.deepEqual(made.metadata.annotations, { 'cni.projectcalico.org/ipv4pools': '["secondary"]' });
  assert.equal(made.metadata.labels?.['pod-template-generation'], '2');
  assert.equal(
    made.metadata.labels?.['controller-revision-hash'],
    revisionHash((ds.spec as { template: unknown }).template),
  );
  assert.deepEqual(
    events.map((e) => e.reason),
    ['SuccessfulDelete', 'SuccessfulCreate'],
  );
  // a DaemonSet the controller does not manage keeps its pods, whatever their revision
  removed.length = 0;
  c.sync([ds, ...pods], () => false, actions);
  assert.deepEqual(removed, []);
});

test('a served DaemonSet has the API server defaults and, once managed, the status its pods make', () => {
  const ds = daemonSet();
  assert.deepEqual((ds.spec as { updateStrategy: unknown }).updateStrategy, {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
  });
  const c = new DaemonSetController(nodes, noState, recorder as unknown as EventRecorder);
  const revision = revisionHash((ds.spec as { template: unknown }).template);
  const [served] = c.serve([ds, servedPod('a', 'cp', revision), servedPod('b', 'w1', 'old')], () => true);
  const status = served!.status as { updatedNumberScheduled: number; desiredNumberScheduled: number };
  assert.equal(status.updatedNumberScheduled, 1);
  assert.equal(status.desiredNumberScheduled, 3);
});

test('the faulty controllers: one rolls no pod, one relabels the old pods in place; neither deletes or creates', () => {
  const ds = daemonSet({ 'cni.projectcalico.org/ipv4pools': '["secondary"]' });
  const c = new DaemonSetController(nodes, noState, recorder as unknown as EventRecorder);
  const calls: string[] = [];
  const actions = {
    remove: (p: KubeObject) => calls.push(`remove ${p.metadata.name}`),
    create: (p: KubeObject) => calls.push(`create ${p.metadata.name}`),
    relabel: (p: KubeObject, labels: Record<string, string>, annotations: Record<string, string>) =>
      calls.push(`relabel ${p.metadata.name} ${labels['pod-template-generation']} ${Object.keys(annotations)}`),
  };
  const pods = NODES.map((n, i) => servedPod(`ds-${i}`, n, 'old'));
  c.sync([ds, ...pods], () => true, actions, 'rolls-no-pod');
  assert.deepEqual(calls, []);
  c.sync([ds, ...pods], () => true, actions, 'relabels-in-place');
  assert.deepEqual(
    calls,
    NODES.map((_, i) => `relabel ds-${i} 2 cni.projectcalico.org/ipv4pools`),
  );
});

test('the revision hash reads the template, not the order a client wrote its keys in', () => {
  const a = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
  const b = { spec: { containers: [{ image: 'i', name: 'c' }] }, metadata: { labels: { app: 'x' } } };
  assert.equal(revisionHash(a), revisionHash(b));
  assert.notEqual(revisionHash(a), revisionHash({ ...b, spec: { containers: [{ image: 'j', name: 'c' }] } }));
});
