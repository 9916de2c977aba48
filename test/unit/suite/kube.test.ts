import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { loadLab } from '../../../support/lab/catalog.ts';
import type { V1EndpointSlice, V1Node, V1Pod } from '@kubernetes/client-node';
import { blockOf, cidrContains } from '../../../support/floor/address.ts';
import { blockSharing } from '../../../support/ipam/blockSharing.ts';
import {
  legacyEndpointsAgree,
  sliceRefsPointAtPods,
  slicesListReadyPods,
} from '../../../support/services/endpointChecks.ts';
import { assertDns1123 } from '../../../support/floor/names.ts';
import { assignRoles, nodeForRole, roleOf } from '../../../support/cluster/roles.ts';
import { missingWorkloadMessage, type Workload } from '../../../support/workloads/workloads.ts';
import {
  oneDaemonPodPerNode,
  podIpsInside,
  podsOnDistinctNodes,
  podsShareNodeBlock,
} from '../../../support/workloads/checks.ts';
import { parseContainerlabInspect, parseDockerPs } from '../../../support/cluster/containers.ts';

// `kubectl get pods -o wide` as recorded in the lab text
const LAB_PODS: [string, string, string][] = [
  ['multitool-1-bgssq', '192.168.202.194', 'k8-services-worker'],
  ['multitool-1-n5s2c', '192.168.145.9', 'k8-services-control-plane'],
  ['multitool-1-vfr5n', '192.168.156.3', 'k8-services-worker2'],
  ['multitool-2-cbbzt', '192.168.202.195', 'k8-services-worker'],
  ['multitool-2-l8zhv', '192.168.145.10', 'k8-services-control-plane'],
  ['multitool-2-skzmp', '192.168.156.4', 'k8-services-worker2'],
  ['nginx-deployment-55d7bb4b86-vg4lt', '192.168.156.5', 'k8-services-worker2'],
  ['nginx-deployment-55d7bb4b86-xqh9d', '192.168.202.196', 'k8-services-worker'],
];

function pod(name: string, ip: string, node: string, ready = true): V1Pod {
  return {
    metadata: { name, namespace: 'default' },
    spec: { nodeName: node, containers: [{ name: 'c' }] },
    status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

const labPods = LAB_PODS.map(([n, ip, node]) => pod(n, ip, node));
const nginxPods = labPods.filter((p) => p.metadata!.name!.startsWith('nginx'));
const nodes = ['k8-services-control-plane', 'k8-services-worker', 'k8-services-worker2'];

test("CIDR checks on the lab's recorded addresses", () => {
  assert.equal(cidrContains('192.168.0.0/16', '192.168.202.194'), true);
  assert.equal(cidrContains('10.96.0.0/16', '10.96.204.67'), true);
  assert.equal(cidrContains('192.168.0.0/16', '10.96.204.67'), false);
  assert.equal(cidrContains('192.168.0.0/16', 'not-an-ip'), false);
  assert.equal(blockOf('192.168.202.196', 26), '192.168.202.192/26');
  assert.equal(blockOf('192.168.145.10', 26), '192.168.145.0/26');
  const sharing = blockSharing(
    LAB_PODS.map(([, ip, node]) => ({ ip, node })),
    26,
  );
  assert.deepEqual(sharing.blocksByNode, {
    'k8-services-worker': ['192.168.202.192/26'],
    'k8-services-control-plane': ['192.168.145.0/26'],
    'k8-services-worker2': ['192.168.156.0/26'],
  });
  assert.deepEqual(podIpsInside(labPods, '192.168.0.0/16').observed, []);
  assert.deepEqual(podsShareNodeBlock(labPods, 26).observed, { nodesWithSeveralBlocks: [], blocksOnSeveralNodes: [] });
});

test('a pod outside the pool and a block spanning two nodes are reported', () => {
  const stray = [
    ...labPods,
    pod('stray', '10.244.1.5', 'k8-services-worker'),
    pod('moved', '192.168.202.200', 'k8-services-worker2'),
  ];
  assert.deepEqual(podIpsInside(stray, '192.168.0.0/16').observed, ['stray=10.244.1.5']);
  const blocks = podsShareNodeBlock(stray, 26).observed;
  assert.deepEqual(blocks.blocksOnSeveralNodes, ['192.168.202.192/26']);
  assert.deepEqual(blocks.nodesWithSeveralBlocks, ['k8-services-worker', 'k8-services-worker2']);
});

const ds: Workload = {
  kind: 'DaemonSet',
  name: 'multitool-1',
  namespace: 'default',
  selector: 'app=multitool-1',
  object: {},
};

test('DaemonSet coverage: one pod per node, and a missing node shows as 0', () => {
  const mt1 = labPods.filter((p) => p.metadata!.name!.startsWith('multitool-1'));
  assert.deepEqual(oneDaemonPodPerNode(ds, mt1, nodes).observed, {
    'k8-services-control-plane': 1,
    'k8-services-worker': 1,
    'k8-services-worker2': 1,
  });
  const noCp = mt1.filter((p) => p.spec!.nodeName !== 'k8-services-control-plane');
  const f = oneDaemonPodPerNode(ds, noCp, nodes);
  assert.equal(f.observed['k8-services-control-plane'], 0);
  assert.match(f.message, /tolerat/);
});

test("nginx pods on different nodes; the published lab's missing DaemonSets are named as drift", () => {
  const dep: Workload = {
    kind: 'Deployment',
    name: 'nginx-deployment',
    namespace: 'default',
    selector: 'app=nginx',
    object: {},
  };
  assert.equal(podsOnDistinctNodes(dep, nginxPods).observed, 2);
  assert.equal(
    podsOnDistinctNodes(
      dep,
      nginxPods.map((p) => ({ ...p, spec: { ...p.spec!, nodeName: 'k8-services-worker' } })),
    ).observed,
    1,
  );
  // the lab's words for its known drift come from its descriptor, not from the library
  const words = loadLab('04-k8s-services').words.missing;
  const msg = missingWorkloadMessage('multitool-2', ['default'], words['multitool-2']);
  assert.match(msg, /workload multitool-2/);
  assert.match(msg, /tools\/ folder ships only the nginx manifest/);
  assert.doesNotMatch(missingWorkloadMessage('nginx-deployment', ['default'], words['nginx-deployment']), /drift/);
});

function slice(endpoints: { ip: string; pod: string; node: string; ready?: boolean }[]): V1EndpointSlice {
  return {
    addressType: 'IPv4',
    metadata: { name: 'nginx-service-6zrf8', labels: { 'kubernetes.io/service-name': 'nginx-service' } },
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready ?? true },
      nodeName: e.node,
      targetRef: { kind: 'Pod', name: e.pod, namespace: 'default' },
    })),
  };
}

test("EndpointSlices against the lab's nginx pods: match, stale address, wrong node", () => {
  const good = slice([
    { ip: '192.168.156.5', pod: 'nginx-deployment-55d7bb4b86-vg4lt', node: 'k8-services-worker2' },
    { ip: '192.168.202.196', pod: 'nginx-deployment-55d7bb4b86-xqh9d', node: 'k8-services-worker' },
  ]);
  const listed = slicesListReadyPods('nginx-service', 'nginx-deployment', [good], nginxPods, 80);
  assert.deepEqual(listed.observed, { addresses: ['192.168.156.5', '192.168.202.196'], ports: ['80/TCP'] });
  assert.deepEqual(listed.observed, listed.expected);
  assert.deepEqual(sliceRefsPointAtPods('nginx-service', [good], nginxPods).observed, []);

  const stale = slice([{ ip: '192.168.156.9', pod: 'gone', node: 'k8-services-worker2' }]);
  assert.notDeepEqual(
    slicesListReadyPods('nginx-service', 'nginx-deployment', [stale], nginxPods, 80).observed,
    slicesListReadyPods('nginx-service', 'nginx-deployment', [stale], nginxPods, 80).expected,
  );
  const wrongNode = slice([
    { ip: '192.168.156.5', pod: 'nginx-deployment-55d7bb4b86-vg4lt', node: 'k8-services-worker' },
  ]);
  assert.deepEqual(sliceRefsPointAtPods('nginx-service', [wrongNode], nginxPods).observed, [
    '192.168.156.5: nodeName k8-services-worker, pod runs on k8-services-worker2',
  ]);

  const endpoints = {
    metadata: { name: 'nginx-service' },
    subsets: [
      { addresses: [{ ip: '192.168.202.196' }, { ip: '192.168.156.5' }], ports: [{ port: 80, protocol: 'TCP' }] },
    ],
  };
  const agree = legacyEndpointsAgree('nginx-service', endpoints, [good]);
  assert.deepEqual(agree.observed, agree.expected);
  assert.equal(legacyEndpointsAgree('nginx-service', undefined, [good]).observed.addresses.length, 0);
});

test('node roles: control-plane by label, workers in name order', () => {
  const node = (name: string, cp = false): V1Node => ({
    metadata: { name, labels: cp ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
  });
  const roles = assignRoles([
    node('k8-services-worker2'),
    node('k8-services-control-plane', true),
    node('k8-services-worker'),
  ]);
  assert.equal(nodeForRole(roles, 'control-plane'), 'k8-services-control-plane');
  assert.equal(nodeForRole(roles, 'worker 1'), 'k8-services-worker');
  assert.equal(nodeForRole(roles, 'worker 2'), 'k8-services-worker2');
  assert.equal(roleOf(roles, 'k8-services-worker2'), 'worker 2');
  assert.throws(() => nodeForRole(roles, 'worker 3'), /no node in the role "worker 3"/);
});

test('node containers from docker ps and from containerlab inspect', () => {
  const ps =
    'k8-services-worker2\trunning\tworker\nk8-services-control-plane\trunning\tcontrol-plane\nk8-services-worker\texited\tworker\n';
  assert.deepEqual(parseDockerPs(ps), [
    { name: 'k8-services-control-plane', state: 'running', role: 'control-plane' },
    { name: 'k8-services-worker', state: 'exited', role: 'worker' },
    { name: 'k8-services-worker2', state: 'running', role: 'worker' },
  ]);
  const clab = JSON.stringify({
    'k8-services': [
      { name: 'k8-services-control-plane', state: 'running', labels: { 'io.x-k8s.kind.role': 'control-plane' } },
      { name: 'k8-services-worker', state: 'running' },
    ],
  });
  assert.deepEqual(
    parseContainerlabInspect(clab).map((c) => `${c.name}:${c.role}:${c.state}`),
    ['k8-services-control-plane:control-plane:running', 'k8-services-worker:worker:running'],
  );
  assert.throws(() => parseContainerlabInspect('not json'));
});

test('names from features are validated before use', () => {
  assert.doesNotThrow(() => assertDns1123('nginx-service', 'Service name'));
  for (const bad of ['nginx;rm -rf /', 'Nginx', '-x', 'a'.repeat(64), '$(id)', '']) {
    assert.throws(() => assertDns1123(bad, 'Service name'), /DNS-1123/, bad);
  }
});
