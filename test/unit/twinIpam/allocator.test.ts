import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Ipam,
  IpamError,
  LOAD_BALANCER_HOST,
  assignLoadBalancer,
  assignPod,
  emptyState,
  pool,
  type IpamState,
} from '../../../twin/ipam/index.ts';
import { blockCandidates } from '../../../twin/ipam/blockOrder.ts';

const DEFAULT = pool({ name: 'default-ipv4-ippool', cidr: '192.168.0.0/17' });
const SECONDARY = pool({ name: 'secondary-ipv4-ippool', cidr: '192.168.128.0/17', nodeSelector: '!all()' });
const LB = pool({
  name: 'loadbalancer-ip-pool',
  cidr: '172.16.0.240/28',
  blockSize: 28,
  allowedUses: ['LoadBalancer'],
});
const labels = (host: string) => ({ 'kubernetes.io/hostname': host });

function lab09(): Ipam {
  return new Ipam(emptyState([DEFAULT, SECONDARY, LB]));
}

function inCidr(ip: string, cidr: string): boolean {
  const n = (a: string) => a.split('.').reduce((x, o) => x * 256 + Number(o), 0);
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return n(ip) >= n(base!) && n(ip) < n(base!) + size;
}

test('a node takes a /26 of the pool its selector matches, then the lowest free addresses of that block', () => {
  const ipam = lab09();
  const a = ipam.autoAssign({ handle: 'p1', host: 'w1', hostLabels: labels('w1') });
  const b = ipam.autoAssign({ handle: 'p2', host: 'w1', hostLabels: labels('w1') });
  assert.equal(a.pool, 'default-ipv4-ippool', 'the !all() pool is never chosen unasked');
  assert.equal(a.newBlock, true);
  assert.equal(b.newBlock, false);
  assert.equal(b.block, a.block);
  assert.match(a.block, /\/26$/);
  assert.ok(inCidr(a.block.split('/')[0]!, '192.168.0.0/17'));
  assert.equal(a.ip, a.block.split('/')[0], 'the first address of a block is handed out first');
  const n = (ip: string) => Number(ip.split('.')[3]);
  assert.equal(n(b.ip), n(a.ip) + 1);
  assert.deepEqual(
    ipam.affinities().map((x) => [x.name, x.state]),
    [[`w1-${a.block.replace(/[./]/g, '-')}`, 'pending']],
  );
  ipam.confirm('w1');
  assert.equal(ipam.affinities()[0]!.state, 'confirmed');
});

test('each node gets a block of its own; the choice starts at a place seeded by the host and walks on', () => {
  const ipam = lab09();
  const blocks = ['cp', 'w1', 'w2'].map((h) => ipam.autoAssign({ handle: h, host: h, hostLabels: labels(h) }).block);
  assert.equal(new Set(blocks).size, 3);
  const order = [...blockCandidates(DEFAULT, 'w1')];
  assert.equal(order.length, 512, 'a /17 holds 512 /26 blocks, each tried once');
  assert.equal(new Set(order).size, 512);
  assert.equal(blocks[1], order[0], 'w1 takes its first candidate when free');
  // a block already taken by another node is skipped: the next candidate is used
  const other = new Ipam(emptyState([DEFAULT]));
  const taken = order[0]!;
  other.assignIp({ ip: taken.split('/')[0]!, handle: 'x', host: 'w9' });
  assert.equal(other.autoAssign({ handle: 'p', host: 'w1', hostLabels: {} }).block, order[1]);
});

test('a full block makes the node claim a second block of the same pool', () => {
  const ipam = new Ipam(emptyState([pool({ name: 'small', cidr: '10.0.0.0/24', blockSize: 30 })]));
  const ips = Array.from({ length: 5 }, (_, i) => ipam.autoAssign({ handle: `p${i}`, host: 'n', hostLabels: {} }));
  assert.equal(new Set(ips.slice(0, 4).map((a) => a.block)).size, 1);
  assert.equal(ips[4]!.newBlock, true);
  assert.equal(ipam.blocksOf('n').length, 2);
});

test('the ipv4pools annotation takes from the pools it names only, ignoring their selectors, in a new block', () => {
  const ipam = lab09();
  const first = assignPod(ipam, { namespace: 'default', name: 'm1', node: 'w1', nodeLabels: labels('w1') });
  const second = assignPod(ipam, {
    namespace: 'default',
    name: 'm2',
    node: 'w1',
    nodeLabels: labels('w1'),
    annotations: { 'cni.projectcalico.org/ipv4pools': '["secondary-ipv4-ippool"]' },
  });
  assert.equal(first.pool, 'default-ipv4-ippool');
  assert.equal(second.pool, 'secondary-ipv4-ippool');
  assert.ok(inCidr(second.ip, '192.168.128.0/17'));
  assert.equal(second.newBlock, true);
  assert.deepEqual(
    ipam.blocksOf('w1').map((b) => b.pool),
    ['default-ipv4-ippool', 'secondary-ipv4-ippool'],
  );
  // by CIDR too, and from the namespace when the pod says nothing
  const ns = assignPod(ipam, {
    namespace: 'blue',
    name: 'm3',
    node: 'w2',
    nodeLabels: labels('w2'),
    namespaceAnnotations: { 'cni.projectcalico.org/ipv4pools': '["192.168.128.0/17"]' },
  });
  assert.equal(ns.pool, 'secondary-ipv4-ippool');
});

test('an unknown or disabled pool, bad JSON, and both annotations at once are refused in Calico words', () => {
  const ipam = new Ipam(emptyState([DEFAULT, { ...SECONDARY, disabled: true }]));
  const ask = (annotations: Record<string, string>) => () =>
    assignPod(ipam, { namespace: 'd', name: 'p', node: 'w', nodeLabels: {}, annotations });
  assert.throws(ask({ 'cni.projectcalico.org/ipv4pools': '["nope"]' }), /the given pool \(nope\) does not exist/);
  assert.throws(ask({ 'cni.projectcalico.org/ipv4pools': '["secondary-ipv4-ippool"]' }), /or is not enabled/);
  assert.throws(ask({ 'cni.projectcalico.org/ipv4pools': 'secondary' }), /failed to parse 'secondary' as JSON/);
  assert.throws(
    ask({ 'cni.projectcalico.org/ipv4pools': '["a"]', 'cni.projectcalico.org/ipAddrs': '["192.168.0.9"]' }),
    /can't have both annotations/,
  );
});

test('a node no pool selects gets no address: Calico says no pool is configured for it', () => {
  const ipam = new Ipam(emptyState([pool({ name: 'zone-a', cidr: '10.1.0.0/16', nodeSelector: "zone == 'a'" })]));
  assert.equal(ipam.autoAssign({ handle: 'p', host: 'na', hostLabels: { zone: 'a' } }).pool, 'zone-a');
  assert.throws(
    () => ipam.autoAssign({ handle: 'q', host: 'nb', hostLabels: { zone: 'b' } }),
    (e: unknown) => e instanceof IpamError && e.message === 'no configured Calico pools for node nb',
  );
});

test('dynamic allocation skips reserved addresses and never claims a block a reservation covers whole', () => {
  const base = pool({ name: 'p', cidr: '10.0.0.0/28', blockSize: 29 });
  const state: IpamState = emptyState([base], [{ name: 'r', cidrs: ['10.0.0.0/29', '10.0.0.9/32'] }]);
  const ipam = new Ipam(state);
  const a = ipam.autoAssign({ handle: 'a', host: 'n', hostLabels: {} });
  const b = ipam.autoAssign({ handle: 'b', host: 'n', hostLabels: {} });
  assert.equal(a.block, '10.0.0.8/29', 'the fully reserved block 10.0.0.0/29 is never claimed');
  assert.deepEqual([a.ip, b.ip], ['10.0.0.8', '10.0.0.10'], '10.0.0.9 is reserved');
  // a static request may take a reserved address, and claims the block holding it for its node
  const s = ipam.assignIp({ ip: '10.0.0.3', handle: 's', host: 'm' });
  assert.deepEqual([s.block, s.newBlock], ['10.0.0.0/29', true]);
  assert.equal(ipam.blocksOf('m')[0]!.cidr, '10.0.0.0/29');
  assert.equal(ipam.assignIp({ ip: '10.0.0.9', handle: 't', host: 'x' }).newBlock, false);
});

test('an address already allocated is refused with Calico error, and is free again once released', () => {
  const ipam = lab09();
  const pod = { namespace: 'default', node: 'w1', nodeLabels: {} };
  const annotations = { 'cni.projectcalico.org/ipAddrs': '["192.168.100.10"]' };
  const first = assignPod(ipam, { ...pod, name: 'static', annotations });
  assert.equal(first.ip, '192.168.100.10');
  assert.equal(first.block, '192.168.100.0/26');
  assert.throws(
    () => assignPod(ipam, { ...pod, name: 'dup', node: 'w2', annotations }),
    (e: unknown) =>
      e instanceof IpamError &&
      e.code === 'address-in-use' &&
      e.message === 'resource already exists: 192.168.100.10' &&
      e.cause === 'Address already assigned in block',
  );
  assert.deepEqual(ipam.releaseHandle('k8s-pod-network.default.static'), ['192.168.100.10']);
  assert.equal(assignPod(ipam, { ...pod, name: 'dup', node: 'w2', annotations }).ip, '192.168.100.10');
  assert.throws(() => ipam.assignIp({ ip: '10.9.9.9', handle: 'x', host: 'w' }), /is not in a configured pool/);
});

test('a released address goes to the end of its block list: the never used ones are handed out first', () => {
  const ipam = lab09();
  const a = ipam.autoAssign({ handle: 'a', host: 'w', hostLabels: {} });
  const b = ipam.autoAssign({ handle: 'b', host: 'w', hostLabels: {} });
  assert.equal(ipam.release(a.ip), true);
  assert.equal(ipam.release(a.ip), false, 'releasing twice frees nothing');
  const c = ipam.autoAssign({ handle: 'c', host: 'w', hostLabels: {} });
  assert.notEqual(c.ip, a.ip);
  assert.equal(Number(c.ip.split('.')[3]), Number(b.ip.split('.')[3]) + 1);
});

test('a LoadBalancer address comes from the LoadBalancer pool, in a block of the virtual host load-balancer', () => {
  const ipam = lab09();
  const lb = assignLoadBalancer(ipam, { namespace: 'default', name: 'lb-nginx-service' });
  assert.deepEqual([lb.ip, lb.block, lb.pool], ['172.16.0.240', '172.16.0.240/28', 'loadbalancer-ip-pool']);
  const aff = ipam.affinities()[0]!;
  assert.deepEqual([aff.name, aff.type, aff.host], ['load-balancer-172-16-0-240-28', 'virtual', LOAD_BALANCER_HOST]);
  // pods never take from a pool allowed only for LoadBalancer use
  const pod = ipam.autoAssign({ handle: 'p', host: 'w', hostLabels: {} });
  assert.equal(pod.pool, 'default-ipv4-ippool');
});

test('the state is plain data: a JSON round trip gives an allocator that goes on where the first stopped', () => {
  const ipam = lab09();
  ipam.autoAssign({ handle: 'a', host: 'w', hostLabels: {} });
  const again = new Ipam(JSON.parse(JSON.stringify(ipam.state)));
  const next = again.autoAssign({ handle: 'b', host: 'w', hostLabels: {} });
  assert.equal(next.newBlock, false);
  assert.deepEqual(again.addressesOf('a'), ipam.addressesOf('a'));
});
