/** The Service checks on lab 11's Services as the API returns them, and on each way a Service can break a promise. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  serviceAtAddress,
  servicePortsAndExposure,
  serviceShape,
  serviceTypeAndVip,
  sessionAffinityNone,
  singleIPv4ClusterIP,
} from '../../../support/services/checks.ts';
import { assertFails, assertPasses } from '../network/assertFinding.ts';
import { labService, withSpec } from './labObjects.ts';

const SERVICE_CIDR = '10.96.0.0/16';
const nginx = labService('nginx-clusterip');

test("one IPv4 VIP: the lab's Service passes; dual-stack, IPv6-only, no VIP and headless fail, naming what spec holds", () => {
  const healthy = singleIPv4ClusterIP('nginx-clusterip', nginx);
  assertPasses(healthy);
  assert.deepEqual(healthy.expected, { clusterIPs: 1, ipv4: true, ipFamilies: ['IPv4'] });
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['service nginx-clusterip spec'],
  );
  assert.match(healthy.evidence[0]!.body, /clusterIP: 10\.96\.204\.67/);

  const dual = singleIPv4ClusterIP(
    'nginx-clusterip',
    withSpec(nginx, { clusterIPs: ['10.96.204.67', 'fd00:10:96::4c2b'], ipFamilies: ['IPv4', 'IPv6'] }),
  );
  assert.deepEqual(dual.observed, { clusterIPs: 2, ipv4: false, ipFamilies: ['IPv4', 'IPv6'] });
  assertFails(
    dual,
    'In a single-stack cluster nginx-clusterip has one IPv4 VIP; spec.clusterIPs is ["10.96.204.67","fd00:10:96::4c2b"], ipFamilies ["IPv4","IPv6"]',
    'ipFamilyPolicy',
  );

  const v6 = singleIPv4ClusterIP(
    'nginx-clusterip',
    withSpec(nginx, { clusterIP: 'fd00:10:96::4c2b', clusterIPs: ['fd00:10:96::4c2b'], ipFamilies: ['IPv6'] }),
  );
  assert.deepEqual(v6.observed, { clusterIPs: 1, ipv4: false, ipFamilies: ['IPv6'] });

  // an older API object with clusterIP only still counts its one address
  assertPasses(singleIPv4ClusterIP('nginx-clusterip', withSpec(nginx, { clusterIPs: undefined })));
  // nothing to look at is a failure, not an empty "all IPv4"
  const none = singleIPv4ClusterIP('nginx-clusterip', { metadata: { name: 'nginx-clusterip' }, spec: {} });
  assert.deepEqual(none.observed, { clusterIPs: 0, ipv4: false, ipFamilies: [] });
  assertFails(none, 'spec.clusterIPs is [], ipFamilies []');
  const noSpec = singleIPv4ClusterIP('nginx-clusterip', { metadata: { name: 'nginx-clusterip' } });
  assert.deepEqual(noSpec.observed, { clusterIPs: 0, ipv4: false, ipFamilies: [] });
  assert.equal(noSpec.evidence[0]!.body, 'null\n');
  assertFails(singleIPv4ClusterIP('nginx-headless', labService('nginx-headless')), 'spec.clusterIPs is ["None"]');
});

test("sessionAffinity None: the lab's Service and one that leaves it unset pass; ClientIP fails and is named", () => {
  assertPasses(sessionAffinityNone('nginx-clusterip', nginx));
  assertPasses(sessionAffinityNone('nginx-clusterip', withSpec(nginx, { sessionAffinity: undefined })));
  const pinned = sessionAffinityNone('nginx-clusterip', withSpec(nginx, { sessionAffinity: 'ClientIP' }));
  assert.deepEqual([pinned.expected, pinned.observed], ['None', 'ClientIP']);
  assertFails(pinned, 'nginx-clusterip should have sessionAffinity None; it has ClientIP');
  assert.deepEqual(
    pinned.evidence.map((e) => e.title),
    ['service nginx-clusterip spec'],
  );
  assert.match(pinned.evidence[0]!.body, /sessionAffinity: ClientIP/);
  assert.equal(sessionAffinityNone('x', { metadata: { name: 'x' } }).evidence[0]!.body, 'null\n');
});

test('the shape of a Service: type (ClusterIP by default, "missing" without a Service), VIP in the CIDR, ports, external addresses', () => {
  assert.deepEqual(serviceShape('nginx-clusterip', nginx, SERVICE_CIDR), {
    type: 'ClusterIP',
    clusterIPInside: true,
    ports: ['http 80/TCP'],
    externalIPs: [],
  });
  assert.deepEqual(serviceShape('gone', undefined, SERVICE_CIDR), {
    type: 'missing',
    clusterIPInside: false,
    ports: [],
    externalIPs: [],
  });
  const bare = serviceShape('bare', { spec: { ports: [{ port: 53 }] } }, SERVICE_CIDR);
  assert.deepEqual(bare, { type: 'ClusterIP', clusterIPInside: false, ports: [' 53/TCP'], externalIPs: [] });
  const exposed = withSpec(nginx, { type: 'LoadBalancer', externalIPs: ['172.18.0.100'] });
  exposed.status = { loadBalancer: { ingress: [{ ip: '172.18.255.200' }, { hostname: 'lb.example' }, {}] } };
  assert.deepEqual(serviceShape('nginx-clusterip', exposed, SERVICE_CIDR).externalIPs, [
    '172.18.0.100',
    '172.18.255.200',
    'lb.example',
    '',
  ]);
  assert.equal(serviceShape('nginx-clusterip', nginx, '192.168.0.0/16').clusterIPInside, false);
});

test("type and VIP: the lab's Service passes; another type, a VIP outside the CIDR, no VIP and no Service fail", () => {
  const healthy = serviceTypeAndVip('nginx-clusterip', nginx, SERVICE_CIDR);
  assertPasses(healthy);
  assert.deepEqual(healthy.expected, { type: 'ClusterIP', clusterIPInside: true });
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['service nginx-clusterip'],
  );
  assert.match(healthy.evidence[0]!.body, /name: nginx-clusterip/);

  const nodePort = serviceTypeAndVip('nginx-clusterip', withSpec(nginx, { type: 'NodePort' }), SERVICE_CIDR);
  assert.deepEqual(nodePort.observed, { type: 'NodePort', clusterIPInside: true });
  assertFails(
    nodePort,
    'The lab promises nginx-clusterip as type ClusterIP with a VIP inside the service CIDR 10.96.0.0/16; it is NodePort with VIP 10.96.204.67',
    'serviceSubnet',
  );

  const outside = serviceTypeAndVip('nginx-clusterip', withSpec(nginx, { clusterIP: '10.97.0.5' }), SERVICE_CIDR);
  assert.deepEqual(outside.observed, { type: 'ClusterIP', clusterIPInside: false });
  assertFails(
    serviceTypeAndVip('nginx-clusterip', withSpec(nginx, { clusterIP: undefined }), SERVICE_CIDR),
    'it is ClusterIP with VIP none',
  );

  const missing = serviceTypeAndVip('nginx-clusterip', undefined, SERVICE_CIDR);
  assert.deepEqual(missing.observed, { type: 'missing', clusterIPInside: false });
  assertFails(missing, "The lab's Service nginx-clusterip does not exist. Check `kubectl get svc -A`");
  assert.equal(missing.evidence[0]!.body, 'null\n');
});

test('ports and exposure: exactly the named ports, in any order, and no external address', () => {
  const healthy = servicePortsAndExposure('nginx-clusterip', nginx, { port: 80, protocol: 'tcp', portName: 'http' });
  assertPasses(healthy);
  assert.deepEqual(healthy.expected, { ports: ['http 80/TCP'], externalIPs: [] });
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['service nginx-clusterip ports'],
  );
  assert.match(healthy.evidence[0]!.body, /name: http/);

  // kube-dns as lab 05 lists it: the promise and the object each in their own order
  const kubeDns = withSpec(nginx, {
    clusterIP: '10.96.0.10',
    ports: [
      { name: 'metrics', port: 9153, protocol: 'TCP' },
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
    ],
  });
  const promised = [
    { portName: 'dns-tcp', port: 53, protocol: 'TCP' },
    { portName: 'metrics', port: 9153, protocol: 'TCP' },
    { portName: 'dns', port: 53, protocol: 'UDP' },
  ];
  assertPasses(servicePortsAndExposure('kube-dns', kubeDns, promised));
  const noMetrics = servicePortsAndExposure(
    'kube-dns',
    withSpec(kubeDns, { ports: kubeDns.spec!.ports!.slice(1) }),
    promised,
  );
  assertFails(
    noMetrics,
    'The lab shows kube-dns with ports 53/TCP named dns-tcp, 9153/TCP named metrics, 53/UDP named dns and no external IP ("<none>"); it has ports dns 53/UDP, dns-tcp 53/TCP and external none',
  );

  const renamed = servicePortsAndExposure(
    'nginx-clusterip',
    withSpec(nginx, { ports: [{ name: 'web', port: 80, protocol: 'TCP' }] }),
    { port: 80, protocol: 'TCP', portName: 'http' },
  );
  assertFails(renamed, 'with port 80/TCP named http and', 'it has ports web 80/TCP');
  assertFails(
    servicePortsAndExposure('nginx-clusterip', withSpec(nginx, { ports: [] }), {
      port: 80,
      protocol: 'TCP',
      portName: 'http',
    }),
    'it has ports none',
  );

  const external = withSpec(nginx, { externalIPs: ['172.18.0.100'] });
  external.status = { loadBalancer: { ingress: [{ ip: '172.18.255.200' }] } };
  const exposed = servicePortsAndExposure('nginx-clusterip', external, { port: 80, protocol: 'TCP', portName: 'http' });
  assert.deepEqual(exposed.observed, { ports: ['http 80/TCP'], externalIPs: ['172.18.0.100', '172.18.255.200'] });
  assertFails(exposed, 'and external 172.18.0.100, 172.18.255.200');

  const missing = servicePortsAndExposure('nginx-clusterip', undefined, {
    port: 80,
    protocol: 'TCP',
    portName: 'http',
  });
  assert.deepEqual(missing.observed, { ports: [], externalIPs: [] });
  assert.equal(missing.evidence[0]!.body, 'null\n');
});

test('a Service at an address: kube-dns at the tenth address passes; another address, type or no Service fails', () => {
  const kubeDns = withSpec(nginx, { clusterIP: '10.96.0.10' });
  const healthy = serviceAtAddress('kube-dns', kubeDns, '10.96.0.10', 'the tenth address of 10.96.0.0/16');
  assertPasses(healthy);
  assert.deepEqual(healthy.expected, { type: 'ClusterIP', clusterIP: '10.96.0.10' });
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['service kube-dns'],
  );
  assert.match(healthy.evidence[0]!.body, /clusterIP: 10\.96\.0\.10/);
  assertPasses(serviceAtAddress('kube-dns', withSpec(kubeDns, { type: undefined }), '10.96.0.10', 'why'));

  const moved = serviceAtAddress(
    'kube-dns',
    withSpec(kubeDns, { clusterIP: '10.96.0.11' }),
    '10.96.0.10',
    'the tenth address of 10.96.0.0/16',
  );
  assertFails(
    moved,
    'The lab promises kube-dns as a ClusterIP Service at 10.96.0.10 (the tenth address of 10.96.0.0/16); it is ClusterIP at 10.96.0.11',
    'serviceSubnet',
  );
  assert.deepEqual(
    serviceAtAddress('kube-dns', withSpec(kubeDns, { type: 'NodePort' }), '10.96.0.10', 'why').observed,
    { type: 'NodePort', clusterIP: '10.96.0.10' },
  );

  const missing = serviceAtAddress('kube-dns', undefined, '10.96.0.10', 'why');
  assert.deepEqual(missing.observed, { type: 'missing', clusterIP: 'none' });
  assertFails(missing, 'it is missing at no address');
  assert.equal(missing.evidence[0]!.body, 'null\n');
  assert.deepEqual(
    serviceAtAddress('kube-dns', withSpec(kubeDns, { clusterIP: undefined }), '10.96.0.10', 'why').observed,
    { type: 'ClusterIP', clusterIP: 'none' },
  );
});
