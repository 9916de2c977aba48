import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../twin/api/types.ts';
import { makePlan } from '../../../twin/plan.ts';
import { blockAffinities, claimsOf } from '../../../twin/control/ipam.ts';

const lab = {
  name: 'test-lab',
  cluster: { name: 'k01', kubeconfig: 'k01.kubeconfig', context: 'kind-k01' },
  namespaces: ['default'],
  nodes: [
    { name: 'k01-control-plane', role: 'control-plane' as const },
    { name: 'k01-worker', role: 'worker' as const },
    { name: 'k01-worker2', role: 'worker' as const },
  ],
  podSubnet: '192.168.0.0/16',
  serviceSubnet: '10.96.0.0/16',
} as unknown as Parameters<typeof makePlan>[0];

const installation = {
  apiVersion: 'operator.tigera.io/v1',
  kind: 'Installation',
  metadata: { name: 'default' },
  spec: {
    calicoNetwork: {
      ipPools: [
        {
          name: 'default-ipv4-ippool',
          cidr: '192.168.0.0/17',
          encapsulation: 'VXLANCrossSubnet',
          nodeSelector: 'all()',
        },
        {
          name: 'secondary-ipv4-ippool',
          cidr: '192.168.128.0/17',
          encapsulation: 'VXLANCrossSubnet',
          nodeSelector: '!all()',
        },
      ],
    },
  },
} as KubeObject;

function daemonSet(name: string, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, ...(annotations ? { annotations } : {}) },
        spec: {
          tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }],
          containers: [{ name: 'multitool', image: 'praqma/network-multitool' }],
        },
      },
    },
  } as unknown as KubeObject;
}

const lbPool = {
  apiVersion: 'projectcalico.org/v3',
  kind: 'IPPool',
  metadata: { name: 'loadbalancer-ip-pool' },
  spec: { cidr: '172.16.0.240/28', blockSize: 28, natOutgoing: true, allowedUses: ['LoadBalancer'] },
} as KubeObject;

const inside = (ip: string, cidr: string) => {
  const n = (a: string) => a.split('.').reduce((x, o) => x * 256 + Number(o), 0);
  const [base, bits] = cidr.split('/');
  return n(ip) >= n(base!) && n(ip) < n(base!) + 2 ** (32 - Number(bits));
};

test('the plan claims one block per node from the pool its selector picks; the tunnel takes its first address', () => {
  const plan = makePlan(lab, [installation, daemonSet('multitool-1'), lbPool]);
  const claims = claimsOf(plan.ipam);
  const hostBlocks = claims.filter((c) => c.node !== 'load-balancer');
  assert.deepEqual(
    hostBlocks.map((c) => c.node),
    ['k01-control-plane', 'k01-worker', 'k01-worker2'],
  );
  for (const c of hostBlocks) assert.ok(inside(c.cidr.split('/')[0]!, '192.168.0.0/17'), c.cidr);
  for (const n of plan.nodes) assert.equal(n.block, hostBlocks.find((c) => c.node === n.name)!.cidr);
  for (const pod of plan.pods) {
    const block = plan.nodes.find((n) => n.name === pod.node)!.block;
    assert.ok(inside(pod.ip, block), `${pod.name} ${pod.ip} in ${block}`);
    assert.notEqual(pod.ip, block.split('/')[0], "the block's first address is the node's VXLAN tunnel address");
  }
  assert.ok(
    claims.every((c) => c.state === 'pending'),
    'pending until the node has its block in use',
  );
});

test('IPPools are served with Calico defaults; the LoadBalancer Service takes its address in a load-balancer block', () => {
  const lbService = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'lb-nginx-service', namespace: 'default' },
    spec: { type: 'LoadBalancer', selector: { app: 'nginx' }, ports: [{ port: 80, targetPort: 80, name: 'default' }] },
  } as KubeObject;
  const plan = makePlan(lab, [installation, lbPool, lbService]);
  const pools = plan.objects.filter((o) => o.kind === 'IPPool');
  assert.deepEqual(
    pools.map((p) => [p.apiVersion, p.metadata.name, (p.spec as { nodeSelector: string }).nodeSelector]),
    [
      ['crd.projectcalico.org/v1', 'default-ipv4-ippool', 'all()'],
      ['crd.projectcalico.org/v1', 'secondary-ipv4-ippool', '!all()'],
      ['crd.projectcalico.org/v1', 'loadbalancer-ip-pool', 'all()'],
    ],
  );
  assert.deepEqual((pools[0]!.spec as Record<string, unknown>).vxlanMode, 'CrossSubnet');
  assert.deepEqual((pools[0]!.spec as Record<string, unknown>).allowedUses, ['Workload', 'Tunnel']);
  assert.deepEqual((pools[2]!.spec as Record<string, unknown>).allowedUses, ['LoadBalancer']);
  assert.deepEqual(plan.services[0]!.loadBalancerIngress, ['172.16.0.240']);
  const names = blockAffinities(plan.ipam, plan.createdAt).map((a) => a.metadata.name);
  assert.ok(names.includes('load-balancer-172-16-0-240-28'), names.join(', '));
});

test('a pod template with the ipv4pools annotation takes its address from that pool, in a second block per node', () => {
  const plan = makePlan(lab, [
    installation,
    daemonSet('multitool-2', { 'cni.projectcalico.org/ipv4pools': '["secondary-ipv4-ippool"]' }),
  ]);
  for (const pod of plan.pods) assert.ok(inside(pod.ip, '192.168.128.0/17'), `${pod.name} ${pod.ip}`);
  for (const n of plan.nodes) assert.equal(claimsOf(plan.ipam).filter((c) => c.node === n.name).length, 2);
  assert.throws(
    () => makePlan(lab, [installation, daemonSet('bad', { 'cni.projectcalico.org/ipv4pools': '["nope"]' })]),
    (e: Error) => /cannot address pod default\/bad-\w+: the given pool \(nope\) does not exist/.test(e.message),
  );
});
