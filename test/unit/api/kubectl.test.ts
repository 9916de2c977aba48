/**
 * The twin's API as kubectl sees it: discovery, server-side Table printing, exec. /usr/bin/kubectl here
 * is gcloud's dispatcher, which runs the kubectl release matching the server's version: for a v1.32
 * server that release execs over WebSocket, for a v1.28 server (the lab's version) over SPDY/3.1.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RequestLogEntry } from '../../../twin/api/index.ts';
import { startTestApi, NGINX_PODS, type TestTwinApi } from './fixture.ts';

const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
const skip = existsSync(KUBECTL) ? false : `kubectl not found at ${KUBECTL}`;

const SERVERS = [
  { minor: '32', execTransport: 'WebSocket', execMethod: 'GET' },
  { minor: '28', execTransport: 'SPDY/3.1', execMethod: 'POST' },
];

for (const server of SERVERS) {
  describe(`kubectl against a twin API reporting v1.${server.minor}, exec over ${server.execTransport}`, {
    skip,
  }, () => {
    let api: TestTwinApi;

    before(async () => {
      api = await startTestApi({ major: '1', minor: server.minor, gitVersion: `v1.${server.minor}.0` });
    });
    after(async () => {
      await api?.server.close();
    });

    function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
      return new Promise((resolve) => {
        execFile(
          KUBECTL,
          ['--kubeconfig', api.kubeconfigPath, '--cache-dir', join(api.dir, 'kube-cache'), ...args],
          { env: { ...process.env, HOME: api.dir }, timeout: 30_000 },
          (err, stdout, stderr) =>
            resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
        );
      });
    }

    /** Splits kubectl's column output into header + rows of cells (cells are separated by 2+ spaces). */
    function columns(output: string): { header: string[]; rows: string[][] } {
      const [header, ...rows] = output
        .trimEnd()
        .split('\n')
        .map((line) => line.trim().split(/\s{2,}/));
      return { header: header!, rows };
    }

    test('get pods -o wide', async () => {
      const out = await kubectl('get', 'pods', '-o', 'wide');
      assert.equal(out.code, 0, out.stderr);
      const { header, rows } = columns(out.stdout);
      assert.deepEqual(header, [
        'NAME',
        'READY',
        'STATUS',
        'RESTARTS',
        'AGE',
        'IP',
        'NODE',
        'NOMINATED NODE',
        'READINESS GATES',
      ]);
      const nginx = rows.find((r) => r[0] === NGINX_PODS[1]!.name);
      assert.deepEqual(nginx, [
        NGINX_PODS[1]!.name,
        '1/1',
        'Running',
        '0',
        '8h',
        NGINX_PODS[1]!.ip,
        NGINX_PODS[1]!.node,
        '<none>',
        '<none>',
      ]);
      assert.deepEqual(rows.find((r) => r[0] === 'finished-job-x7k2p')?.slice(1, 3), ['0/1', 'Completed']);
    });

    test('get pods -l app=nginx without -o wide shows five columns', async () => {
      const out = await kubectl('get', 'pods', '-l', 'app=nginx');
      assert.equal(out.code, 0, out.stderr);
      const { header, rows } = columns(out.stdout);
      assert.deepEqual(header, ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      assert.deepEqual(
        rows.map((r) => r[0]),
        NGINX_PODS.map((p) => p.name).sort(),
      );
    });

    test('get endpointslice', async () => {
      const out = await kubectl('get', 'endpointslice');
      assert.equal(out.code, 0, out.stderr);
      const { header, rows } = columns(out.stdout);
      assert.deepEqual(header, ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
      assert.deepEqual(rows, [['nginx-service-6zrf8', 'IPv4', '80', '192.168.156.5,192.168.202.196', '8h']]);
    });

    test('get svc', async () => {
      const out = await kubectl('get', 'svc');
      assert.equal(out.code, 0, out.stderr);
      const { header, rows } = columns(out.stdout);
      assert.deepEqual(header, ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
      assert.deepEqual(rows, [['nginx-service', 'ClusterIP', '10.96.204.67', '<none>', '80/TCP', '8h']]);
    });

    test('get nodes', async () => {
      const out = await kubectl('get', 'nodes');
      assert.equal(out.code, 0, out.stderr);
      const { header, rows } = columns(out.stdout);
      assert.deepEqual(header, ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
      assert.deepEqual(rows[0], ['k8-services-control-plane', 'Ready', 'control-plane', '8h', 'v1.28.0']);
      assert.deepEqual(rows[1], ['k8-services-worker', 'Ready', '<none>', '8h', 'v1.28.0']);
    });

    test('get installation (a CRD kind) by its resource name', async () => {
      const out = await kubectl('get', 'installations.operator.tigera.io');
      assert.equal(out.code, 0, out.stderr);
      assert.deepEqual(columns(out.stdout).rows, [['default', '8h']]);
    });

    test('get an unknown pod fails with NotFound', async () => {
      const out = await kubectl('get', 'pod', 'ghost');
      assert.notEqual(out.code, 0);
      assert.match(out.stderr, /pods "ghost" not found/);
    });

    test('exec <pod> -- echo hi', async () => {
      const out = await kubectl('exec', NGINX_PODS[0]!.name, '--', 'echo', 'hi');
      assert.equal(out.code, 0, out.stderr);
      assert.equal(out.stdout, 'hi\n');
    });

    test('exec passes a non-zero exit code through', async () => {
      const out = await kubectl('exec', NGINX_PODS[0]!.name, '--', 'sh', '-c', 'echo oops >&2; exit 7');
      assert.equal(out.code, 7);
      assert.match(out.stderr, /oops/);
      assert.match(out.stderr, /command terminated with exit code 7/);
    });

    test('exec -i pipes stdin', async () => {
      const args = [
        '--kubeconfig',
        api.kubeconfigPath,
        '--cache-dir',
        join(api.dir, 'kube-cache'),
        'exec',
        '-i',
        NGINX_PODS[0]!.name,
        '--',
        'cat',
      ];
      const child = execFile(KUBECTL, args, { env: { ...process.env, HOME: api.dir }, timeout: 30_000 });
      let stdout = '';
      child.stdout!.on('data', (d) => (stdout += d));
      child.stdin!.end('through kubectl\n');
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0);
      assert.equal(stdout, 'through kubectl\n');
    });

    test(`kubectl made only read requests plus exec, and exec went over ${server.execTransport}`, () => {
      const lines: RequestLogEntry[] = readFileSync(api.requestLogPath, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const verbs = new Set(lines.map((l) => l.verb));
      assert.ok(verbs.has('list') && verbs.has('get') && verbs.has('exec'));
      assert.deepEqual(
        [...verbs].filter((v) => !['get', 'list', 'exec'].includes(v)),
        [],
      );
      assert.ok(lines.every((l) => l.user === 'kubernetes-admin'));
      const execs = lines.filter((l) => l.verb === 'exec');
      assert.ok(execs.length >= 3);
      assert.ok(
        execs.every((l) => l.method === server.execMethod && l.status === 101),
        JSON.stringify(execs),
      );
    });
  });
}
