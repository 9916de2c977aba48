/** Lab 09's pool checks over the objects its text shows (README: get ippools, get blockaffinities, get pods). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  loadBalancerBlocks,
  nodeBlocksFromPool,
  poolAsConfigured,
  poolNames,
  podsInsidePool,
  serviceIngressFromLoadBalancerBlock,
  type BlockAffinity,
  type IpPool,
  type PodAddress,
} from '../../../support/ipam/index.ts';

const pools: IpPool[] = [
  { name: 'default-ipv4-ippool', cidr: '192.168.0.0/17', blockSize: 26, disabled: false, nodeSelector: 'all()' },
  { name: 'secondary-ipv4-ippool', cidr: '192.168.128.0/17', blockSize: 26, disabled: false, nodeSelector: '!all()' },
  {
    name: 'loadbalancer-ip-pool',
    cidr: '172.16.0.240/28',
    blockSize: 28,
    disabled: false,
    nodeSelector: 'all()',
    allowedUses: ['LoadBalancer'],
  },
];
const nodes = ['k01-control-plane', 'k01-worker', 'k01-worker2'];
const aff = (node: string, cidr: string): BlockAffinity => ({
  name: `${node}-${cidr.replace(/[./]/g, '-')}`,
  node,
  cidr,
  state: 'confirmed',
  deleted: false,
});
// section 2.2 of the text
const before = [
  aff('k01-control-plane', '192.168.69.0/26'),
  aff('k01-worker', '192.168.42.192/26'),
  aff('k01-worker2', '192.168.88.192/26'),
  aff('load-balancer', '172.16.0.240/28'),
];
// section 3.2: a second block per node from the secondary pool
const after = [
  ...before,
  aff('k01-control-plane', '192.168.197.0/26'),
  aff('k01-worker', '192.168.170.192/26'),
  aff('k01-worker2', '192.168.216.192/26'),
];
const pod = (name: string, node: string, ip: string): PodAddress => ({
  namespace: 'default',
  name,
  node,
  ips: [ip],
  hostNetwork: false,
});

test('lab 09 pools: each as configured, and the list of names, pass; another selector or a missing pool fail', () => {
  const want = { cidr: '192.168.128.0/17', blockSize: 26, nodeSelector: '!all()' };
  const ok = poolAsConfigured(pools, 'secondary-ipv4-ippool', want);
  assert.deepEqual(ok.observed, ok.expected);
  const allNodes = pools.map((p) => (p.name === 'secondary-ipv4-ippool' ? { ...p, nodeSelector: 'all()' } : p));
  const bad = poolAsConfigured(allNodes, 'secondary-ipv4-ippool', want);
  assert.notDeepEqual(bad.observed, bad.expected);
  assert.match(bad.message, /nodeSelector all\(\)/);
  assert.equal(poolAsConfigured(pools, 'nope', want).observed, null);
  const names = ['default-ipv4-ippool', 'loadbalancer-ip-pool', 'secondary-ipv4-ippool'];
  const listed = poolNames(pools, names);
  assert.deepEqual(listed.observed, listed.expected);
  const fewer = poolNames(pools.slice(0, 2), names);
  assert.notDeepEqual(fewer.observed, fewer.expected);
});

test('lab 09 blocks: one default block per node passes before the patch, fails after it; two pass after', () => {
  const one = nodeBlocksFromPool(nodes, before, pools, 'default-ipv4-ippool', 1);
  assert.deepEqual(one.observed, []);
  const mixed = nodeBlocksFromPool(nodes, after, pools, 'default-ipv4-ippool', 1);
  assert.deepEqual(mixed.observed, [
    'k01-control-plane: 192.168.197.0/26 is a block of secondary-ipv4-ippool',
    'k01-worker: 192.168.170.192/26 is a block of secondary-ipv4-ippool',
    'k01-worker2: 192.168.216.192/26 is a block of secondary-ipv4-ippool',
  ]);
  const missing = nodeBlocksFromPool(nodes, before.slice(1), pools, 'default-ipv4-ippool', 1);
  assert.deepEqual(missing.observed, ['k01-control-plane: 0 blocks of default-ipv4-ippool']);
  const wrongSize = nodeBlocksFromPool(
    nodes,
    [...before.slice(1), aff('k01-control-plane', '192.168.69.0/25')],
    pools,
    'default-ipv4-ippool',
    1,
  );
  assert.deepEqual(wrongSize.observed, [
    'k01-control-plane: 192.168.69.0/25 is not a /26 block of default-ipv4-ippool',
  ]);
  assert.deepEqual(nodeBlocksFromPool([], before, pools, 'default-ipv4-ippool', 1).observed.length, 1);
});

test("the LoadBalancer pool's block is the load-balancer host's; a node holding it or no holder fails", () => {
  assert.deepEqual(loadBalancerBlocks(pools, before).observed, []);
  const onNode = [...before.slice(0, 3), aff('k01-worker', '172.16.0.240/28')];
  assert.deepEqual(loadBalancerBlocks(pools, onNode).observed, [
    '172.16.0.240/28 of loadbalancer-ip-pool is affine to k01-worker',
  ]);
  assert.match(loadBalancerBlocks(pools, before.slice(0, 3)).observed[0]!, /no block of loadbalancer-ip-pool/);
  assert.deepEqual(loadBalancerBlocks(pools.slice(0, 2), before).observed, ['no pool allowed for LoadBalancer use']);
  const ingress = serviceIngressFromLoadBalancerBlock('lb-nginx-service', ['172.16.0.240'], before);
  assert.deepEqual(ingress.observed, []);
  assert.deepEqual(serviceIngressFromLoadBalancerBlock('lb-nginx-service', ['172.16.0.10'], before).observed, [
    '172.16.0.10 is in no block of load-balancer',
  ]);
  assert.match(serviceIngressFromLoadBalancerBlock('lb-nginx-service', [], before).observed[0]!, /no ingress/);
});

test('lab 09 pods: the pods of section 2.3 are inside the default pool; a pod from the secondary pool fails', () => {
  const pods = [
    pod('multitool-1-2f7vl', 'k01-worker', '192.168.42.194'),
    pod('multitool-2-hmhh2', 'k01-control-plane', '192.168.69.3'),
  ];
  assert.deepEqual(podsInsidePool(pods, pools, 'default-ipv4-ippool', 'default').observed, []);
  const moved = [...pods, pod('multitool-2-rxh2b', 'k01-worker2', '192.168.216.192')];
  assert.deepEqual(podsInsidePool(moved, pools, 'default-ipv4-ippool', 'default').observed, [
    'default/multitool-2-rxh2b has 192.168.216.192, from secondary-ipv4-ippool',
  ]);
  assert.match(podsInsidePool([], pools, 'default-ipv4-ippool').observed[0]!, /no pod on the pod network/);
});

test('lab 09 secondary blocks: every node holds one after the patch (3.2); before it, or a node without one, fails', async () => {
  const { everyNodeHoldsBlockOfPool } = await import('../../../support/ipam/index.ts');
  const ok = everyNodeHoldsBlockOfPool(nodes, after, pools, 'secondary-ipv4-ippool');
  assert.deepEqual(ok.observed, []);
  assert.match(ok.message, /each holds one/);
  const none = everyNodeHoldsBlockOfPool(nodes, before, pools, 'secondary-ipv4-ippool');
  assert.equal(none.observed.length, 3);
  assert.match(none.message, /k01-worker: no block of secondary-ipv4-ippool/);
  const oneMissing = everyNodeHoldsBlockOfPool(
    nodes,
    after.filter((a) => a.cidr !== '192.168.216.192/26'),
    pools,
    'secondary-ipv4-ippool',
  );
  assert.deepEqual(oneMissing.observed, ['k01-worker2: no block of secondary-ipv4-ippool']);
  const misaligned = everyNodeHoldsBlockOfPool(
    nodes,
    [...before, ...after.slice(4, 6), aff('k01-worker2', '192.168.216.190/26')],
    pools,
    'secondary-ipv4-ippool',
  );
  assert.match(misaligned.observed.join(), /k01-worker2: 192\.168\.216\.190\/26 is not a \/26 block/);
  assert.deepEqual(everyNodeHoldsBlockOfPool([], after, pools, 'secondary-ipv4-ippool').observed, [
    'no node to look at (the cluster lists none)',
  ]);
  assert.deepEqual(everyNodeHoldsBlockOfPool(nodes, after, pools, 'nope').observed, ['Calico has no pool nope']);
});
