import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanDuration, toTable } from '../../../twin/api/index.ts';
import { fixtureObjects } from './fixture.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

test('ages read like kubectl (apimachinery HumanDuration)', () => {
  assert.equal(humanDuration(-5 * S), '<invalid>');
  assert.equal(humanDuration(-1 * S), '0s');
  assert.equal(humanDuration(45 * S), '45s');
  assert.equal(humanDuration(119 * S), '119s');
  assert.equal(humanDuration(5 * M + 30 * S), '5m30s');
  assert.equal(humanDuration(7 * M), '7m');
  assert.equal(humanDuration(95 * M), '95m');
  assert.equal(humanDuration(3 * H + 20 * M), '3h20m');
  assert.equal(humanDuration(8 * H + 5 * M), '8h');
  assert.equal(humanDuration(50 * H), '2d2h');
  assert.equal(humanDuration(3 * D), '3d');
  assert.equal(humanDuration(400 * D), '400d');
  assert.equal(humanDuration(3 * 365 * D + 10 * D), '3y10d');
});

test('pod table: wide-only columns carry priority 1 and rows carry PartialObjectMetadata', () => {
  const pods = fixtureObjects().filter((o) => o.kind === 'Pod');
  const table = toTable('v1', 'Pod', pods, { resourceVersion: '7', include: 'Metadata' });
  const columns = table.columnDefinitions.map((c) => `${c.name}:${c.priority}`);
  assert.deepEqual(columns, [
    'Name:0',
    'Ready:0',
    'Status:0',
    'Restarts:0',
    'Age:0',
    'IP:1',
    'Node:1',
    'Nominated Node:1',
    'Readiness Gates:1',
  ]);
  const job = table.rows.find((r) => r.cells[0] === 'finished-job-x7k2p')!;
  assert.deepEqual(job.cells, [
    'finished-job-x7k2p',
    '0/1',
    'Completed',
    '0',
    '8h',
    '192.168.202.200',
    'k8-services-worker',
    '<none>',
    '<none>',
  ]);
  assert.deepEqual(job.object, {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: pods.find((p) => p.metadata.name === 'finished-job-x7k2p')!.metadata,
  });
});

test('pod status follows the container that is not running', () => {
  const [base] = fixtureObjects().filter((o) => o.kind === 'Pod');
  const crashing = structuredClone(base!);
  (crashing.status as any).containerStatuses[0] = {
    name: 'main',
    ready: false,
    restartCount: 4,
    state: { waiting: { reason: 'CrashLoopBackOff' } },
    lastState: { terminated: { exitCode: 1, finishedAt: new Date(Date.now() - 90 * S).toISOString() } },
  };
  const [row] = toTable('v1', 'Pod', [crashing], { resourceVersion: '1', include: 'None' }).rows;
  assert.equal(row!.cells[1], '0/1');
  assert.equal(row!.cells[2], 'CrashLoopBackOff');
  assert.match(String(row!.cells[3]), /^4 \(9\ds ago\)$/);
  assert.equal('object' in row!, false, 'includeObject=None leaves the object out');
});

test('service and endpointslice cells', () => {
  const objects = fixtureObjects();
  const svc = toTable(
    'v1',
    'Service',
    objects.filter((o) => o.kind === 'Service'),
    { resourceVersion: '1', include: 'Object' },
  );
  assert.deepEqual(svc.rows[0]!.cells, [
    'nginx-service',
    'ClusterIP',
    '10.96.204.67',
    '<none>',
    '80/TCP',
    '8h',
    'app=nginx',
  ]);
  assert.equal((svc.rows[0] as any).object.kind, 'Service');
  const eps = toTable(
    'discovery.k8s.io/v1',
    'EndpointSlice',
    objects.filter((o) => o.kind === 'EndpointSlice'),
    { resourceVersion: '1', include: 'None' },
  );
  assert.deepEqual(eps.rows[0]!.cells, ['nginx-service-6zrf8', 'IPv4', '80', '192.168.156.5,192.168.202.196', '8h']);
});

test('endpoint lists longer than three are abbreviated', () => {
  const slice = fixtureObjects().find((o) => o.kind === 'EndpointSlice')!;
  const many = {
    ...slice,
    endpoints: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'].map((ip) => ({ addresses: [ip] })),
  };
  const [row] = toTable('discovery.k8s.io/v1', 'EndpointSlice', [many], { resourceVersion: '1', include: 'None' }).rows;
  assert.equal(row!.cells[3], '10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...');
});

test('namespaces show their phase', () => {
  const namespaces = fixtureObjects().filter((o) => o.kind === 'Namespace');
  const table = toTable('v1', 'Namespace', namespaces, { resourceVersion: '1', include: 'None' });
  assert.deepEqual(table.rows[0]!.cells, ['default', 'Active', '8h']);
});

test('kinds without a printer get NAME and AGE', () => {
  const installation = fixtureObjects().filter((o) => o.kind === 'Installation');
  const table = toTable('operator.tigera.io/v1', 'Installation', installation, {
    resourceVersion: '1',
    include: 'None',
  });
  assert.deepEqual(
    table.columnDefinitions.map((c) => c.name),
    ['Name', 'Age'],
  );
  assert.deepEqual(table.rows[0]!.cells, ['default', '8h']);
});
