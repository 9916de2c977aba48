/**
 * A DaemonSet's template patched through the twin's API with the real kubectl, as lab 09's text patches
 * multitool-2: the twin's store takes the new spec (generation 2), its DaemonSet controller rolls the pods (new
 * names, the new revision, the template's annotation), and `kubectl rollout status` follows it to the end. Pods
 * here turn Ready as soon as the controller makes them (no dataplane); the twin's pod controller builds them there.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { requireTool } from '../../tools.ts';
import { startTestApi, fixtureObjects, type TestTwinApi } from './fixture.ts';
import { emptyWrites, ObjectStore } from '../../../twin/control/store.ts';
import { DaemonSetController } from '../../../twin/control/daemonSetController.ts';
import { revisionHash } from '../../../twin/control/rollout.ts';
import type { KubeObject, WriteOp } from '../../../twin/api/types.ts';
import type { PlannedNode } from '../../../twin/plan.ts';
import type { TwinState } from '../../../twin/control/state.ts';
import type { EventRecorder } from '../../../twin/control/events.ts';

const NODES = ['k8-services-control-plane', 'k8-services-worker', 'k8-services-worker2'];
const TEMPLATE = {
  metadata: { labels: { app: 'multitool-2' } },
  spec: {
    containers: [{ name: 'multitool', image: 'praqma/network-multitool:latest' }],
    tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
  },
};
const READY = {
  phase: 'Running',
  conditions: [{ type: 'Ready', status: 'True' }],
};

function daemonSet(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: 'multitool-2',
      namespace: 'default',
      uid: 'uid-ds',
      generation: 1,
      creationTimestamp: '2026-12-07T00:00:00Z',
    },
    spec: { selector: { matchLabels: { app: 'multitool-2' } }, template: TEMPLATE },
  };
}

function labPod(node: string, i: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `multitool-2-old${i}`,
      namespace: 'default',
      uid: `uid-old${i}`,
      creationTimestamp: '2026-12-07T00:00:00Z',
      labels: {
        app: 'multitool-2',
        'controller-revision-hash': revisionHash(TEMPLATE),
        'pod-template-generation': '1',
      },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'multitool-2', uid: 'uid-ds', controller: true },
      ],
    },
    spec: { ...TEMPLATE.spec, nodeName: node },
    status: READY,
  };
}

/** The twin's store and DaemonSet controller over fixed objects: each read runs one controller pass. */
function rollingSource() {
  const derived = [...fixtureObjects(), daemonSet(), ...NODES.map(labPod)];
  const store = new ObjectStore(emptyWrites(), () => {});
  const noState = { read: () => undefined, write: () => {} } as unknown as TwinState;
  const events = { record: () => {} } as unknown as EventRecorder;
  const nodes = NODES.map((name) => ({
    name,
    taints: name.endsWith('control-plane')
      ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]
      : [],
  })) as unknown as PlannedNode[];
  const controller = new DaemonSetController(nodes, noState, events);
  const managed = (ds: KubeObject) => store.isCreated(ds) || store.hasSpecWritten(ds);
  const served = () => controller.serve(store.view(derived), managed);
  return {
    store,
    snapshot: async () => {
      controller.sync(served(), managed, {
        remove: (p) => (store.isCreated(p) ? store.remove(p) : store.markDeleted(p)),
        create: (p) => store.put({ ...p, status: READY }),
      });
      return { objects: served(), resourceVersion: String(Date.now()) };
    },
    write: async (op: WriteOp) => store.apply(op),
    exec: async () => {
      throw new Error('no exec here');
    },
  };
}

describe('kubectl patch of a DaemonSet template, and rollout status, through the twin API', () => {
  let api: TestTwinApi;
  let KUBECTL = '';

  before(async () => {
    KUBECTL = requireTool('kubectl', "kubectl: Google's kubectl dispatcher, as preinstalled here", process.env.KUBECTL);
    api = await startTestApi(
      { major: '1', minor: '28', gitVersion: 'v1.28.0' },
      rollingSource() as unknown as Parameters<typeof startTestApi>[1],
    );
  });
  after(async () => {
    await api?.server.close();
  });

  function kubectl(...rest: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const args = ['--kubeconfig', api.kubeconfigPath, '--cache-dir', join(api.dir, 'kc'), ...rest];
    return new Promise((resolve) => {
      execFile(KUBECTL, args, { env: { ...process.env, HOME: api.dir }, timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
  }

  test("lab 09's patch re-creates the pods with the annotation, and rollout status waits for it", async () => {
    const patch =
      '{"spec":{"template":{"metadata":{"annotations":{"cni.projectcalico.org/ipv4pools":"[\\"secondary-ipv4-ippool\\"]"}}}}}';
    const patched = await kubectl('patch', 'daemonset', 'multitool-2', '-p', patch);
    assert.equal(patched.code, 0, patched.stderr);
    assert.match(patched.stdout, /daemonset.apps\/multitool-2 patched/);
    const status = await kubectl('rollout', 'status', 'daemonset/multitool-2', '--timeout=40s');
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /daemon set "multitool-2" successfully rolled out/);
    const ds = JSON.parse((await kubectl('get', 'ds', 'multitool-2', '-o', 'json')).stdout);
    assert.equal(ds.metadata.generation, 2);
    assert.equal(ds.status.observedGeneration, 2);
    assert.equal(ds.status.updatedNumberScheduled, 3);
    const pods = JSON.parse((await kubectl('get', 'pods', '-l', 'app=multitool-2', '-o', 'json')).stdout).items;
    assert.deepEqual(pods.map((p: KubeObject) => (p.spec as { nodeName: string }).nodeName).sort(), NODES);
    for (const p of pods) {
      assert.doesNotMatch(p.metadata.name, /old/);
      assert.equal(p.metadata.annotations['cni.projectcalico.org/ipv4pools'], '["secondary-ipv4-ippool"]');
      assert.equal(p.metadata.labels['pod-template-generation'], '2');
    }
  });
});
