/** The workload checks on lab 11's pods as `kubectl get pods -o wide` shows them, and each placement or state broken. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import {
  oneDaemonPodPerNode,
  podIpsInside,
  podsCountAndLabel,
  podsOnDistinctNodes,
  podsReady,
  podsShareNodeBlock,
} from '../../../support/workloads/checks.ts';
import type { Workload } from '../../../support/workloads/workloads.ts';
import { assertFails, assertPasses } from '../network/assertFinding.ts';
import { labPods } from './labObjects.ts';

const nginx = labPods('nginx-deployment-');
const multitool = labPods('multitool-');
const redis = labPods('redis-');
const NODES = ['headless-services-control-plane', 'headless-services-worker', 'headless-services-worker2'];

const deployment: Workload = {
  kind: 'Deployment',
  name: 'nginx-deployment',
  namespace: 'default',
  selector: 'app=nginx',
  object: { spec: { replicas: 2, selector: {}, template: {} } },
};
const daemonSet: Workload = {
  kind: 'DaemonSet',
  name: 'multitool',
  namespace: 'default',
  selector: 'app=multitool',
  object: { status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3 } },
};

function pending(p: V1Pod): V1Pod {
  return { ...p, spec: { ...p.spec!, nodeName: undefined }, status: { phase: 'Pending' } };
}

test("pods Ready: the lab's nginx Deployment and multitool DaemonSet pass; a Pending pod or one too few fails", () => {
  const healthy = podsReady(deployment, nginx, 120_000);
  assertPasses(healthy);
  assert.deepEqual(healthy.expected, { pods: 2, notReady: [] });
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['pods of Deployment nginx-deployment'],
  );
  assert.match(
    healthy.evidence[0]!.body,
    /- name: nginx-deployment-55d7bb4b86-vg4lt\n {2}node: headless-services-worker2\n {2}ip: 192\.168\.156\.5\n {2}phase: Running\n {2}ready: true/,
  );
  assertPasses(podsReady(daemonSet, multitool));

  const stuck = podsReady(deployment, [nginx[0]!, pending(nginx[1]!)], 120_000);
  assert.deepEqual(stuck.observed, { pods: 2, notReady: ['nginx-deployment-55d7bb4b86-xqh9d (Pending, on no node)'] });
  assertFails(
    stuck,
    'The lab promises every nginx-deployment pod Running and Ready (Deployment, 2 wanted); within 120 s found 2, not ready: nginx-deployment-55d7bb4b86-xqh9d (Pending, on no node). Check `kubectl get pods -n default -l app=nginx -o wide`',
  );
  const unready = podsReady(
    deployment,
    [nginx[0]!, { ...nginx[1]!, status: { ...nginx[1]!.status, phase: undefined } }],
    60_000,
  );
  assert.deepEqual(unready.observed.notReady, [
    'nginx-deployment-55d7bb4b86-xqh9d (Unknown, on headless-services-worker)',
  ]);
  assertFails(podsReady(daemonSet, multitool.slice(1), 60_000), '(DaemonSet, 3 wanted); within 60 s found 2. Check');

  // a DaemonSet without a desired count leaves nothing to expect: a finding, never the pods found taken as wanted
  const uncounted = podsReady({ ...daemonSet, object: {} }, multitool.slice(1), 60_000);
  assert.deepEqual(uncounted.expected, { pods: '(DaemonSet multitool reports no desired pod count)', notReady: [] });
  assertFails(
    uncounted,
    'The lab promises every multitool pod Running and Ready (DaemonSet multitool reports no desired pod count); ' +
      'within 60 s found 2. Check',
  );
  // a Deployment without replicas wants the API's default of 1; a bare Pod wants itself
  assert.deepEqual(podsReady({ ...deployment, object: {} }, nginx.slice(1)).expected, { pods: 1, notReady: [] });
  assert.deepEqual(
    podsReady({ ...deployment, object: { spec: { replicas: 5, selector: {}, template: {} } } }, nginx).expected.pods,
    5,
  );
  const bare: Workload = { kind: 'Pod', name: 'redis-0', namespace: 'default', selector: '', object: redis[0]! };
  assert.deepEqual(podsReady(bare, redis).expected, { pods: 1, notReady: [] });
});

test("one daemon pod per node: the lab's multitool passes; a node left out, a doubled node or an unscheduled pod fails", () => {
  const healthy = oneDaemonPodPerNode(daemonSet, multitool, NODES);
  assertPasses(healthy);
  assert.deepEqual(healthy.expected, Object.fromEntries(NODES.map((n) => [n, 1])));
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['pods of multitool by node'],
  );
  assert.match(healthy.evidence[0]!.body, /name: multitool-2p4xk\n {2}node: headless-services-worker\n/);

  const doubled = oneDaemonPodPerNode(daemonSet, [multitool[0]!, multitool[0]!, pending(multitool[1]!)], NODES);
  assert.deepEqual(doubled.observed, {
    'headless-services-control-plane': 0,
    'headless-services-worker': 2,
    'headless-services-worker2': 0,
    '(unscheduled)': 1,
  });
  assertFails(
    doubled,
    'The lab promises one multitool pod on each of the 3 nodes (a DaemonSet tolerating the control-plane taint); pods per node: headless-services-control-plane=0, headless-services-worker=2, headless-services-worker2=0, (unscheduled)=1. Check `kubectl get pods -n default -l app=multitool -o wide`',
  );
});

test("pods on distinct nodes: the lab's nginx passes; both on one node fails, naming where each runs", () => {
  // the count is the lab's ("the 2 pods of nginx-deployment"), not the number of pods found
  const healthy = podsOnDistinctNodes(deployment, nginx, 2);
  assertPasses(healthy);
  assert.deepEqual(
    [healthy.expected, healthy.observed],
    [
      { pods: 2, nodes: 2 },
      { pods: 2, nodes: 2 },
    ],
  );
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['pods of nginx-deployment'],
  );
  assert.match(healthy.evidence[0]!.body, /nginx-deployment-55d7bb4b86-xqh9d/);
  const together = podsOnDistinctNodes(
    deployment,
    nginx.map((p) => ({ ...p, spec: { ...p.spec!, nodeName: 'headless-services-worker' } })),
    2,
  );
  assert.deepEqual(together.observed, { pods: 2, nodes: 1 });
  assertFails(
    together,
    'The lab shows the 2 nginx-deployment pods spread over different nodes; they run on headless-services-worker (nginx-deployment-55d7bb4b86-vg4lt on headless-services-worker, nginx-deployment-55d7bb4b86-xqh9d on headless-services-worker). Check `kubectl get pods -n default -l app=nginx -o wide`.',
  );
  // a third pod on two nodes is not the lab's two
  const three = podsOnDistinctNodes(deployment, [...nginx, nginx[0]!], 2);
  assert.deepEqual(three.observed, { pods: 3, nodes: 2 });
  assertFails(three, 'they run on headless-services-worker2, headless-services-worker (');
  // one pod too few, and a Pending pod that runs on no node, spread nothing
  assertFails(
    podsOnDistinctNodes(deployment, nginx.slice(0, 1), 2),
    'The lab shows the 2 nginx-deployment pods spread over different nodes; they run on headless-services-worker2 (',
  );
  const unscheduled = podsOnDistinctNodes(deployment, [nginx[0]!, pending(nginx[1]!)], 2);
  assert.deepEqual(unscheduled.observed, { pods: 2, nodes: 1 });
  assertFails(
    unscheduled,
    'they run on headless-services-worker2 (nginx-deployment-55d7bb4b86-vg4lt on headless-services-worker2, ' +
      'nginx-deployment-55d7bb4b86-xqh9d on no node (unscheduled))',
  );
});

test("pod IPs inside the pool: the lab's pods pass; an address outside it or none fails; host-network and Pending pods are not counted", () => {
  const all = [...nginx, ...multitool, ...redis];
  const healthy = podIpsInside(all, '192.168.0.0/16');
  assertPasses(healthy);
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['pods of the lab (namespace, name, node, IP)'],
  );
  assert.match(healthy.evidence[0]!.body, /ip: 192\.168\.202\.195/);
  const stray = { ...redis[0]!, status: { ...redis[0]!.status, podIP: '10.244.1.5' } };
  const noIp = { ...redis[1]!, status: { ...redis[1]!.status, podIP: undefined } };
  const f = podIpsInside([stray, noIp, redis[2]!], '192.168.0.0/16');
  assert.deepEqual(f.observed, ['redis-0=10.244.1.5', 'redis-1=no IP']);
  assertFails(
    f,
    "The lab promises pod addresses from Calico's pool 192.168.0.0/16; pods outside it: redis-0=10.244.1.5, redis-1=no IP (of 3). Check `kubectl get pods -o wide`",
  );
  const hostNetwork = { ...stray, spec: { ...stray.spec!, hostNetwork: true } };
  assertPasses(podIpsInside([hostNetwork, pending(stray), redis[2]!], '192.168.0.0/16'));
});

test("pods share their node's block: the lab's pods pass; a pod in another node's block fails, with the blocks by node", () => {
  const healthy = podsShareNodeBlock([...nginx, ...redis], 26);
  assertPasses(healthy);
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['pod blocks by node', 'pods (name, node, IP)'],
  );
  assert.match(healthy.evidence[0]!.body, /headless-services-worker:\n {2}- 192\.168\.202\.192\/26/);
  assert.match(healthy.evidence[1]!.body, /name: redis-0/);
  const moved = { ...redis[1]!, spec: { ...redis[1]!.spec!, nodeName: 'headless-services-worker' } };
  const f = podsShareNodeBlock([redis[0]!, moved, redis[2]!, nginx[0]!], 26);
  assert.deepEqual(f.observed, {
    nodesWithSeveralBlocks: ['headless-services-worker'],
    blocksOnSeveralNodes: ['192.168.156.0/26'],
  });
  assertFails(
    f,
    'The lab promises /26 blocks per node: pods on one node share a block, and no block spans nodes. Blocks by node: headless-services-worker: 192.168.156.0/26 192.168.202.192/26; headless-services-control-plane: 192.168.145.0/26; headless-services-worker2: 192.168.156.0/26. Check `kubectl get blockaffinities`',
  );
  // a pod without an address or a node has no block to share
  assertPasses(
    podsShareNodeBlock(
      [
        redis[0]!,
        { ...moved, status: { ...moved.status, podIP: '' } },
        { ...moved, spec: { ...moved.spec!, nodeName: '' } },
      ],
      26,
    ),
  );
});

test("pods count and label: the lab's redis pods pass; one too many, or a pod without the label, fails", () => {
  const sts: Workload = { kind: 'StatefulSet', name: 'redis', namespace: 'default', selector: 'app=redis', object: {} };
  const healthy = podsCountAndLabel(sts, redis, 3, 'app=redis');
  assertPasses(healthy);
  assert.deepEqual(healthy.expected, { pods: 3, unlabelled: [] });
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['pods of redis (name, labels)'],
  );
  assert.match(healthy.evidence[0]!.body, /- name: redis-0\n {2}labels:\n {4}app: redis/);
  const relabelled = podsCountAndLabel(
    sts,
    [...redis, { ...nginx[0]!, metadata: { name: 'redis-3', labels: { app: 'cache' } } }, { metadata: {} }],
    3,
    'app=redis',
  );
  assert.deepEqual(relabelled.observed, { pods: 5, unlabelled: ['redis-3', ''] });
  assertFails(
    relabelled,
    'The lab shows 3 redis pods, each labelled app=redis; there are 5, without the label: redis-3, . Check `kubectl get pods -n default -l app=redis -o wide`.',
  );
  assertFails(podsCountAndLabel(sts, redis.slice(1), 3, 'app=redis'), 'there are 2. Check');
  // a bare key asks for the label with an empty value
  assert.deepEqual(podsCountAndLabel(sts, redis, 3, 'app').observed.unlabelled, ['redis-0', 'redis-1', 'redis-2']);
  assertPasses(
    podsCountAndLabel(
      sts,
      redis.map((p) => ({ ...p, metadata: { ...p.metadata, labels: { app: '' } } })),
      3,
      'app',
    ),
  );
});
