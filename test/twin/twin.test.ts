/**
 * The twin end to end, as a user and kubectl see it. Needs the twin up (`labgate twin up`), as `npm test` does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { PROJECT_ROOT, TwinState } from '../../twin/control/state.ts';
import { loadLab } from '../../support/lab/catalog.ts';

const LAB = '04-k8s-services';
const state = new TwinState(LAB);
const kubeconfig = TwinState.kubeconfigPath(loadLab(LAB).cluster.kubeconfig);
const RECORDINGS = join(PROJECT_ROOT, '..', 'shared', 'lab', 'recordings');

const kubectl = (...args: string[]) => execa('kubectl', ['--kubeconfig', kubeconfig, ...args], { reject: false });
const dockerExec = (node: string, ...args: string[]) => execa('docker', ['exec', node, ...args], { reject: false });

/** Replaces what legitimately differs between two clusters: addresses, chain hashes, counters, spacing. */
function shape(line: string): string {
  return line
    .replace(/\d+\.\d+\.\d+\.\d+(\/\d+)?(:\d+)?/g, (m) =>
      m.startsWith('0.0.0.0') ? m : m.includes('/') && !m.endsWith('/32') ? m : 'ADDR',
    )
    .replace(/KUBE-(SVC|SEP)-[A-Z0-9]{16}/g, 'KUBE-$1-HASH')
    .replace(/\b(6|tcp)\b(?=\s+--)/g, 'tcp')
    .replace(/\b(0|all)\b(?=\s+--)/g, 'all')
    .replace(/^\s*(\d+)\s+\d+\s+\d+\s+/, '$1 N N ')
    .replace(/\(\d+ references\)/, '(N references)')
    .replace(/\s+/g, ' ')
    .trim();
}

async function nginxChain(node: string): Promise<{ serviceRule: string; svcChain: string }> {
  const services = await dockerExec(node, 'iptables', '-t', 'nat', '-S', 'KUBE-SERVICES');
  const serviceRule = services.stdout.split('\n').find((l) => l.includes('nginx-service'))!;
  return { serviceRule, svcChain: serviceRule.match(/-j (KUBE-SVC-\S+)/)![1]! };
}

test('kubectl get pods -o wide lists every lab pod Running with IP and node', async () => {
  const r = await kubectl('get', 'pods', '-o', 'wide');
  assert.equal(r.exitCode, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0]!, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
  const rows = lines.slice(1).map((l) => l.split(/\s+/));
  const plan = state.plan()!;
  const defaultPods = plan.pods.filter((p) => p.namespace === 'default');
  assert.equal(rows.length, defaultPods.length);
  for (const pod of defaultPods) {
    const row = rows.find((r) => r[0] === pod.name);
    assert.ok(row, `pod ${pod.name} missing from kubectl output`);
    assert.deepEqual([row[1], row[2], row[5], row[6]], ['1/1', 'Running', pod.ip, pod.node]);
  }
});

test('kubectl get endpointslice shows the nginx-service slice with both nginx pod IPs', async () => {
  const r = await kubectl('get', 'endpointslice');
  assert.equal(r.exitCode, 0, r.stderr);
  const row = r.stdout.split('\n').find((l) => l.startsWith('nginx-service-'));
  assert.ok(row, r.stdout);
  const nginxIps = state
    .plan()!
    .pods.filter((p) => p.labels.app === 'nginx')
    .map((p) => p.ip)
    .sort();
  const [, type, ports, endpoints] = row.split(/\s+/);
  assert.equal(type, 'IPv4');
  assert.equal(ports, '80');
  assert.deepEqual(endpoints!.split(',').sort(), nginxIps);
});

test("the twin's nginx-service rules have the recorded lab's shape, line for line", async () => {
  for (const node of ['k8-services-worker', 'k8-services-worker2']) {
    const { serviceRule, svcChain } = await nginxChain(node);
    const recordedRule = readFileSync(join(RECORDINGS, 'iptables-S-KUBE-SERVICES.txt'), 'utf8').trim();
    assert.equal(shape(serviceRule), shape(recordedRule));
    const svc = (await dockerExec(node, 'iptables', '-t', 'nat', '-L', svcChain, '-n', '-v', '--line-numbers')).stdout
      .trim()
      .split('\n');
    const recordedSvc = readFileSync(join(RECORDINGS, 'iptables-L-KUBE-SVC.txt'), 'utf8').trim().split('\n');
    assert.equal(svc.length, recordedSvc.length);
    for (let i = 2; i < svc.length; i++)
      assert.equal(shape(svc[i]!), shape(recordedSvc[i]!), `KUBE-SVC line ${i + 1} on ${node}`);
    const seps = svc
      .slice(2)
      .map((l) => l.match(/KUBE-SEP-\S+/)?.[0])
      .filter((c): c is string => Boolean(c));
    assert.equal(seps.length, 2);
    for (const [i, sep] of seps.entries()) {
      const got = (await dockerExec(node, 'iptables', '-t', 'nat', '-L', sep, '-n', '-v', '--line-numbers')).stdout
        .trim()
        .split('\n');
      const recorded = readFileSync(join(RECORDINGS, `iptables-L-KUBE-SEP-${i + 1}.txt`), 'utf8')
        .trim()
        .split('\n');
      assert.equal(got.length, recorded.length);
      for (let j = 2; j < got.length; j++)
        assert.equal(shape(got[j]!), shape(recorded[j]!), `${sep} line ${j + 1} on ${node}`);
    }
  }
});

test('a raw get to nginx-service:80 from a multitool pod is answered by nginx with 400', async () => {
  const plan = state.plan()!;
  const client = plan.pods.find((p) => p.labels.app === 'multitool-1' && p.node === 'k8-services-worker')!;
  const r = await kubectl(
    'exec',
    client.name,
    '--',
    'bash',
    '-c',
    'exec 3<>/dev/tcp/nginx-service/80; printf "get\\r\\n" >&3; timeout 5 cat <&3',
  );
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /^HTTP\/1\.1 400 Bad Request\r?\n/);
  assert.match(r.stdout, /^Server: nginx/m);
});

test('a pod whose nginx stops becomes not Ready and leaves the EndpointSlice, and comes back', async () => {
  const plan = state.plan()!;
  const victim = plan.pods.find((p) => p.labels.app === 'nginx')!;
  const ready = async () => {
    const r = await kubectl('get', 'pod', victim.name, '-o', 'jsonpath={.status.containerStatuses[0].ready}');
    return r.stdout.trim();
  };
  const waitFor = async (want: string) => {
    for (let i = 0; i < 50; i++) {
      if ((await ready()) === want) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.fail(`pod ${victim.name} ready never became ${want}`);
  };
  await dockerExec(victim.node, 'sh', '-c', `kill $(cat /run/labgate/${victim.name}/main.pid)`);
  try {
    await waitFor('false');
    const slice = await kubectl(
      'get',
      'endpointslice',
      '-l',
      'kubernetes.io/service-name=nginx-service',
      '-o',
      'jsonpath={.items[0].endpoints[*].conditions.ready}',
    );
    assert.match(slice.stdout, /false/);
  } finally {
    await dockerExec(
      victim.node,
      'ip',
      'netns',
      'exec',
      victim.name,
      'nginx',
      '-c',
      `/etc/labgate/pods/${victim.name}/nginx.conf`,
    );
  }
  await waitFor('true');
});

test('requests without the twin client certificate are refused with 401', async () => {
  const runtime = state.runtime()!;
  const r = await execa(
    'curl',
    ['-sk', '-o', '/dev/null', '-w', '%{http_code}', `https://127.0.0.1:${runtime.port}/api/v1/pods`],
    { reject: false },
  );
  if (r.exitCode === 127 || /ENOENT/.test(String(r.stderr))) return; // curl absent: covered by the API unit tests
  assert.equal(r.stdout, '401');
});

test("twin status says up; the kubeconfig is the lab's, context kind-k8-services", async () => {
  const r = await execa('node', ['bin/labgate.mjs', 'twin', 'status'], { cwd: PROJECT_ROOT, reject: false });
  assert.equal(r.exitCode, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /is up/);
  const ctx = await kubectl('config', 'current-context');
  assert.equal(ctx.stdout.trim(), 'kind-k8-services');
});

test('two twin ups at once are serialised, and a lock left by a dead labgate is taken over', async () => {
  const { mkdirSync, writeFileSync, existsSync } = await import('node:fs');
  const lockDir = join(PROJECT_ROOT, '.labgate', 'twin-04-k8s-services.lock');
  mkdirSync(lockDir, { recursive: true });
  writeFileSync(join(lockDir, 'pid'), '999999'); // no such process
  const up = () => execa('node', ['bin/labgate.mjs', 'twin', 'up'], { cwd: PROJECT_ROOT, reject: false, all: true });
  const [a, b] = await Promise.all([up(), up()]);
  assert.equal(a.exitCode, 0, String(a.all));
  assert.equal(b.exitCode, 0, String(b.all));
  assert.equal(existsSync(lockDir), false, 'the lock is released');
  const status = await execa('node', ['bin/labgate.mjs', 'twin', 'status'], { cwd: PROJECT_ROOT, reject: false });
  assert.match(status.stdout, /is up/);
});
