/**
 * Pod logs served by the twin API: the request checked as kube-apiserver checks it (pod, container,
 * tailLines), the text served as text/plain, and `kubectl logs` against it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTwinPki, startApiServer, writeKubeconfig, type RunningApiServer } from '../../../twin/api/index.ts';
import type { PodLogRequest } from '../../../twin/api/podLog.ts';
import { selectLog } from '../../../twin/api/podLog.ts';
import { fixtureSource, NGINX_PODS } from './fixture.ts';
import { tempDir } from '../../tempDir.ts';

const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
const LOG = [
  'Starting as REPLICA (redis-1), replicating from redis-0.redis-headless',
  '* Connecting to MASTER redis-0.redis-headless.default.svc.cluster.local:6379',
  '* MASTER <-> REPLICA sync: Finished with success',
  '',
].join('\n');

test('selectLog keeps the last tailLines lines, then at most limitBytes', () => {
  assert.equal(selectLog(LOG, {}), LOG);
  assert.equal(selectLog(LOG, { tailLines: 1 }), '* MASTER <-> REPLICA sync: Finished with success\n');
  assert.equal(selectLog(LOG, { tailLines: 0 }), '');
  assert.equal(selectLog(LOG, { tailLines: 10 }), LOG);
  assert.equal(selectLog(LOG, { limitBytes: 8 }), 'Starting');
});

describe('GET /api/v1/namespaces/{ns}/pods/{name}/log', () => {
  let server: RunningApiServer;
  let kubeconfigPath: string;
  let dir: string;
  const asked: PodLogRequest[] = [];
  const pod = NGINX_PODS[0]!.name;

  before(async () => {
    const pki = createTwinPki();
    dir = tempDir('twin-log-');
    const source = { ...fixtureSource(), logs: async (req: PodLogRequest) => (asked.push(req), LOG) };
    server = await startApiServer(source, {
      host: '127.0.0.1',
      port: 0,
      tls: { caPem: pki.caPem, certPem: pki.serverCertPem, keyPem: pki.serverKeyPem },
      version: { major: '1', minor: '28', gitVersion: 'v1.28.0' },
    });
    kubeconfigPath = join(dir, 'kubeconfig');
    writeKubeconfig(kubeconfigPath, {
      server: `https://127.0.0.1:${server.port}`,
      caPem: pki.caPem,
      clientCertPem: pki.clientCertPem,
      clientKeyPem: pki.clientKeyPem,
      name: 'kind-test',
    });
  });
  after(async () => {
    await server?.close();
  });

  function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        KUBECTL,
        ['--kubeconfig', kubeconfigPath, '--cache-dir', join(dir, 'kube-cache'), ...args],
        { env: { ...process.env, HOME: dir }, timeout: 30_000 },
        (err, stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
  }

  test('kubectl logs prints the container log; --tail cuts it; -c names the container', {
    skip: existsSync(KUBECTL) ? false : `kubectl not found at ${KUBECTL}`,
  }, async () => {
    const all = await kubectl('logs', pod);
    assert.equal(all.code, 0, all.stderr);
    assert.equal(all.stdout, LOG);
    const tail = await kubectl('logs', pod, '--tail=1', '-c', 'main');
    assert.equal(tail.code, 0, tail.stderr);
    assert.equal(tail.stdout, '* MASTER <-> REPLICA sync: Finished with success\n');
    assert.deepEqual(asked.at(-1), { namespace: 'default', pod, container: 'main', tailLines: 1 });
    const wrong = await kubectl('logs', pod, '-c', 'sidecar');
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /container sidecar is not valid for pod/);
    const missing = await kubectl('logs', 'no-such-pod');
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /pods "no-such-pod" not found/);
  });
});
