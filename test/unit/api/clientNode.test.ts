/** The twin's API as @kubernetes/client-node sees it: the client the gate itself uses. */
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { CoreV1Api, CustomObjectsApi, DiscoveryV1Api, Exec, KubeConfig, type V1Status } from '@kubernetes/client-node';
import { startTestApi, NGINX_PODS, type TestTwinApi } from './fixture.ts';

let api: TestTwinApi;
let kc: KubeConfig;

before(async () => {
  api = await startTestApi({ major: '1', minor: '28', gitVersion: 'v1.28.0' });
  kc = new KubeConfig();
  kc.loadFromFile(api.kubeconfigPath);
});
after(async () => {
  await api.server.close();
});

describe('reads through client-node', () => {
  test('the kubeconfig selects the kind-k8-services context', () => {
    assert.equal(kc.getCurrentContext(), 'kind-k8-services');
    assert.equal(kc.getCurrentCluster()?.server, `https://127.0.0.1:${api.server.port}`);
  });

  test('listNamespacedPod with a label selector and a spec.nodeName field selector', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const all = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=nginx' });
    assert.deepEqual(all.items.map((p) => p.metadata?.name).sort(), NGINX_PODS.map((p) => p.name).sort());
    const onWorker2 = await core.listNamespacedPod({
      namespace: 'default',
      labelSelector: 'app=nginx',
      fieldSelector: 'spec.nodeName=k8-services-worker2',
    });
    assert.deepEqual(
      onWorker2.items.map((p) => p.status?.podIP),
      ['192.168.156.5'],
    );
    assert.equal(onWorker2.metadata?._continue, undefined);
  });

  test('readNamespacedService', async () => {
    const svc = await kc
      .makeApiClient(CoreV1Api)
      .readNamespacedService({ name: 'nginx-service', namespace: 'default' });
    assert.equal(svc.spec?.clusterIP, '10.96.204.67');
    assert.equal(svc.spec?.ports?.[0]?.name, 'http');
    assert.equal(svc.spec?.ports?.[0]?.port, 80);
  });

  test('a missing object rejects with code 404', async () => {
    await assert.rejects(
      kc.makeApiClient(CoreV1Api).readNamespacedService({ name: 'nope', namespace: 'default' }),
      (err: any) => err.code === 404,
    );
  });

  test('listNamespacedEndpointSlice by kubernetes.io/service-name', async () => {
    const slices = await kc
      .makeApiClient(DiscoveryV1Api)
      .listNamespacedEndpointSlice({ namespace: 'default', labelSelector: 'kubernetes.io/service-name=nginx-service' });
    assert.equal(slices.items.length, 1);
    const addresses = slices.items[0]!.endpoints.flatMap((e) => e.addresses).sort();
    assert.deepEqual(addresses, NGINX_PODS.map((p) => p.ip).sort());
    const none = await kc
      .makeApiClient(DiscoveryV1Api)
      .listNamespacedEndpointSlice({ namespace: 'default', labelSelector: 'kubernetes.io/service-name=other' });
    assert.equal(none.items.length, 0);
  });

  test('CustomObjectsApi reads the operator.tigera.io Installation', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const installation = await custom.getClusterCustomObject({
      group: 'operator.tigera.io',
      version: 'v1',
      plural: 'installations',
      name: 'default',
    });
    assert.equal(installation.spec.calicoNetwork.ipPools[0].cidr, '192.168.0.0/16');
    const list = await custom.listClusterCustomObject({
      group: 'operator.tigera.io',
      version: 'v1',
      plural: 'installations',
    });
    assert.equal(list.kind, 'InstallationList');
    assert.equal(list.items.length, 1);
  });
});

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

function runExec(pod: string, command: string[], stdin: PassThrough | null = null) {
  const stdout = collector();
  const stderr = collector();
  const done = new Promise<V1Status>((resolve, reject) => {
    new Exec(kc)
      .exec('default', pod, 'main', command, stdout.stream, stderr.stream, stdin, false, resolve)
      .catch(reject);
  });
  return done.then((status) => ({ status, stdout: stdout.text(), stderr: stderr.text() }));
}

describe('exec through client-node', () => {
  const pod = NGINX_PODS[0]!.name;

  test('stdout, stderr and a Failure status carrying exit code 3', async () => {
    const result = await runExec(pod, ['sh', '-c', 'printf hello; echo err >&2; exit 3']);
    assert.equal(result.stdout, 'hello');
    assert.equal(result.stderr, 'err\n');
    assert.equal(result.status.status, 'Failure');
    assert.equal(result.status.reason, 'NonZeroExitCode');
    assert.deepEqual(result.status.details?.causes, [{ reason: 'ExitCode', message: '3' }]);
    assert.match(result.status.message ?? '', /exit code 3$/);
  });

  test('exit 0 is a Success status', async () => {
    const result = await runExec(pod, ['sh', '-c', 'echo fine']);
    assert.equal(result.stdout, 'fine\n');
    assert.deepEqual(result.status, { metadata: {}, status: 'Success' });
  });

  test('stdin reaches the command and closing it ends the command (v5 close)', async () => {
    const stdin = new PassThrough();
    const running = runExec(pod, ['cat'], stdin);
    stdin.write('first line\n');
    setTimeout(() => stdin.end('second line\n'), 100);
    const result = await running;
    assert.equal(result.stdout, 'first line\nsecond line\n');
    assert.equal(result.status.status, 'Success');
  });

  test("the source's refusal (a completed pod) comes back as a Failure status", async () => {
    const result = await runExec('finished-job-x7k2p', ['true']);
    assert.equal(result.status.status, 'Failure');
    assert.equal(result.status.reason, 'BadRequest');
    assert.match(result.status.message ?? '', /completed pod/);
  });

  test('the exec requests reached the source with the streams asked for', () => {
    const cat = api.source.execCalls.find((c) => c.command[0] === 'cat')!;
    assert.equal(cat.pod, pod);
    assert.equal(cat.namespace, 'default');
    assert.equal(cat.container, 'main');
    assert.equal(cat.tty, false);
    assert.notEqual(cat.stdin, null);
    const sh = api.source.execCalls.find((c) => c.command[0] === 'sh')!;
    assert.equal(sh.stdin, null);
  });
});
