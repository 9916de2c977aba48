/**
 * The twin's API takes writes as kube-apiserver does, seen through the real kubectl (v1.28, as the labs run it):
 * apply (client-side: GET, then create or patch with the last-applied annotation), patch of each kind, label,
 * annotate, delete with its wait, get -w, wait --for=delete; and the refusals: a taken name, a stale
 * resourceVersion, an invalid object, an unknown field under Strict, an unknown kind, a controller's kind.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { requireTool } from '../../tools.ts';
import { startTestApi, writableSource, type TestTwinApi } from './fixture.ts';

describe('kubectl writes through the twin API', () => {
  let api: TestTwinApi;
  let KUBECTL = '';

  before(async () => {
    KUBECTL = requireTool('kubectl', "kubectl: Google's kubectl dispatcher, as preinstalled here", process.env.KUBECTL);
    api = await startTestApi({ major: '1', minor: '28', gitVersion: 'v1.28.0' }, writableSource());
  });
  after(async () => {
    await api?.server.close();
  });

  const args = (rest: string[]) => ['--kubeconfig', api.kubeconfigPath, '--cache-dir', join(api.dir, 'kc'), ...rest];
  function kubectl(...rest: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        KUBECTL,
        args(rest),
        { env: { ...process.env, HOME: api.dir }, timeout: 30_000 },
        (err, stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
  }
  function manifest(name: string, text: string): string {
    const file = join(api.dir, name);
    writeFileSync(file, text);
    return file;
  }

  test('apply creates, leaves unchanged, then configures a ConfigMap, keeping the last-applied annotation', async () => {
    const file = manifest('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: demo}\ndata: {a: "1"}\n');
    assert.match((await kubectl('apply', '-f', file)).stdout, /configmap\/demo created/);
    assert.match((await kubectl('apply', '-f', file)).stdout, /configmap\/demo unchanged/);
    const rv1 = (await kubectl('get', 'cm', 'demo', '-o', 'jsonpath={.metadata.resourceVersion}')).stdout;
    manifest('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: demo}\ndata: {a: "2"}\n');
    assert.match((await kubectl('apply', '-f', file)).stdout, /configmap\/demo configured/);
    const got = JSON.parse((await kubectl('get', 'cm', 'demo', '-o', 'json')).stdout);
    assert.equal(got.data.a, '2');
    assert.match(got.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], /"a":"2"/);
    assert.ok(Number(got.metadata.resourceVersion) > Number(rv1), 'the resourceVersion moves on with each write');
  });

  test('patch takes JSON patch, merge patch and strategic merge patch', async () => {
    await kubectl('create', 'configmap', 'patched', '--from-literal=a=1');
    assert.equal(
      (await kubectl('patch', 'cm', 'patched', '--type=json', '-p', '[{"op":"replace","path":"/data/a","value":"9"}]'))
        .code,
      0,
    );
    assert.equal((await kubectl('patch', 'cm', 'patched', '--type=merge', '-p', '{"data":{"b":"2"}}')).code, 0);
    assert.equal((await kubectl('patch', 'cm', 'patched', '-p', '{"data":{"c":"3"}}')).code, 0);
    const data = JSON.parse((await kubectl('get', 'cm', 'patched', '-o', 'jsonpath={.data}')).stdout);
    assert.deepEqual(data, { a: '9', b: '2', c: '3' });
  });

  test('label and annotate reach a node and a pod the twin made; other changes to them are refused', async () => {
    assert.equal((await kubectl('label', 'node', 'k8-services-worker', 'lab=yes')).code, 0);
    assert.match((await kubectl('get', 'nodes', '-l', 'lab=yes', '-o', 'name')).stdout, /node\/k8-services-worker/);
    assert.equal((await kubectl('annotate', 'pod', 'multitool-1-bgssq', 'note=kept')).code, 0);
    const notes = await kubectl('get', 'pod', 'multitool-1-bgssq', '-o', 'jsonpath={.metadata.annotations.note}');
    assert.equal(notes.stdout, 'kept');
    const spec = await kubectl('patch', 'node', 'k8-services-worker', '-p', '{"spec":{"unschedulable":true}}');
    assert.notEqual(spec.code, 0);
    assert.match(spec.stderr, /is invalid: spec: Forbidden/);
  });

  test('get -w streams the deletion, and delete waits for the pod to go', async () => {
    const watch = spawn(KUBECTL, args(['get', 'pods', '-w', '--output-watch-events']), {
      env: { ...process.env, HOME: api.dir },
    });
    let out = '';
    watch.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    await new Promise((r) => setTimeout(r, 2500));
    const waiter = kubectl('wait', '--for=delete', 'pod/multitool-1-vfr5n', '--timeout=20s');
    const del = await kubectl('delete', 'pod', 'multitool-1-vfr5n');
    assert.match(del.stdout, /pod "multitool-1-vfr5n" deleted/);
    const waited = await waiter;
    assert.equal(waited.code, 0, waited.stderr);
    await new Promise((r) => setTimeout(r, 1500));
    watch.kill();
    assert.match(out, /ADDED\s+multitool-1-vfr5n/);
    assert.match(out, /DELETED\s+multitool-1-vfr5n/);
    assert.notEqual((await kubectl('get', 'pod', 'multitool-1-vfr5n')).code, 0);
  });

  test('refusals: taken name 409, stale resourceVersion 409, invalid 422, unknown field 400, unknown kind', async () => {
    const file = manifest('taken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: taken}\n');
    await kubectl('create', '-f', file);
    assert.match((await kubectl('create', '-f', file)).stderr, /AlreadyExists.*configmaps "taken" already exists/);
    const stale = manifest(
      'stale.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: taken, resourceVersion: "1"}\n',
    );
    assert.match((await kubectl('replace', '-f', stale)).stderr, /Conflict.*the object has been modified/);
    const bad = manifest(
      'bad.yaml',
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: bad}',
        'spec:',
        '  containers:',
        '  - {name: c, image: busybox, ports: [{containerPort: eighty}]}',
        '',
      ].join('\n'),
    );
    const invalid = await kubectl('apply', '-f', bad);
    assert.match(invalid.stderr, /Pod "bad" is invalid: spec.containers\[0\].ports\[0\].containerPort/);
    const unknown = manifest(
      'unknown.yaml',
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: bad2}',
        'spec:',
        '  bogus: 1',
        '  containers:',
        '  - {name: c, image: busybox}',
        '',
      ].join('\n'),
    );
    assert.match((await kubectl('apply', '-f', unknown)).stderr, /strict decoding error: unknown field "spec.bogus"/);
    const widget = manifest('widget.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n');
    assert.match(
      (await kubectl('apply', '-f', widget)).stderr,
      /no matches for kind "Widget" in version "example.com\/v1"/,
    );
    const eps = manifest('eps.yaml', 'apiVersion: v1\nkind: Endpoints\nmetadata: {name: mine}\n');
    assert.match((await kubectl('create', '-f', eps)).stderr, /MethodNotAllowed|the twin makes endpoints itself/);
  });
});
