/** The endpoint checks on lab 11's EndpointSlices and pods as its text shows them, and each way they drift apart. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1EndpointSlice, V1Endpoints, V1Pod } from '@kubernetes/client-node';
import {
  endpointsHaveNoNotReady,
  legacyEndpointsAgree,
  sliceRefsPointAtPods,
  slicesListReadyPods,
} from '../../../support/services/endpointChecks.ts';
import { assertFails, assertPasses } from '../network/assertFinding.ts';
import { labEndpointSlice, labPods } from './labObjects.ts';

const nginx = labPods('nginx-deployment-');
const redis = labPods('redis-');
const nginxSlice = labEndpointSlice('nginx-headless');
const redisSlice = labEndpointSlice('redis-headless');

function notReady(p: V1Pod): V1Pod {
  return { ...p, status: { ...p.status, conditions: [{ type: 'Ready', status: 'False' }] } };
}

/** The legacy Endpoints object the controller writes for a slice: its ready addresses, its ports. */
function legacyOf(slice: V1EndpointSlice): V1Endpoints {
  return {
    metadata: { name: slice.metadata!.labels!['kubernetes.io/service-name'] },
    subsets: [
      {
        addresses: slice.endpoints.map((e) => ({
          ip: e.addresses[0]!,
          targetRef: { kind: 'Pod', name: e.targetRef!.name },
        })),
        ports: slice.ports!.map((p) => ({ name: p.name, port: p.port!, protocol: p.protocol })),
      },
    ],
  };
}

test("slices list the ready pods: the lab's slices pass; a pod missing, a not-ready pod listed or another port fails", () => {
  const healthy = slicesListReadyPods('nginx-headless', 'nginx-deployment', [nginxSlice], nginx, 80);
  assertPasses(healthy);
  assert.deepEqual(healthy.expected, { addresses: ['192.168.156.5', '192.168.202.196'], ports: ['80/TCP'] });
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['endpointslices of nginx-headless', 'nginx-deployment pods'],
  );
  assert.match(healthy.evidence[0]!.body, /name: nginx-headless-xyz89/);
  assert.match(
    healthy.evidence[1]!.body,
    /- name: nginx-deployment-55d7bb4b86-vg4lt\n {2}ip: 192\.168\.156\.5\n {2}node: headless-services-worker2\n {2}ready: true/,
  );

  const stale = slicesListReadyPods(
    'nginx-headless',
    'nginx-deployment',
    [nginxSlice],
    [nginx[0]!, notReady(nginx[1]!)],
    80,
  );
  assertFails(
    stale,
    'The lab promises that the EndpointSlices of nginx-headless list exactly the ready nginx-deployment pod IPs (192.168.156.5) on port 80; they list 192.168.156.5, 192.168.202.196 on 80/TCP (1 slice(s)). Check `kubectl get endpointslice -l kubernetes.io/service-name=nginx-headless -o yaml` and kube-controller-manager.',
  );
  // no ready pod leaves nothing to list: a finding of its own, never "none = none"
  const noneReady = slicesListReadyPods('nginx-headless', 'nginx-deployment', [], nginx.map(notReady), 80);
  assert.deepEqual(noneReady.expected, { addresses: ['(no ready nginx-deployment pod)'], ports: ['80/TCP'] });
  assertFails(
    noneReady,
    'pod IPs (none: no nginx-deployment pod is Ready, so there is nothing to list) on port 80; they list nothing on ' +
      'no port (0 slice(s))',
  );

  // kube-dns's three ports, promised in any order and any case
  const dnsSlice = {
    ...nginxSlice,
    ports: [
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      { name: 'metrics', port: 9153, protocol: 'TCP' },
      { name: 'dns', port: 53, protocol: 'UDP' },
    ],
  };
  const dns = slicesListReadyPods('kube-dns', 'coredns', [dnsSlice], nginx, ['9153/tcp', '53/UDP', '53/TCP']);
  assertPasses(dns);
  assert.deepEqual(dns.expected.ports, ['53/TCP', '53/UDP', '9153/TCP']);
  assertFails(
    slicesListReadyPods('kube-dns', 'coredns', [nginxSlice], nginx, ['9153/tcp', '53/UDP']),
    'on port 9153/tcp, 53/UDP; they list',
  );
});

test("slice references point at the pods: the lab's slices pass; an unknown IP, a wrong targetRef or node fails", () => {
  const healthy = sliceRefsPointAtPods('redis-headless', [redisSlice], redis);
  assertPasses(healthy);
  assert.match(healthy.message, /mismatches: none\./);
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['endpoints of redis-headless'],
  );
  assert.match(
    healthy.evidence[0]!.body,
    /address: 192\.168\.202\.195\n {2}ready: true\n {2}targetRef:\n {4}kind: Pod\n {4}name: redis-0\n {2}nodeName: headless-services-worker/,
  );

  const broken: V1EndpointSlice = {
    ...redisSlice,
    endpoints: [
      { ...redisSlice.endpoints[0]!, addresses: ['192.168.202.250'] },
      { ...redisSlice.endpoints[1]!, targetRef: { kind: 'Pod', name: 'redis-0' } },
      { ...redisSlice.endpoints[2]!, targetRef: undefined, nodeName: undefined },
    ],
  };
  const f = sliceRefsPointAtPods('redis-headless', [broken], redis);
  assert.deepEqual(f.observed, [
    '192.168.202.250: no pod has this IP',
    '192.168.156.4: targetRef Pod/redis-0, pod is redis-1',
    '192.168.145.10: targetRef none/none, pod is redis-2',
    '192.168.145.10: nodeName none, pod runs on headless-services-control-plane',
  ]);
  assertFails(
    f,
    "The lab promises each endpoint of redis-headless names its pod (targetRef) and that pod's node (nodeName); mismatches: 192.168.202.250: no pod has this IP; 192.168.156.4: targetRef Pod/redis-0, pod is redis-1; 192.168.145.10: targetRef none/none",
  );
  const kind = sliceRefsPointAtPods(
    'redis-headless',
    [{ ...redisSlice, endpoints: [{ ...redisSlice.endpoints[0]!, targetRef: { kind: 'Node', name: 'redis-0' } }] }],
    redis,
  );
  assert.deepEqual(kind.observed, ['192.168.202.195: targetRef Node/redis-0, pod is redis-0']);
  // a pod without an IP is no pod at the address "" or anywhere else
  const ipless = sliceRefsPointAtPods(
    'redis-headless',
    [redisSlice],
    [{ ...redis[0]!, status: { ...redis[0]!.status, podIP: undefined } }, redis[1]!, redis[2]!],
  );
  assert.deepEqual(ipless.observed, ['192.168.202.195: no pod has this IP']);
});

test('legacy Endpoints agree with the slices: a faithful copy passes; other addresses or ports, or no object, fail', () => {
  const healthy = legacyEndpointsAgree('redis-headless', legacyOf(redisSlice), [redisSlice]);
  assertPasses(healthy);
  assert.deepEqual(healthy.expected, {
    addresses: ['192.168.145.10', '192.168.156.4', '192.168.202.195'],
    ports: ['6379/TCP'],
  });
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['endpoints redis-headless'],
  );
  assert.match(healthy.evidence[0]!.body, /ip: 192\.168\.202\.195/);

  // split over two subsets, duplicates and all, without protocols: TCP is the default
  const split: V1Endpoints = {
    subsets: [
      { addresses: [{ ip: '192.168.202.195' }, { ip: '192.168.156.4' }], ports: [{ port: 6379 }] },
      { addresses: [{ ip: '192.168.145.10' }, { ip: '192.168.156.4' }], ports: [{ port: 6379, protocol: 'TCP' }] },
    ],
  };
  assertPasses(legacyEndpointsAgree('redis-headless', split, [redisSlice]));
  const drifted = legacyEndpointsAgree(
    'redis-headless',
    { subsets: [{ addresses: [{ ip: '192.168.202.195' }], ports: [{ port: 6380, protocol: 'UDP' }] }, {}] },
    [redisSlice],
  );
  assert.deepEqual(drifted.observed, { addresses: ['192.168.202.195'], ports: ['6380/UDP'] });
  assertFails(
    drifted,
    "The lab's notes say the legacy Endpoints of redis-headless hold the same pod IPs and ports as its EndpointSlices (192.168.145.10, 192.168.156.4, 192.168.202.195); Endpoints hold 192.168.202.195 on 6380/UDP. Check `kubectl get endpoints redis-headless -o yaml`.",
  );
  assertFails(legacyEndpointsAgree('redis-headless', {}, [redisSlice]), 'Endpoints hold none on no port.');

  const missing = legacyEndpointsAgree('redis-headless', undefined, [redisSlice]);
  assert.deepEqual(missing.observed, { addresses: [], ports: [] });
  assertFails(
    missing,
    "The legacy Endpoints object of redis-headless is missing; the lab's notes say it mirrors the EndpointSlices. Check `kubectl get endpoints redis-headless`.",
  );
  assert.equal(missing.evidence[0]!.body, 'null\n');
});

test('no not-ready Endpoints addresses: a faithful copy passes; a not-ready address or no object fails, named', () => {
  const healthy = endpointsHaveNoNotReady('redis-headless', legacyOf(redisSlice));
  assertPasses(healthy);
  assert.match(healthy.message, /it lists none as not ready and 3 ready\./);
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['endpoints of redis-headless'],
  );
  assert.match(healthy.evidence[0]!.body, /ip: 192\.168\.145\.10/);

  const withNotReady = legacyOf(redisSlice);
  withNotReady.subsets = [
    ...withNotReady.subsets!,
    {
      notReadyAddresses: [
        { ip: '192.168.145.11', targetRef: { kind: 'Pod', name: 'redis-3' } },
        { ip: '192.168.145.12' },
      ],
    },
  ];
  const f = endpointsHaveNoNotReady('redis-headless', withNotReady);
  assert.deepEqual(f.observed, ['192.168.145.11 (redis-3)', '192.168.145.12']);
  assertFails(
    f,
    'The lab shows the Endpoints of redis-headless with no not-ready address ("NotReadyAddresses: <none>") beside ' +
      'its ready ones; it lists 192.168.145.11 (redis-3), 192.168.145.12 as not ready and 3 ready. Check ' +
      '`kubectl describe endpoints redis-headless`',
  );
  // an Endpoints object with no address at all has nothing not ready, and nothing ready either: not a pass
  const empty = endpointsHaveNoNotReady('redis-headless', {});
  assert.deepEqual(empty.observed, ['(no ready address either)']);
  assertFails(empty, 'it lists none as not ready and 0 ready.');
  const onlyNotReady = endpointsHaveNoNotReady('redis-headless', {
    subsets: [{ notReadyAddresses: [{ ip: '192.168.145.11' }] }],
  });
  assert.deepEqual(onlyNotReady.observed, ['(no ready address either)', '192.168.145.11']);
  assertFails(onlyNotReady, 'it lists 192.168.145.11 as not ready and 0 ready.');

  const missing = endpointsHaveNoNotReady('redis-headless', undefined);
  assert.deepEqual(missing.observed, ['(no Endpoints object)']);
  assertFails(missing, '("NotReadyAddresses: <none>") beside its ready ones; there is no Endpoints object. Check');
  assert.equal(missing.evidence[0]!.body, 'null\n');
});
