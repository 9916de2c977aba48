/**
 * Deployments through the twin's API with the real kubectl: `kubectl create deployment`, `kubectl scale` (the scale
 * subresource, found through discovery), `kubectl set image` and `kubectl rollout restart` followed by
 * `kubectl rollout status`, `kubectl wait --for=condition=Available`. The twin's store and Deployment controller run
 * a pass on every read; pods here turn Ready as soon as the controller makes them (no dataplane: test/twin/
 * deployment.test.ts checks the pods on the nodes).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { requireTool } from '../../tools.ts';
import { startTestApi, fixtureObjects, type TestTwinApi } from './fixture.ts';
import { emptyWrites, ObjectStore } from '../../../twin/control/store.ts';
import { DeploymentController } from '../../../twin/control/deploymentController.ts';
import type { KubeObject, WriteOp } from '../../../twin/api/types.ts';
import { hasSchema, validateObject } from '../../../twin/api/validation.ts';
import type { TwinState } from '../../../twin/control/state.ts';
import type { EventRecorder } from '../../../twin/control/events.ts';

const READY = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };

function deploymentSource() {
  const derived = fixtureObjects().filter((o) => !['Deployment', 'ReplicaSet'].includes(o.kind));
  const store = new ObjectStore(emptyWrites(), () => {});
  const noState = { read: () => undefined, write: () => {} } as unknown as TwinState;
  const events: string[] = [];
  const recorder = { record: (_o: KubeObject, _t: string, reason: string) => events.push(reason) };
  const controller = new DeploymentController(noState, recorder as unknown as EventRecorder, store);
  const served = () => controller.serve(store.view(derived));
  return {
    store,
    events,
    snapshot: async () => {
      controller.sync(served(), {
        createPod: (p) =>
          store.put({ ...p, spec: { ...(p.spec as object), nodeName: 'k8-services-worker' }, status: READY }),
        removePod: (p) => store.remove(p),
        putReplicaSet: (rs) => store.put(rs),
        removeReplicaSet: (rs) => store.remove(rs),
      });
      return { objects: served(), resourceVersion: String(Date.now()) };
    },
    write: async (op: WriteOp) => store.apply(op),
    exec: async () => {
      throw new Error('no exec here');
    },
  };
}

describe('Deployments through the twin API with kubectl', () => {
  let api: TestTwinApi;
  let source: ReturnType<typeof deploymentSource>;
  let KUBECTL = '';

  before(async () => {
    KUBECTL = requireTool('kubectl', "kubectl: Google's kubectl dispatcher, as preinstalled here", process.env.KUBECTL);
    source = deploymentSource();
    api = await startTestApi(
      { major: '1', minor: '28', gitVersion: 'v1.28.0' },
      source as unknown as Parameters<typeof startTestApi>[1],
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
  const json = async (...rest: string[]) => JSON.parse((await kubectl(...rest, '-o', 'json')).stdout);
  const podsOf = async () =>
    ((await json('get', 'pods', '-l', 'app=web')).items as KubeObject[]).filter((p) => !p.metadata.deletionTimestamp);

  test('create, scale up and down, change the image, restart: ReplicaSets and pods follow', async () => {
    const created = await kubectl('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2');
    assert.equal(created.code, 0, created.stderr);
    const first = await kubectl('rollout', 'status', 'deployment/web', '--timeout=30s');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /deployment "web" successfully rolled out/);
    const rs1 = (await json('get', 'rs', '-l', 'app=web')).items as KubeObject[];
    assert.equal(rs1.length, 1);
    const hash = rs1[0]!.metadata.labels!['pod-template-hash']!;
    assert.equal(rs1[0]!.metadata.name, `web-${hash}`);
    const pods = await podsOf();
    assert.equal(pods.length, 2);
    for (const p of pods) {
      assert.match(p.metadata.name, new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      assert.equal(p.metadata.labels!['pod-template-hash'], hash);
    }

    const up = await kubectl('scale', 'deployment', 'web', '--replicas=4');
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, /deployment.apps\/web scaled/);
    const raw = await kubectl('get', '--raw', '/apis/apps/v1/namespaces/default/deployments/web/scale');
    const scale = JSON.parse(raw.stdout);
    assert.deepEqual([scale.kind, scale.spec.replicas], ['Scale', 4]);
    assert.equal((await kubectl('rollout', 'status', 'deployment/web', '--timeout=30s')).code, 0);
    assert.equal((await podsOf()).length, 4);
    const down = await kubectl('scale', 'deployment', 'web', '--replicas=1');
    assert.equal(down.code, 0, down.stderr);
    assert.equal((await kubectl('rollout', 'status', 'deployment/web', '--timeout=30s')).code, 0);
    assert.equal((await podsOf()).length, 1);

    assert.equal((await kubectl('scale', 'deployment', 'web', '--replicas=2')).code, 0);
    const image = await kubectl('set', 'image', 'deployment/web', 'nginx=nginx:1.26');
    assert.equal(image.code, 0, image.stderr);
    const rolled = await kubectl('rollout', 'status', 'deployment/web', '--timeout=30s');
    assert.equal(rolled.code, 0, rolled.stderr);
    const restart = await kubectl('rollout', 'restart', 'deployment/web');
    assert.equal(restart.code, 0, restart.stderr);
    assert.equal((await kubectl('rollout', 'status', 'deployment/web', '--timeout=30s')).code, 0);
    const wait = await kubectl('wait', '--for=condition=Available', 'deployment/web', '--timeout=20s');
    assert.equal(wait.code, 0, wait.stderr);

    const table = (await kubectl('get', 'deployment', 'web')).stdout.trim().split('\n');
    assert.match(table[0]!, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    assert.match(table[1]!, /^web\s+2\/2\s+2\s+2\s+\S+$/);
    const rsTable = (await kubectl('get', 'rs', '-o', 'wide')).stdout.trim().split('\n');
    assert.match(rsTable[0]!, /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/);
    assert.equal(
      rsTable.filter((l) => /^web-\S+\s+2\s+2\s+2\s+\S+\s+nginx\s+nginx:1.26\s+app=web,pod-template-hash=/.test(l))
        .length,
      1,
    );
    const d = await json('get', 'deployment', 'web');
    assert.equal(d.metadata.generation, 6, 'create, three scalings, the image, the restart');
    assert.equal(d.status.observedGeneration, d.metadata.generation);
    assert.deepEqual([d.status.replicas, d.status.updatedReplicas, d.status.availableReplicas], [2, 2, 2]);
    assert.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '3');
    const rss = ((await json('get', 'rs', '-l', 'app=web')).items as KubeObject[]).map((r) => [
      (r.metadata.annotations as Record<string, string>)['deployment.kubernetes.io/revision'],
      (r.spec as { replicas: number }).replicas,
    ]);
    assert.deepEqual(rss.sort(), [
      ['1', 0],
      ['2', 0],
      ['3', 2],
    ]);
    for (const p of await podsOf()) {
      assert.equal((p.spec as { containers: { image: string }[] }).containers[0]!.image, 'nginx:1.26');
      assert.ok((p.metadata.annotations as Record<string, string>)['kubectl.kubernetes.io/restartedAt']);
    }
    const served = [d, ...(await json('get', 'rs')).items, ...(await podsOf())] as KubeObject[];
    for (const o of served) {
      assert.ok(hasSchema(o.apiVersion, o.kind), `${o.kind} has no schema here`);
      assert.deepEqual(validateObject(o), [], `${o.kind} ${o.metadata.name} is off the v1.28 schema`);
    }
    for (const reason of ['ScalingReplicaSet', 'SuccessfulCreate', 'SuccessfulDelete'])
      assert.ok(source.events.includes(reason), `no ${reason} Event`);
  });

  test('kubectl rollout undo brings the previous template back: its ReplicaSet scaled up under a new revision', async () => {
    const undo = await kubectl('rollout', 'undo', 'deployment/web');
    assert.equal(undo.code, 0, undo.stderr);
    assert.equal((await kubectl('rollout', 'status', 'deployment/web', '--timeout=30s')).code, 0);
    const rss = ((await json('get', 'rs', '-l', 'app=web')).items as KubeObject[]).map((r) => [
      (r.metadata.annotations as Record<string, string>)['deployment.kubernetes.io/revision'],
      (r.spec as { replicas: number }).replicas,
    ]);
    assert.deepEqual(rss.sort(), [
      ['1', 0],
      ['3', 0],
      ['4', 2],
    ]);
    for (const p of await podsOf()) {
      assert.equal((p.spec as { containers: { image: string }[] }).containers[0]!.image, 'nginx:1.26');
      assert.equal(
        (p.metadata.annotations as Record<string, string> | undefined)?.['kubectl.kubernetes.io/restartedAt'],
        undefined,
      );
    }
  });

  test('a scale to a negative count is refused with 422, a scale of a missing Deployment with 404', async () => {
    const negative = await kubectl(
      'patch',
      'deployment',
      'web',
      '--subresource=scale',
      '--type=merge',
      '-p',
      '{"spec":{"replicas":-1}}',
    );
    assert.notEqual(negative.code, 0);
    assert.match(negative.stderr, /spec.replicas: Invalid value: -1/);
    const missing = await kubectl('scale', 'deployment', 'nope', '--replicas=2', '-v=6');
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /deployments\/nope 404 Not Found/);
  });

  test('deleting the Deployment takes its ReplicaSets and pods with it', async () => {
    assert.equal((await kubectl('delete', 'deployment', 'web')).code, 0);
    for (let i = 0; i < 20 && (await podsOf()).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await podsOf(), []);
    assert.deepEqual((await json('get', 'rs', '-l', 'app=web')).items, []);
  });
});
