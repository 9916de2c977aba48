/**
 * A @mutating scenario that fails midway leaves the cluster as it found it: its changes (an object created, one
 * replaced, a pod deleted) go through the twin's API server, the scenario throws, and the restore the After hook runs
 * puts every object back; what cannot be put back is reported, not swallowed.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { LabChanges, readManifest } from '../../../support/mutation/labChanges.ts';
import { startTestApi, writableSource, type TestTwinApi } from '../api/fixture.ts';

let api: TestTwinApi;
let kc: KubeConfig;

before(async () => {
  api = await startTestApi({ major: '1', minor: '28', gitVersion: 'v1.28.0' }, writableSource());
  kc = new KubeConfig();
  kc.loadFromFile(api.kubeconfigPath);
});
after(async () => {
  await api?.server.close();
});

/** Everything the API serves that a scenario could have touched, without server-kept fields. */
async function state(): Promise<string> {
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const out: unknown[] = [];
  for (const kind of ['ConfigMap', 'Pod']) {
    const list = await objects.list('v1', kind, 'default');
    for (const o of list.items) {
      const { resourceVersion: _rv, uid: _uid, creationTimestamp: _c, ...metadata } = o.metadata ?? {};
      out.push({ kind, metadata, data: (o as { data?: unknown }).data, spec: (o as { spec?: unknown }).spec });
    }
  }
  return JSON.stringify(out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
}

test('a scenario that fails midway: its creations deleted, its replacements and deletions put back', async () => {
  const objects = KubernetesObjectApi.makeApiClient(kc);
  await objects.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'lab-config', namespace: 'default' },
    data: { a: '1' },
  } as never);
  const found = await state();

  const file = join(api.dir, 'change.yaml');
  writeFileSync(
    file,
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lab-config}\ndata: {a: "2"}',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: made-by-scenario}\ndata: {b: "1"}',
      // two creations side by side: the restore deletes them together
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: made-by-scenario-too}\ndata: {c: "1"}',
    ].join('\n---\n'),
  );
  const changes = new LabChanges(kc);
  const scenario = async () => {
    for (const o of readManifest(file)) await changes.apply(o);
    await changes.delete({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'multitool-1-vfr5n', namespace: 'default' },
    });
    throw new Error('the promise was broken midway');
  };
  await assert.rejects(scenario, /broken midway/);
  assert.notEqual(await state(), found, 'the scenario changed the cluster');
  assert.deepEqual(await changes.restore(), []);
  assert.equal(await state(), found);
  assert.equal(changes.pending, 0);
});

test('what cannot be put back is reported, one line each, naming the change', async () => {
  const other = await startTestApi({ major: '1', minor: '28', gitVersion: 'v1.28.0' }, writableSource());
  const otherKc = new KubeConfig();
  otherKc.loadFromFile(other.kubeconfigPath);
  const changes = new LabChanges(otherKc);
  const file = join(other.dir, 'short.yaml');
  const doc = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;
  writeFileSync(file, [doc('short-lived'), doc('shorter-lived')].join('---\n'));
  for (const o of readManifest(file)) await changes.apply(o);
  await other.server.close(); // the lab went away before the After hook ran
  const failed = await changes.restore();
  assert.equal(failed.length, 2, 'each creation that cannot be deleted is reported, deleted together or not');
  assert.match(failed[0]!, /^delete ConfigMap default\/shorter-lived, which the scenario created: /);
  assert.match(failed[1]!, /^delete ConfigMap default\/short-lived, which the scenario created: /);
  for (const line of failed) assert.doesNotMatch(line, /\n/);
});
