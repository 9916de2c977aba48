/**
 * The Kubernetes-object checks on objects with fields left out (the API's types allow it: no metadata, no spec,
 * no status), and on lists long enough that their messages must separate the items.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import {
  legacyEndpointsAgree,
  sliceRefsPointAtPods,
  slicesListReadyPods,
} from '../../../support/services/endpointChecks.ts';
import {
  endpointsCarryHostnames,
  headlessService,
  statefulSetOrdinals,
} from '../../../support/services/headlessChecks.ts';
import { noRulesForService } from '../../../support/kubeproxy/headlessRules.ts';
import type { NodeNat } from '../../../support/kubeproxy/facts.ts';
import {
  serviceAtAddress,
  servicePortsAndExposure,
  serviceShape,
  serviceTypeAndVip,
} from '../../../support/services/checks.ts';
import {
  installationHasPool,
  nodesReady,
  tigeraAvailable,
  tigeraNotDegraded,
} from '../../../support/cluster/checks.ts';
import {
  oneDaemonPodPerNode,
  podIpsInside,
  podsCountAndLabel,
  podsOnDistinctNodes,
  podsReady,
} from '../../../support/workloads/checks.ts';
import { kubeProxyServiceChain, parseIptables } from '../../../support/kubeproxy/index.ts';
import type { Workload } from '../../../support/workloads/workloads.ts';
import { assertFails } from '../network/assertFinding.ts';
import { labEndpointSlice, labPods, labService } from './labObjects.ts';

const nginx = labPods('nginx-deployment-');
const redis = labPods('redis-');
const bare = {} as V1Pod;
const deployment: Workload = {
  kind: 'Deployment',
  name: 'nginx-deployment',
  namespace: 'default',
  selector: 'app=nginx',
  object: { spec: { replicas: 2, selector: {}, template: {} } },
};

test('Services without a spec or status read as ClusterIP with nothing set', () => {
  const noSpec = { metadata: { name: 'x' } };
  assert.deepEqual(serviceShape('x', noSpec, '10.96.0.0/16'), {
    type: 'ClusterIP',
    clusterIPInside: false,
    ports: [],
    externalIPs: [],
  });
  assert.deepEqual(serviceShape('x', { spec: {}, status: {} }, '10.96.0.0/16').externalIPs, []);
  assertFails(serviceTypeAndVip('x', noSpec, '10.96.0.0/16'), 'it is ClusterIP with VIP none.');
  assert.deepEqual(
    servicePortsAndExposure('x', noSpec, { port: 80, protocol: 'TCP', portName: 'http' }).evidence[0]!.body,
    'null\n',
  );
  assert.deepEqual(serviceAtAddress('x', noSpec, '10.96.0.10', 'why').observed, {
    type: 'ClusterIP',
    clusterIP: 'none',
  });
  assertFails(serviceAtAddress('x', noSpec, '10.96.0.10', 'why'), 'it is ClusterIP at no address.');
  assert.deepEqual(headlessService('x', noSpec, { port: 80, protocol: 'TCP', name: 'http' }).observed, {
    type: 'ClusterIP',
    clusterIP: '',
    ports: [],
  });
  const twoPorts = headlessService(
    'x',
    {
      spec: {
        clusterIP: 'None',
        ports: [
          { name: 'a', port: 1 },
          { name: 'b', port: 2, protocol: 'UDP' },
        ],
      },
    },
    { port: 1, protocol: 'TCP', name: 'a' },
  );
  assertFails(twoPorts, 'and ports a 1/TCP, b 2/UDP.');
});

test('StatefulSets and their pods without the usual fields', () => {
  const f = statefulSetOrdinals(
    { metadata: { name: 'redis' }, spec: { serviceName: 'redis-headless', selector: {}, template: {} } },
    [bare],
    1,
  );
  assert.deepEqual(f.observed.pods, ['undefined hostname (none) under (none) not Ready']);
  assert.match(f.message, /kubectl get pods -l {2}-o wide/);
  const noSelector = statefulSetOrdinals(
    { metadata: { name: 'redis' }, spec: { serviceName: 'redis-headless' } as never },
    [],
    1,
  );
  assert.match(noSelector.message, /kubectl get pods -l {2}-o wide/);
  const slice = labEndpointSlice('redis-headless');
  const hostnamed = [{ spec: { hostname: 'redis-0', subdomain: 'redis-headless', containers: [] } } as V1Pod, bare];
  assert.deepEqual(endpointsCarryHostnames('redis-headless', [slice], hostnamed).expected, { '': 'redis-0' });
});

test("no rules for a Service without metadata, and two chains carrying an unnamed port's hashes", () => {
  const nat = (text: string): NodeNat => ({ node: 'n', text, table: parseIptables(text), command: ['iptables-save'] });
  const anonymous = noRulesForService(nat('*nat\n:KUBE-SERVICES - [0:0]\nCOMMIT\n'), {});
  assert.match(
    anonymous.message,
    /^The lab shows no iptables rules for the headless Service {2}\(no VIP to translate\)/,
  );
  assert.deepEqual(
    anonymous.evidence.map((e) => e.title),
    ['NAT lines for / on n'],
  );
  const a = kubeProxyServiceChain('default/plain', 'tcp');
  const b = kubeProxyServiceChain('default/plain:', 'tcp');
  const both = noRulesForService(nat(`*nat\n:KUBE-SERVICES - [0:0]\n:${a} - [0:0]\n:${b} - [0:0]\nCOMMIT\n`), {
    metadata: { namespace: 'default', name: 'plain' },
    spec: { ports: [{ port: 80 }] },
  });
  assert.deepEqual(both.observed.hashedChains, [a, b]);
  assertFails(both, `and the chains ${a}, ${b} carry`);
});

test('endpoint checks with bare pods, and lists of several in their messages', () => {
  const slice = labEndpointSlice('nginx-headless');
  const listed = slicesListReadyPods(
    'nginx-headless',
    'nginx-deployment',
    [
      {
        ...slice,
        ports: [
          { port: 80, protocol: 'TCP' },
          { port: 443, protocol: 'TCP' },
        ],
      },
    ],
    [bare, ...nginx],
    80,
  );
  assertFails(
    listed,
    'pod IPs (192.168.156.5, 192.168.202.196) on port 80; they list 192.168.156.5, 192.168.202.196 on 443/TCP, 80/TCP (1 slice(s))',
  );
  assert.match(listed.evidence[1]!.body, /^- ready: false\n/);
  const refs = sliceRefsPointAtPods(
    'nginx-headless',
    [slice],
    [bare, { status: { podIP: '192.168.156.5' } } as V1Pod, nginx[1]!],
  );
  assert.deepEqual(refs.observed, [
    '192.168.156.5: targetRef Pod/nginx-deployment-55d7bb4b86-vg4lt, pod is undefined',
    '192.168.156.5: nodeName headless-services-worker2, pod runs on undefined',
  ]);
  const legacy = legacyEndpointsAgree(
    'nginx-headless',
    { subsets: [{ addresses: [{ ip: '10.0.0.2' }, { ip: '10.0.0.1' }], ports: [{ port: 80 }, { port: 443 }] }] },
    [slice],
  );
  assert.deepEqual(legacy.observed, { addresses: ['10.0.0.1', '10.0.0.2'], ports: ['443/TCP', '80/TCP'] });
  assertFails(legacy, 'Endpoints hold 10.0.0.1, 10.0.0.2 on 443/TCP, 80/TCP.');
});

test('workload checks with bare pods, and lists of several in their messages', () => {
  const pending = (p: V1Pod): V1Pod => ({ ...p, status: { phase: 'Pending' } });
  assertFails(
    podsReady(deployment, nginx.map(pending), 60_000),
    'not ready: nginx-deployment-55d7bb4b86-vg4lt (Pending, on headless-services-worker2), nginx-deployment-55d7bb4b86-xqh9d (Pending, on headless-services-worker).',
  );
  assert.deepEqual(oneDaemonPodPerNode(deployment, [bare], ['n1']).observed, { n1: 0, '(unscheduled)': 1 });
  assertFails(
    podsOnDistinctNodes(deployment, [], 2),
    'The lab shows the 2 nginx-deployment pods spread over different nodes; they run on no node (no pod).',
  );
  const nowhere = podsOnDistinctNodes(deployment, [bare], 1);
  assert.deepEqual(nowhere.observed, { pods: 1, nodes: 0 });
  assertFails(nowhere, 'they run on no node ( on no node (unscheduled)).');
  assert.match(podIpsInside(redis, '192.168.0.0/16').message, /pods outside it: none \(of 3\)/);
  assert.deepEqual(podsCountAndLabel(deployment, [bare], 1, 'app=nginx').observed, { pods: 1, unlabelled: [''] });
  assert.match(podsCountAndLabel(deployment, [bare], 1, 'app=nginx').evidence[0]!.body, /^- \{\}\n/);
});

test("topology checks with bare nodes, a healthy status's own message, and a pool list with a near miss", () => {
  const f = nodesReady([{ status: { conditions: [{ type: 'Ready', status: 'False' }] } }], 1);
  assert.deepEqual(f.observed.notReady, ['?']);
  assert.match(f.evidence[0]!.body, /^- ready: false\n/);
  const healthy = tigeraAvailable('calico', {
    status: { conditions: [{ type: 'Available', status: 'True', message: 'All objects available' }] },
  });
  assert.match(healthy.message, /it is Available=True\. Check/);
  const notDegraded = tigeraNotDegraded('calico', { status: { conditions: [{ type: 'Available', status: 'True' }] } });
  assert.match(notDegraded.message, /it is Degraded=absent\. Check/);
  assert.deepEqual(
    notDegraded.evidence.map((e) => e.title),
    ['tigerastatus calico'],
  );
  assert.match(notDegraded.evidence[0]!.body, /type: Available/);
  const noReason = tigeraNotDegraded('calico', {
    status: { conditions: [{ type: 'Degraded', status: 'True', message: 'calico-node not ready' }] },
  });
  assertFails(noReason, 'it is Degraded=True (no reason: calico-node not ready). Check');
  assert.match(
    tigeraNotDegraded('calico', { status: { conditions: [{ type: 'Degraded', status: 'False', message: 'old' }] } })
      .message,
    /it is Degraded=False\. Check/,
  );
  const spec = {
    calicoNetwork: {
      ipPools: [
        { cidr: '192.168.0.0/16', blockSize: 24 },
        { cidr: '10.244.0.0/16', blockSize: 26 },
      ],
    },
  };
  const nearMiss = installationHasPool('default', { spec }, { cidr: '192.168.0.0/16', blockSize: 26 });
  assert.deepEqual(nearMiss.observed, [
    { cidr: '192.168.0.0/16', blockSize: 24 },
    { cidr: '10.244.0.0/16', blockSize: 26 },
  ]);
  assert.equal(labService('nginx-headless').spec!.clusterIP, 'None');
});
