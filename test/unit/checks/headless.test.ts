/** Lab 11's headless Services, StatefulSet and EndpointSlices as its text shows them, and each promise broken. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1EndpointSlice, V1Pod } from '@kubernetes/client-node';
import {
  endpointsCarryHostnames,
  headlessService,
  noEndpointHostnames,
  statefulSetOrdinals,
} from '../../../support/services/headlessChecks.ts';
import { noRulesForService } from '../../../support/kubeproxy/headlessRules.ts';
import type { NodeNat } from '../../../support/kubeproxy/facts.ts';
import { kubeProxyServiceChain, parseIptables } from '../../../support/kubeproxy/index.ts';
import { assertFails, assertPasses } from '../network/assertFinding.ts';
import { labEndpointSlice, labPods, labService, labStatefulSet, withSpec } from './labObjects.ts';

const REDIS_PORT = { port: 6379, protocol: 'TCP', name: 'redis' };
const redisPods = labPods('redis-');
const redisSlice = labEndpointSlice('redis-headless');
const nginxSlice = labEndpointSlice('nginx-headless');

function notReady(p: V1Pod): V1Pod {
  return { ...p, status: { ...p.status, conditions: [{ type: 'Ready', status: 'False' }] } };
}

function editEndpoints(
  slice: V1EndpointSlice,
  edit: (e: V1EndpointSlice['endpoints'][number], i: number) => V1EndpointSlice['endpoints'][number],
): V1EndpointSlice {
  return { ...slice, endpoints: slice.endpoints.map(edit) };
}

test("a headless Service: lab 11's redis-headless passes; a VIP, another port or type, or no Service fails", () => {
  const healthy = headlessService('redis-headless', labService('redis-headless'), REDIS_PORT);
  assertPasses(healthy);
  assert.deepEqual(healthy.expected, { type: 'ClusterIP', clusterIP: 'None', ports: ['redis 6379/TCP'] });
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['Service redis-headless'],
  );

  const withVip = headlessService('nginx-clusterip', labService('nginx-clusterip'), {
    port: 80,
    protocol: 'TCP',
    name: 'http',
  });
  assertFails(
    withVip,
    'The lab shows nginx-clusterip as a headless Service (`clusterIP: None`, no VIP) on port 80/TCP named http; it has type ClusterIP, cluster IP 10.96.204.67 and ports http 80/TCP. Check `kubectl get svc nginx-clusterip -o yaml`',
  );

  // what a Service written without type, clusterIP or protocol reads as
  const bare = headlessService(
    'redis-headless',
    { metadata: { name: 'redis-headless' }, spec: { ports: [{ port: 6379 }] } },
    REDIS_PORT,
  );
  assert.deepEqual(bare.observed, { type: 'ClusterIP', clusterIP: '', ports: [' 6379/TCP'] });
  assertFails(bare, 'cluster IP none and ports  6379/TCP');
  const noPorts = headlessService(
    'redis-headless',
    withSpec(labService('redis-headless'), { ports: [], type: 'NodePort' }),
    REDIS_PORT,
  );
  assertFails(noPorts, 'it has type NodePort, cluster IP None and ports none.');
  assert.deepEqual(headlessService('redis-headless', { spec: {} }, REDIS_PORT).observed, {
    type: 'ClusterIP',
    clusterIP: '',
    ports: [],
  });

  const missing = headlessService('redis-headless', undefined, REDIS_PORT);
  assert.equal(missing.observed, null);
  assertFails(missing, 'The lab shows redis-headless as a headless Service; there is no Service redis-headless. Apply');
  assert.deepEqual(missing.evidence, []);
});

test("StatefulSet ordinals: lab 11's redis passes in any listing order; a pod not Ready, a wrong hostname or a missing pod fails", () => {
  const sts = labStatefulSet();
  const healthy = statefulSetOrdinals(sts, [redisPods[2]!, redisPods[0]!, redisPods[1]!], 3);
  assertPasses(healthy);
  assert.deepEqual(healthy.expected, {
    ready: '3/3',
    pods: [
      'redis-0 hostname redis-0 under redis-headless Ready',
      'redis-1 hostname redis-1 under redis-headless Ready',
      'redis-2 hostname redis-2 under redis-headless Ready',
    ],
  });
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['StatefulSet redis', 'pods of redis'],
  );
  assert.match(
    healthy.evidence[0]!.body,
    /replicas: 3\n {2}serviceName: redis-headless\nstatus:\n {2}replicas: 3\n {2}readyReplicas: 3/,
  );
  assert.equal(healthy.evidence[1]!.body, healthy.expected.pods.join('\n'));

  const stuck = statefulSetOrdinals(
    { ...sts, status: { replicas: 3, readyReplicas: 2 } },
    [redisPods[0]!, redisPods[1]!, notReady(redisPods[2]!)],
    3,
  );
  assert.deepEqual(stuck.observed.ready, '2/3');
  assertFails(
    stuck,
    'The lab shows StatefulSet redis READY 3/3, its pods named by ordinal (redis-0, redis-1, redis-2), each with its name as hostname under redis-headless; the cluster shows READY 2/3 and pods redis-0 hostname redis-0 under redis-headless Ready; redis-1 hostname redis-1 under redis-headless Ready; redis-2 hostname redis-2 under redis-headless not Ready. Check `kubectl get statefulset redis` and `kubectl get pods -l app=redis -o wide`',
  );

  const plain = {
    metadata: { name: 'redis-1' },
    spec: { containers: [] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  } as V1Pod;
  assert.deepEqual(
    statefulSetOrdinals(sts, [redisPods[0]!, plain, redisPods[2]!], 3).observed.pods[1],
    'redis-1 hostname (none) under (none) Ready',
  );
  // nothing read back: no status, no replicas field (the API's default of 1), no name, no pods
  const empty = statefulSetOrdinals({ spec: { selector: {}, serviceName: '', template: {} } }, [], 3);
  assert.deepEqual(empty.observed, { ready: '0/1', pods: [] });
  assertFails(empty, 'the cluster shows READY 0/1 and pods none.', 'its pods named by ordinal (-0, -1, -2)');
  assert.deepEqual(statefulSetOrdinals({}, [], 1).expected, { ready: '1/1', pods: ['-0 hostname -0 under  Ready'] });

  // scaled to 11: redis-10 sorts after redis-9, as the ordinals do
  const eleven = Array.from({ length: 11 }, (_, i) => ({
    ...redisPods[0]!,
    metadata: { name: `redis-${i}` },
    spec: { ...redisPods[0]!.spec!, hostname: `redis-${i}` },
  }));
  assertPasses(
    statefulSetOrdinals(
      { ...sts, spec: { ...sts.spec!, replicas: 11 }, status: { replicas: 11, readyReplicas: 11 } },
      eleven.reverse(),
      11,
    ),
  );
  const twoLabels = statefulSetOrdinals(
    { ...sts, spec: { ...sts.spec!, selector: { matchLabels: { app: 'redis', tier: 'cache' } } } },
    redisPods,
    3,
  );
  assert.match(twoLabels.message, /kubectl get pods -l app=redis,tier=cache -o wide/);
});

test("endpoints carry hostnames: lab 11's redis-headless slice passes; a lost hostname or targetRef fails, named", () => {
  const healthy = endpointsCarryHostnames('redis-headless', [redisSlice], redisPods);
  assertPasses(healthy);
  assert.deepEqual(healthy.expected, { 'redis-0': 'redis-0', 'redis-1': 'redis-1', 'redis-2': 'redis-2' });
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['EndpointSlices of redis-headless'],
  );
  assert.match(healthy.evidence[0]!.body, /hostname: redis-0/);

  const lost = editEndpoints(redisSlice, (e, i) =>
    i === 1 ? { ...e, hostname: undefined } : i === 2 ? { ...e, targetRef: undefined } : e,
  );
  const f = endpointsCarryHostnames('redis-headless', [lost], redisPods);
  assert.deepEqual(f.observed, {
    'redis-0': 'redis-0',
    'redis-1': '(no hostname)',
    '(no targetRef: 192.168.145.10)': 'redis-2',
  });
  assertFails(
    f,
    "The lab shows every endpoint of redis-headless carrying its pod's hostname (redis-0: redis-0, redis-1: redis-1, redis-2: redis-2) and a targetRef to that pod: this is what per-pod DNS names are made from; the slices show redis-0: redis-0, redis-1: (no hostname), (no targetRef: 192.168.145.10): redis-2. Check `kubectl get endpointslice -l kubernetes.io/service-name=redis-headless -o yaml`",
  );
  const twoAddresses = editEndpoints(redisSlice, (e) => ({
    ...e,
    targetRef: undefined,
    addresses: ['192.168.145.10', '192.168.145.11'],
  }));
  assert.deepEqual(Object.keys(endpointsCarryHostnames('redis-headless', [twoAddresses], redisPods).observed), [
    '(no targetRef: 192.168.145.10,192.168.145.11)',
  ]);
  assert.deepEqual(
    Object.keys(
      endpointsCarryHostnames(
        'redis-headless',
        [{ ...redisSlice, endpoints: [{}] as V1EndpointSlice['endpoints'] }],
        [],
      ).observed,
    ),
    ['(no targetRef: )'],
  );

  // only pods that set a hostname under this Service are expected to carry one; when none does, there is nothing
  // to carry and the check fails rather than pass over an empty expectation
  const nothingToCarry = { '(a pod with spec.hostname under this Service)': '(its hostname)' };
  const elsewhere = redisPods.map((p) => ({ ...p, spec: { ...p.spec!, subdomain: 'other' } }));
  const underOther = endpointsCarryHostnames('redis-headless', [redisSlice], elsewhere);
  assert.deepEqual(underOther.expected, nothingToCarry);
  assertFails(
    underOther,
    "carrying its pod's hostname (none: of the 3 pod(s) behind it none sets spec.hostname with spec.subdomain " +
      'redis-headless)',
    'the slices show redis-0: redis-0, redis-1: redis-1, redis-2: redis-2.',
  );
  const noHostname = redisPods.map((p) => ({ ...p, spec: { ...p.spec!, hostname: undefined } }));
  assert.deepEqual(endpointsCarryHostnames('redis-headless', [redisSlice], noHostname).expected, nothingToCarry);
  const nameless = endpointsCarryHostnames('redis-headless', [], [{ ...redisPods[0]!, metadata: {} }]);
  assert.deepEqual(nameless.expected, { '': 'redis-0' });
  assertFails(nameless, 'the slices show no endpoints.');
  // lab 11's Deployment-backed nginx-headless: its pods set no hostname, so this promise has nothing to hold to
  assertFails(
    endpointsCarryHostnames('nginx-headless', [nginxSlice], labPods('nginx-')),
    "carrying its pod's hostname (none: of the 2 pod(s) behind it none sets spec.hostname with spec.subdomain " +
      'nginx-headless)',
  );
  const noEndpoints = endpointsCarryHostnames(
    'redis-headless',
    [{ ...redisSlice, endpoints: undefined } as unknown as V1EndpointSlice],
    redisPods,
  );
  assert.deepEqual(noEndpoints.observed, {});
  assertFails(noEndpoints, 'the slices show no endpoints.');
});

test("no endpoint hostnames: lab 11's nginx-headless slice passes; one carrying a hostname fails, named", () => {
  const healthy = noEndpointHostnames('nginx-headless', [nginxSlice]);
  assertPasses(healthy);
  assert.match(healthy.message, /none carries one/);
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['EndpointSlices of nginx-headless'],
  );
  assert.match(healthy.evidence[0]!.body, /nginx-deployment-55d7bb4b86-vg4lt/);

  const named = noEndpointHostnames('redis-headless', [redisSlice]);
  assert.deepEqual(named.observed, ['redis-0: redis-0', 'redis-1: redis-1', 'redis-2: redis-2']);
  assertFails(
    named,
    'The lab shows the endpoints of redis-headless without a hostname field (its pods have no stable identity, so no per-pod DNS names); these carry one: redis-0: redis-0, redis-1: redis-1, redis-2: redis-2. Check `kubectl get endpointslice',
  );
  const anonymous = editEndpoints(nginxSlice, (e) => ({
    ...e,
    targetRef: undefined,
    hostname: 'web',
    addresses: [...e.addresses, '10.0.0.1'],
  }));
  assert.deepEqual(noEndpointHostnames('nginx-headless', [anonymous]).observed, [
    '192.168.156.5,10.0.0.1: web',
    '192.168.202.196,10.0.0.1: web',
  ]);
  assert.deepEqual(
    noEndpointHostnames('nginx-headless', [
      { ...nginxSlice, endpoints: [{ hostname: 'web' }] as V1EndpointSlice['endpoints'] },
    ]).observed,
    [': web'],
  );
});

// A node's nat table as lab 11 shows it (6.1): nginx-clusterip has its KUBE-SERVICES rule, the headless Services none.
const LAB_DUMP = `*nat
:KUBE-SERVICES - [0:0]
:KUBE-SVC-XXXXXXXX - [0:0]
-A KUBE-SERVICES -d 10.96.204.67/32 -p tcp -m comment --comment "default/nginx-clusterip:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-XXXXXXXX
-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m tcp --dport 443 -j KUBE-SVC-XXXXXXXX
COMMIT
`;

function nat(text: string): NodeNat {
  return {
    node: 'headless-services-worker',
    text,
    table: parseIptables(text),
    command: ['iptables-save', '-t', 'nat'],
  };
}

test("no rules for a headless Service: lab 11's node passes; a rule naming it or a chain with its hash fails", () => {
  const redis = labService('redis-headless');
  const healthy = noRulesForService(nat(LAB_DUMP), redis);
  assertPasses(healthy);
  assert.match(
    healthy.message,
    /on headless-services-worker KUBE-SERVICES has no rule for it, and no chain carries its hash/,
  );
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['NAT lines for default/redis-headless on headless-services-worker'],
  );
  assert.equal(healthy.evidence[0]!.body, '$ iptables-save -t nat  # lines for default/redis-headless or its hashes');

  // kube-proxy treating redis-headless as a VIP Service: a KUBE-SERVICES rule and a chain named by its hash
  const chain = kubeProxyServiceChain('default/redis-headless:redis', 'tcp');
  const rule = `-A KUBE-SERVICES -d 10.96.7.7/32 -p tcp -m comment --comment "default/redis-headless:redis cluster IP" -m tcp --dport 6379 -j ${chain}`;
  const broken = nat(
    LAB_DUMP.replace(':KUBE-SVC-XXXXXXXX - [0:0]', `:KUBE-SVC-XXXXXXXX - [0:0]\n:${chain} - [0:0]`).replace(
      'COMMIT',
      `${rule}\nCOMMIT`,
    ),
  );
  const f = noRulesForService(broken, redis);
  assert.deepEqual(f.observed, { servicesRules: [rule], hashedChains: [chain] });
  assertFails(
    f,
    `on headless-services-worker KUBE-SERVICES has ${rule} and the chains ${chain} carry kube-proxy's hash of its ports. Check \`kubectl get svc redis-headless -o jsonpath='{.spec.clusterIP}'\` (must be None) and \`docker exec headless-services-worker iptables-save -t nat | grep redis-headless\``,
  );
  assert.equal(
    f.evidence[0]!.body,
    ['$ iptables-save -t nat  # lines for default/redis-headless or its hashes', `:${chain} - [0:0]`, rule].join('\n'),
  );

  // a comment naming the Service alone or with a space (an unnamed port), never one that only starts alike
  const unnamed = `-A KUBE-SERVICES -d 10.96.7.7/32 -p tcp -m comment --comment "default/redis-headless cluster IP" -j KUBE-MARK-MASQ`;
  const exact = `-A KUBE-SERVICES -d 10.96.7.8/32 -p tcp -m comment --comment default/redis-headless -j KUBE-MARK-MASQ`;
  const alike = `-A KUBE-SERVICES -d 10.96.7.9/32 -p tcp -m comment --comment "default/redis-headless2:redis cluster IP" -j KUBE-MARK-MASQ`;
  const others = noRulesForService(nat(LAB_DUMP.replace('COMMIT', `${unnamed}\n${exact}\n${alike}\nCOMMIT`)), redis);
  assert.deepEqual(others.observed.servicesRules, [unnamed, exact]);
  assertFails(others, `KUBE-SERVICES has ${unnamed} | ${exact}, and no chain carries its hash`);

  // a port without name or protocol is hashed as kube-proxy spells it: "ns/name" (or "ns/name:") and tcp
  const bare = {
    metadata: { namespace: 'default', name: 'redis-headless' },
    spec: { clusterIP: 'None', ports: [{ port: 6379 }] },
  };
  const bareChain = kubeProxyServiceChain('default/redis-headless', 'tcp');
  const hashed = noRulesForService(nat(LAB_DUMP.replace('COMMIT', `:${bareChain} - [0:0]\nCOMMIT`)), bare);
  assert.deepEqual(hashed.observed, { servicesRules: [], hashedChains: [bareChain] });
  assertFails(hashed, `KUBE-SERVICES has no rule for it and the chains ${bareChain} carry`);
  // no metadata, no ports: nothing of it can be in the table
  assert.deepEqual(noRulesForService(nat(LAB_DUMP), {}).observed, { servicesRules: [], hashedChains: [] });
  // a NAT table without KUBE-SERVICES: kube-proxy wrote nothing, so the absence of rules for it shows nothing
  const empty = noRulesForService(nat('*nat\nCOMMIT\n'), redis);
  assert.deepEqual(empty.observed, {
    servicesRules: ['(no KUBE-SERVICES chain: kube-proxy wrote nothing to look in)'],
    hashedChains: [],
  });
  assertFails(empty, 'on headless-services-worker the NAT table has no KUBE-SERVICES chain at all');
});

test('a headless Service without ports has no hash to look for; an -S rule naming it is quoted without trailing blanks', () => {
  const portless = { metadata: { namespace: 'default', name: 'plain' }, spec: { clusterIP: 'None' } };
  const unnamed = kubeProxyServiceChain('default/plain', 'tcp');
  assert.deepEqual(
    noRulesForService(nat(`*nat\n:KUBE-SERVICES - [0:0]\n:${unnamed} - [0:0]\nCOMMIT\n`), portless).observed
      .hashedChains,
    [],
  );
  const rule =
    '-A KUBE-SERVICES -d 10.96.7.7/32 -p tcp -m comment --comment "default/redis-headless:redis cluster IP" -j KUBE-MARK-MASQ';
  const f = noRulesForService(nat(LAB_DUMP.replace('COMMIT', `${rule}   \nCOMMIT`)), labService('redis-headless'));
  assert.deepEqual(f.observed.servicesRules, [rule]);
});
