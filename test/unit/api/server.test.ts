import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { createTwinPki, startApiServer } from '../../../twin/api/index.ts';
import type { RequestLogEntry } from '../../../twin/api/index.ts';
import { LabgateError } from '../../../support/floor/errors.ts';
import { fixtureSource, startTestApi, type TestTwinApi } from './fixture.ts';
import { rawRequest } from './http.ts';

let api: TestTwinApi;
const POD = 'nginx-deployment-55d7bb4b86-vg4lt';

before(async () => {
  api = await startTestApi();
});
after(async () => {
  await api.server.close();
});

function get(path: string, extra: { method?: string; accept?: string; headers?: Record<string, string> } = {}) {
  return rawRequest(api.server.port, path, {
    ca: api.pki.caPem,
    cert: api.pki.clientCertPem,
    key: api.pki.clientKeyPem,
    ...extra,
  });
}

function assertStatus(res: { status: number; json: any }, code: number, reason: string) {
  assert.equal(res.status, code);
  assert.equal(res.json.kind, 'Status');
  assert.equal(res.json.apiVersion, 'v1');
  assert.equal(res.json.status, 'Failure');
  assert.equal(res.json.code, code);
  assert.equal(res.json.reason, reason);
}

describe('authentication', () => {
  test('a request without a client certificate gets 401 Unauthorized', async () => {
    const res = await rawRequest(api.server.port, '/api/v1/namespaces/default/pods', { ca: api.pki.caPem });
    assertStatus(res, 401, 'Unauthorized');
  });

  test('a client certificate from another CA gets 401 Unauthorized', async () => {
    const stranger = createTwinPki();
    const res = await rawRequest(api.server.port, '/api/v1/namespaces/default/pods', {
      ca: api.pki.caPem,
      cert: stranger.clientCertPem,
      key: stranger.clientKeyPem,
    });
    assertStatus(res, 401, 'Unauthorized');
  });

  test('health endpoints answer ok to the admin', async () => {
    for (const path of ['/healthz', '/livez', '/readyz']) {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      assert.equal(res.text, 'ok');
    }
  });
});

describe('discovery', () => {
  test('/version reports the configured version', async () => {
    const res = await get('/version');
    assert.equal(res.status, 200);
    assert.equal(res.json.gitVersion, 'v1.32.0');
    assert.equal(res.json.major, '1');
    assert.equal(res.json.minor, '32');
  });

  test('/api lists v1 and /api/v1 lists core resources with their scope', async () => {
    const versions = await get('/api');
    assert.equal(versions.json.kind, 'APIVersions');
    assert.deepEqual(versions.json.versions, ['v1']);
    const core = await get('/api/v1');
    assert.equal(core.json.kind, 'APIResourceList');
    assert.equal(core.json.groupVersion, 'v1');
    const byName = new Map<string, any>(core.json.resources.map((r: any) => [r.name, r]));
    assert.equal(byName.get('pods').namespaced, true);
    assert.equal(byName.get('pods').kind, 'Pod');
    assert.equal(byName.get('nodes').namespaced, false);
    assert.equal(byName.get('namespaces').namespaced, false);
    assert.deepEqual(byName.get('services').shortNames, ['svc']);
    assert.ok(byName.has('pods/exec'));
    assert.ok(byName.has('endpoints') && byName.has('configmaps'));
  });

  test('/apis lists the built-in groups and the CRD groups the snapshot uses, only those', async () => {
    const res = await get('/apis');
    assert.equal(res.json.kind, 'APIGroupList');
    const names = res.json.groups.map((g: any) => g.name).sort();
    assert.deepEqual(names, ['apps', 'discovery.k8s.io', 'operator.tigera.io']);
    const tigera = res.json.groups.find((g: any) => g.name === 'operator.tigera.io');
    assert.deepEqual(tigera.preferredVersion, { groupVersion: 'operator.tigera.io/v1', version: 'v1' });
    const group = await get('/apis/operator.tigera.io/v1');
    const installations = group.json.resources.find((r: any) => r.name === 'installations');
    assert.equal(installations.kind, 'Installation');
    assert.equal(installations.namespaced, false);
    assertStatus(await get('/apis/crd.projectcalico.org/v1'), 404, 'NotFound');
  });

  test('aggregated discovery requests get legacy JSON, labelled as such', async () => {
    const res = await get('/apis', {
      accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.equal(res.json.kind, 'APIGroupList');
  });
});

describe('reads', () => {
  test('list pods in a namespace with label and field selectors', async () => {
    const res = await get(
      '/api/v1/namespaces/default/pods?labelSelector=app%3Dnginx&fieldSelector=spec.nodeName%3Dk8-services-worker',
    );
    assert.equal(res.status, 200);
    assert.equal(res.json.kind, 'PodList');
    assert.equal(res.json.apiVersion, 'v1');
    // the list's resourceVersion is the cluster's latest: no item's is newer
    const listRv = Number(res.json.metadata.resourceVersion);
    assert.ok(Number.isInteger(listRv));
    for (const item of res.json.items) assert.ok(Number(item.metadata.resourceVersion) <= listRv);
    assert.equal('continue' in res.json.metadata, false);
    assert.deepEqual(
      res.json.items.map((p: any) => p.metadata.name),
      ['nginx-deployment-55d7bb4b86-xqh9d'],
    );
    assert.equal(res.json.items[0].kind, 'Pod');
  });

  test('set-based selectors and status.phase', async () => {
    const running = await get('/api/v1/pods?fieldSelector=status.phase!%3DRunning');
    assert.deepEqual(
      running.json.items.map((p: any) => p.metadata.name),
      ['finished-job-x7k2p'],
    );
    const set = await get(
      `/api/v1/namespaces/default/pods?labelSelector=${encodeURIComponent('app in (multitool-1,job),app!=job')}`,
    );
    assert.deepEqual(
      set.json.items.map((p: any) => p.metadata.name),
      ['multitool-1-bgssq', 'multitool-1-vfr5n'],
    );
  });

  test('a namespace with no pods lists empty; a cluster-scoped list has every node', async () => {
    const empty = await get('/api/v1/namespaces/kube-system/pods');
    assert.deepEqual(empty.json.items, []);
    const nodes = await get('/api/v1/nodes');
    assert.equal(nodes.json.kind, 'NodeList');
    assert.equal(nodes.json.items.length, 3);
  });

  test('get by name, namespaced and cluster-scoped', async () => {
    const svc = await get('/api/v1/namespaces/default/services/nginx-service');
    assert.equal(svc.json.kind, 'Service');
    assert.equal(svc.json.spec.clusterIP, '10.96.204.67');
    const node = await get('/api/v1/nodes/k8-services-worker');
    assert.equal(node.json.metadata.name, 'k8-services-worker');
    const ns = await get('/api/v1/namespaces/default');
    assert.equal(ns.json.kind, 'Namespace');
  });

  test('Table output for -o wide with includeObject', async () => {
    const res = await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dnginx&includeObject=Object', {
      accept:
        'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
    });
    assert.equal(res.json.kind, 'Table');
    assert.equal(res.json.apiVersion, 'meta.k8s.io/v1');
    assert.equal(res.json.rows.length, 2);
    assert.equal(res.json.rows[0].object.kind, 'Pod');
    assert.equal(res.json.rows[0].cells[5], '192.168.156.5');
  });

  test('unknown objects, resources and paths are 404 NotFound', async () => {
    const pod = await get('/api/v1/namespaces/default/pods/no-such-pod');
    assertStatus(pod, 404, 'NotFound');
    assert.equal(pod.json.message, 'pods "no-such-pod" not found');
    assertStatus(await get('/api/v1/namespaces/default/widgets'), 404, 'NotFound');
    assertStatus(await get('/apis/operator.tigera.io/v1/installations/other'), 404, 'NotFound');
    assertStatus(await get('/no/such/path'), 404, 'NotFound');
    assertStatus(await get('/api/v1/namespaces/default/nodes'), 404, 'NotFound');
    assertStatus(await get(`/api/v1/namespaces/default/pods/${POD}/log`), 404, 'NotFound');
  });

  test('malformed selectors are 400 BadRequest; a watch from no version starts with every pod ADDED', async () => {
    assertStatus(await get('/api/v1/pods?labelSelector=app%3D%3D%3Dx%20y'), 400, 'BadRequest');
    assertStatus(await get('/api/v1/pods?fieldSelector=spec.nodeName'), 400, 'BadRequest');
    const list = await get('/api/v1/pods');
    const watch = await rawRequest(api.server.port, '/api/v1/pods?watch=true&timeoutSeconds=1', {
      ca: api.pki.caPem,
      cert: api.pki.clientCertPem,
      key: api.pki.clientKeyPem,
    });
    assert.equal(watch.status, 200);
    const events = watch.text
      .trim()
      .split('\n')
      .map((l: string) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } });
    assert.deepEqual(
      events.map((e) => `${e.type} ${e.object.metadata.name}`).sort(),
      list.json.items.map((p: { metadata: { name: string } }) => `ADDED ${p.metadata.name}`).sort(),
    );
  });
});

describe('writes are refused', () => {
  for (const method of ['DELETE', 'POST', 'PUT', 'PATCH']) {
    test(`${method} on a resource is 405 MethodNotAllowed`, async () => {
      const path = method === 'POST' ? '/api/v1/namespaces/default/pods' : `/api/v1/namespaces/default/pods/${POD}`;
      assertStatus(await get(path, { method }), 405, 'MethodNotAllowed');
    });
  }
});

describe('exec edge cases', () => {
  test('exec without a WebSocket upgrade is 400 "Upgrade request required"', async () => {
    const res = await get(`/api/v1/namespaces/default/pods/${POD}/exec?command=true&stdout=true`, { method: 'POST' });
    assertStatus(res, 400, 'BadRequest');
    assert.equal(res.json.message, 'Upgrade request required');
  });

  function upgradeStatus(
    path: string,
    protocols = ['v5.channel.k8s.io'],
    anonymous = false,
  ): Promise<{ status: number; body: any }> {
    return new Promise((resolve, reject) => {
      const identity = anonymous ? {} : { cert: api.pki.clientCertPem, key: api.pki.clientKeyPem };
      const ws = new WebSocket(`wss://127.0.0.1:${api.server.port}${path}`, protocols, {
        ca: api.pki.caPem,
        ...identity,
      });
      ws.on('unexpected-response', (_req, res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      });
      ws.on('open', () => reject(new Error('upgrade unexpectedly accepted')));
      ws.on('error', () => {});
    });
  }

  test('exec without a client certificate is 401 before upgrading', async () => {
    const res = await upgradeStatus(
      `/api/v1/namespaces/default/pods/${POD}/exec?command=true&stdout=true`,
      ['v5.channel.k8s.io'],
      true,
    );
    assert.equal(res.status, 401);
    assert.equal(res.body.reason, 'Unauthorized');
    assert.equal(api.source.execCalls.length, 0, 'nothing ran');
  });

  test('exec into an unknown pod is 404 before upgrading', async () => {
    const res = await upgradeStatus('/api/v1/namespaces/default/pods/ghost/exec?command=true&stdout=true');
    assert.equal(res.status, 404);
    assert.equal(res.body.reason, 'NotFound');
    assert.equal(res.body.message, 'pods "ghost" not found');
  });

  test('exec with no command, no stream or an unknown container is 400', async () => {
    const base = `/api/v1/namespaces/default/pods/${POD}/exec`;
    assert.equal((await upgradeStatus(`${base}?stdout=true`)).status, 400);
    assert.equal((await upgradeStatus(`${base}?command=true`)).status, 400);
    const container = await upgradeStatus(`${base}?command=true&stdout=true&container=sidecar`);
    assert.equal(container.status, 400);
    assert.match(container.body.message, /container sidecar is not valid/);
  });

  test('exec offering only unsupported subprotocols is 400', async () => {
    const res = await upgradeStatus(`/api/v1/namespaces/default/pods/${POD}/exec?command=true&stdout=true`, [
      'channel.k8s.io',
    ]);
    assert.equal(res.status, 400);
  });
});

describe('listening', () => {
  test('a port already in use is a LabgateError naming the port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await assert.rejects(
        startApiServer(fixtureSource(), {
          host: '127.0.0.1',
          port,
          tls: { caPem: api.pki.caPem, certPem: api.pki.serverCertPem, keyPem: api.pki.serverKeyPem },
          version: { major: '1', minor: '28', gitVersion: 'v1.28.0' },
        }),
        (err: unknown) => err instanceof LabgateError && err.message.includes(String(port)),
      );
    } finally {
      blocker.close();
    }
  });
});

describe('request log', () => {
  test('one JSON line per request with method, path, status, user and verb', async () => {
    await get('/api/v1/namespaces/default/services/nginx-service?pretty=true');
    await get(`/api/v1/namespaces/default/pods/${POD}`, { method: 'DELETE' });
    await rawRequest(api.server.port, '/api/v1/nodes', { ca: api.pki.caPem });
    const lines: RequestLogEntry[] = readFileSync(api.requestLogPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const svc = lines.find(
      (l) => l.path === '/api/v1/namespaces/default/services/nginx-service' && l.query.pretty === 'true',
    )!;
    assert.equal(svc.method, 'GET');
    assert.equal(svc.status, 200);
    assert.equal(svc.user, 'kubernetes-admin');
    assert.equal(svc.verb, 'get');
    assert.ok(!Number.isNaN(Date.parse(svc.time)));
    const del = lines.find((l) => l.method === 'DELETE' && l.path.endsWith(POD))!;
    assert.equal(del.status, 405);
    assert.equal(del.verb, 'delete');
    const anonymous = lines.find((l) => l.path === '/api/v1/nodes' && l.status === 401)!;
    assert.equal(anonymous.user, null);
    assert.equal(anonymous.verb, 'list');
  });
});
