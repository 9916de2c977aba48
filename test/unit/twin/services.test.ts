import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../twin/api/types.ts';
import { makePlan } from '../../../twin/plan.ts';
import { serviceObject } from '../../../twin/control/snapshot.ts';
import { serviceSpecFields, servicePorts } from '../../../twin/serviceSpec.ts';

const lab = {
  name: 'test-lab',
  cluster: { name: 'tl', kubeconfig: 'tl.kubeconfig', context: 'kind-tl' },
  namespaces: ['default'],
  nodes: [
    { name: 'tl-control-plane', role: 'control-plane' as const },
    { name: 'tl-worker', role: 'worker' as const },
  ],
  podSubnet: '192.168.0.0/16',
  serviceSubnet: '10.96.0.0/16',
} as unknown as Parameters<typeof makePlan>[0];

function service(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ...spec },
  } as KubeObject;
}

test('a Service is served as its manifest says: PreferDualStack, port names, protocols and target ports kept', () => {
  const plan = makePlan(lab, [
    service({
      ipFamilyPolicy: 'PreferDualStack',
      ports: [{ name: 'dns', protocol: 'UDP', port: 53, targetPort: 5353 }, { port: 8080 }],
    }),
  ]);
  const spec = serviceObject(plan.services[0]!).spec as Record<string, unknown>;
  assert.equal(spec.ipFamilyPolicy, 'PreferDualStack');
  assert.deepEqual(spec.ipFamilies, ['IPv4']);
  assert.equal(spec.type, 'ClusterIP');
  assert.equal(spec.sessionAffinity, 'None');
  assert.deepEqual(spec.ports, [
    { name: 'dns', protocol: 'UDP', port: 53, targetPort: 5353 },
    { protocol: 'TCP', port: 8080, targetPort: 8080 },
  ]);
  assert.equal(spec.externalIPs, undefined);
});

test('the API serves what the plan holds, not a constant: another type, ClientIP, external IPs, a node port', () => {
  const plan = makePlan(lab, [service({ ports: [{ name: 'http', port: 80 }] })]);
  // as a fault or a write would change it
  const changed = {
    ...plan.services[0]!,
    type: 'NodePort',
    sessionAffinity: 'ClientIP',
    externalIPs: ['172.18.0.100'],
    loadBalancerIngress: ['172.18.0.200'],
    ipFamilies: ['IPv4', 'IPv6'],
    ipFamilyPolicy: 'RequireDualStack',
    ports: [{ name: 'http', protocol: 'TCP' as const, port: 80, targetPort: 80, nodePort: 30080 }],
  };
  const spec = serviceObject(changed).spec as Record<string, unknown>;
  assert.equal(spec.type, 'NodePort');
  assert.equal(spec.sessionAffinity, 'ClientIP');
  assert.deepEqual(spec.externalIPs, ['172.18.0.100']);
  assert.deepEqual(serviceObject(changed).status, { loadBalancer: { ingress: [{ ip: '172.18.0.200' }] } });
  assert.deepEqual(serviceObject(plan.services[0]!).status, { loadBalancer: {} });
  assert.deepEqual(spec.ipFamilies, ['IPv4', 'IPv6']);
  assert.equal(spec.ipFamilyPolicy, 'RequireDualStack');
  assert.deepEqual(spec.ports, [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 80, nodePort: 30080 }]);
});

test('what the twin cannot build is a one-line error naming the Service, never a ClusterIP in its place', () => {
  const refusals: [Record<string, unknown>, RegExp][] = [
    [{ type: 'NodePort' }, /Service default\/web: type NodePort/],
    [{ type: 'ExternalName', externalName: 'example.org' }, /type ExternalName/],
    [{ sessionAffinity: 'ClientIP' }, /sessionAffinity ClientIP/],
    [{ externalIPs: ['172.18.0.100'] }, /externalIPs 172\.18\.0\.100/],
    [{ ipFamilies: ['IPv6'] }, /IP families IPv6/],
    [{ ipFamilyPolicy: 'RequireDualStack' }, /policy RequireDualStack/],
    [{ internalTrafficPolicy: 'Local' }, /internalTrafficPolicy Local/],
  ];
  for (const [spec, message] of refusals) {
    assert.throws(
      () => makePlan(lab, [service({ ports: [{ port: 80 }], ...spec })]),
      (err: Error) => message.test(err.message) && !err.message.includes('\n'),
    );
  }
  assert.throws(() => servicePorts('default/web', [{ port: 80, targetPort: 'http' }]), /names its targetPort "http"/);
  assert.throws(
    () => servicePorts('default/web', [{ port: 80, nodePort: 30080 }]),
    /nodePort 30080 on a ClusterIP Service/,
  );
  assert.throws(() => servicePorts('default/web', [{ port: 80, protocol: 'SCTP' }]), /protocol SCTP/);
});

test('a LoadBalancer Service gets node ports, and its address from a LoadBalancer pool when the lab has one', () => {
  const lbPool = {
    apiVersion: 'projectcalico.org/v3',
    kind: 'IPPool',
    metadata: { name: 'lb' },
    spec: { cidr: '172.16.0.240/28', blockSize: 28, allowedUses: ['LoadBalancer'] },
  } as KubeObject;
  const lbService = service({ type: 'LoadBalancer', ports: [{ port: 80 }, { port: 443, nodePort: 30443 }] });
  const withPool = makePlan(lab, [lbService, lbPool]).services[0]!;
  assert.equal(withPool.type, 'LoadBalancer');
  assert.deepEqual(withPool.loadBalancerIngress, ['172.16.0.240']);
  const [http, https] = withPool.ports;
  assert.ok(http!.nodePort! >= 30000 && http!.nodePort! <= 32767, `node port ${http!.nodePort}`);
  assert.equal(https!.nodePort, 30443, "the manifest's own node port is kept");
  // without a pool allowed for LoadBalancer use, no controller gives it an address: pending, as on a real cluster
  assert.deepEqual(makePlan(lab, [lbService]).services[0]!.loadBalancerIngress, []);
  // a node port already taken is drawn again, as the API server's allocator does
  const draws = [31000, 31000, 31001];
  const ports = servicePorts('default/web', [{ port: 1 }, { port: 2 }], 'LoadBalancer', () => draws.shift()!);
  assert.deepEqual(
    ports.map((p) => p.nodePort),
    [31000, 31001],
  );
});

test("the API server's defaults fill what the manifest leaves out", () => {
  assert.deepEqual(serviceSpecFields('default/web', {}), {
    type: 'ClusterIP',
    sessionAffinity: 'None',
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    internalTrafficPolicy: 'Cluster',
    externalIPs: [],
    loadBalancerIngress: [],
  });
});
