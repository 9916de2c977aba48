import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import {
  affinitiesFrom,
  blocksAreBlocksOfPool,
  blocksConfirmed,
  everyNodeHasBlock,
  ipamPicture,
  ipamPoolPicture,
  nodeIpamFrom,
  noBlockShared,
  parseIpamShow,
  podAddressesFrom,
  podsInsideTheirNodeBlocks,
  poolsFromInstallation,
  poolsFromIpPools,
  renderIpamPicture,
  type BlockAffinity,
} from '../../../support/ipam/index.ts';
import { LabgateError } from '../../../support/floor/errors.ts';
import { assertFails, assertPasses } from '../network/assertFinding.ts';
import { labOutput, labTable, labText } from '../network/labText.ts';

const LAB = '01-calico-ipam';
const lab = labText(LAB);
const installation = parseYaml(labText(LAB, 'calico-cni-config/custom-resources.yaml').split('\n---')[0]!);
const pools = poolsFromInstallation(installation);
const nodes = labTable(labOutput(lab, 'kubectl get nodes')).map((r) => r.NAME!);

/** Exercise 7's name/node/cidr lines as BlockAffinity objects, confirmed and not deleted as exercise 6 shows them. */
function labAffinityObjects(): unknown[] {
  const lines = labOutput(
    lab,
    `kubectl get blockaffinities -o=jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.spec.node}{"\\t"}{.spec.cidr}{"\\n"}{end}'`,
  )
    .split('\n')
    .filter((l) => l.trim());
  return lines.map((l) => {
    const [name, node, cidr] = l.trim().split(/\s+/);
    return {
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'BlockAffinity',
      metadata: { name },
      spec: { node, cidr, state: 'confirmed', deleted: 'false' },
    };
  });
}

/** `count` addresses from the start of a block, after its network address. */
function addressesOf(block: string, count: number): string[] {
  const [base] = block.split('/');
  const parts = base!.split('.').map(Number);
  return Array.from({ length: count }, (_, i) => [...parts.slice(0, 3), parts[3]! + 1 + i].join('.'));
}

test('lab 01: its three views of the block affinities agree (names, nodes, CIDRs)', () => {
  const objects = affinitiesFrom(labAffinityObjects());
  const listed = labTable(labOutput(lab, 'kubectl get blockaffinities')).map((r) => r.NAME);
  assert.deepEqual(
    objects.map((a) => a.name),
    listed,
  );
  const yamlList = parseYaml(labOutput(lab, 'kubectl get blockaffinities -o yaml')) as { items: unknown[] };
  const fromYaml = affinitiesFrom(yamlList.items);
  // the YAML the lab shows stops after two of the three
  assert.equal(fromYaml.length, 2);
  for (const a of fromYaml)
    assert.deepEqual(
      a,
      objects.find((o) => o.name === a.name),
    );
  assert.deepEqual(objects.map((a) => a.node).sort(), [...nodes].sort());
});

test("lab 01: the lab's affinities pass every block check against its pool and nodes", () => {
  const affinities = affinitiesFrom(labAffinityObjects());
  assert.deepEqual(
    pools.map((p) => [p.cidr, p.blockSize, p.encapsulation]),
    [['192.168.0.0/16', 26, 'VXLANCrossSubnet']],
  );
  assertPasses(everyNodeHasBlock(nodes, affinities, { exactlyOne: true }));
  assertPasses(blocksAreBlocksOfPool(affinities, pools));
  assertPasses(blocksConfirmed(affinities));
  assertPasses(noBlockShared(affinities));
});

test("lab 01: pods and tunnel addresses in the nodes' blocks give the calicoctl ipam show row the lab shows", () => {
  const [labRow] = parseIpamShow(labOutput(lab, 'calicoctl ipam show'));
  assert.equal(labRow!.grouping, 'IP Pool');
  const affinities = affinitiesFrom(labAffinityObjects());
  // one VXLAN tunnel address per node, and the rest of the lab's in-use count as pods spread over the blocks
  const tunnels = nodes.length;
  const podCount = labRow!.inUse - tunnels;
  const podObjects = Array.from({ length: podCount }, (_, i) => {
    const a = affinities[i % affinities.length]!;
    const ip = addressesOf(a.cidr, 1 + Math.floor(i / affinities.length) + 1).at(-1)!;
    return {
      metadata: { name: `pod-${i}`, namespace: 'kube-system' },
      spec: { nodeName: a.node },
      status: { podIP: ip, podIPs: [{ ip }] },
    };
  });
  // host-network pods carry the node's address and hold nothing from the pool
  podObjects.push({
    metadata: { name: 'kube-proxy-x', namespace: 'kube-system' },
    spec: { nodeName: nodes[0]!, hostNetwork: true } as never,
    status: { podIP: '172.18.0.3', podIPs: [{ ip: '172.18.0.3' }] },
  });
  const nodeObjects = affinities.map((a) => ({
    metadata: { name: a.node, annotations: { 'projectcalico.org/IPv4VXLANTunnelAddr': addressesOf(a.cidr, 1)[0]! } },
  }));
  const pods = podAddressesFrom(podObjects);
  const picture = ipamPicture({ pools, affinities, pods, nodes: nodeIpamFrom(nodeObjects) });
  const [pool] = picture.pools;
  assert.deepEqual(
    { grouping: 'IP Pool', cidr: pool!.cidr, total: pool!.total, inUse: pool!.inUse, free: pool!.free },
    labRow,
  );
  assert.deepEqual(
    pool!.blocks.map((b) => b.total),
    [64, 64, 64],
  );
  assert.equal(
    pool!.blocks.reduce((n, b) => n + b.inUse, 0),
    labRow!.inUse,
  );
  assert.deepEqual(pool!.outsideBlocks, []);
  assertPasses(ipamPoolPicture('192.168.0.0/16', picture));
  assertPasses(podsInsideTheirNodeBlocks(pods, affinities));
  // the rendered table reads back as the same rows
  assert.deepEqual(parseIpamShow(renderIpamPicture(picture)), [
    { grouping: 'IP Pool', cidr: pool!.cidr, total: pool!.total, inUse: pool!.inUse, free: pool!.free },
    ...pool!.blocks.map((b) => ({ grouping: 'Block', cidr: b.cidr, total: b.total, inUse: b.inUse, free: b.free })),
  ]);
});

test("a block shared by two nodes fails, and so do the pods that now sit in another node's block", () => {
  const affinities = affinitiesFrom(labAffinityObjects());
  const [a, b, c] = affinities as [BlockAffinity, BlockAffinity, BlockAffinity];
  const shared = [a, b, { ...c, cidr: b.cidr }];
  assertFails(noBlockShared(shared), `${b.cidr} is held by ${b.node} and ${c.node}`);
  const overlapping = [a, b, { ...c, cidr: b.cidr.replace('/26', '/25') }];
  assertFails(noBlockShared(overlapping), 'overlaps');
  const pod = { namespace: 'default', name: 'p', node: c.node, ips: [addressesOf(c.cidr, 1)[0]!], hostNetwork: false };
  assertPasses(podsInsideTheirNodeBlocks([pod], affinities));
  assertFails(podsInsideTheirNodeBlocks([pod], shared), "in no node's block");
  const moved = { ...pod, node: b.node };
  assertFails(podsInsideTheirNodeBlocks([moved], affinities), `in ${c.cidr} of ${c.node}`);
});

test('blocks of the wrong size, off a boundary, or outside the pool fail', () => {
  const [a, b] = affinitiesFrom(labAffinityObjects()) as [BlockAffinity, BlockAffinity];
  assertFails(blocksAreBlocksOfPool([{ ...a, cidr: '192.168.0.0/25' }], pools), 'is a /25');
  assertFails(blocksAreBlocksOfPool([{ ...a, cidr: '192.168.0.65/26' }], pools), 'block boundary');
  assertFails(blocksAreBlocksOfPool([{ ...b, cidr: '10.244.1.0/26' }], pools), 'in no pool');
});

test('pending or deleted affinities fail; a node without a block fails; two blocks fail only when one is promised', () => {
  const [a, b, c] = affinitiesFrom(labAffinityObjects()) as [BlockAffinity, BlockAffinity, BlockAffinity];
  assertFails(blocksConfirmed([a, { ...b, state: 'pending' }, c]), 'state pending');
  const deleted = affinitiesFrom([
    { metadata: { name: 'x' }, spec: { node: c.node, cidr: c.cidr, state: 'confirmed', deleted: 'true' } },
  ]);
  assertFails(blocksConfirmed(deleted), 'marked deleted');
  assertFails(everyNodeHasBlock(nodes, [a, b, ...deleted]), `${c.node}: no block`);
  const second = { ...c, cidr: '192.168.2.64/26' };
  assertPasses(everyNodeHasBlock(nodes, [a, b, c, second]));
  assertFails(everyNodeHasBlock(nodes, [a, b, c, second], { exactlyOne: true }), `${c.node}: 2 blocks`);
});

test('a pod address outside every pool fails the pool picture', () => {
  const picture = ipamPicture({
    pools,
    affinities: [],
    pods: [{ namespace: 'default', name: 'stray', node: nodes[0]!, ips: ['10.244.0.5'], hostNetwork: false }],
    nodes: [],
  });
  assertFails(ipamPoolPicture('192.168.0.0/16', picture), '10.244.0.5 (pod default/stray)');
  assertFails(ipamPoolPicture('10.10.0.0/16', picture), 'pool 10.10.0.0/16 of 65536');
});

test("IPPool objects: modes in the operator's words, default block sizes; malformed objects are LabgateErrors", () => {
  const fromCrd = poolsFromIpPools([
    {
      metadata: { name: 'default-ipv4-ippool' },
      spec: { cidr: '192.168.0.0/16', blockSize: 26, vxlanMode: 'CrossSubnet', ipipMode: 'Never' },
    },
    { metadata: { name: 'v6' }, spec: { cidr: 'fd00:10:244::/64', ipipMode: 'Always', disabled: true } },
  ]);
  assert.deepEqual(
    fromCrd.map((p) => [p.name, p.blockSize, p.encapsulation, p.disabled]),
    [
      ['default-ipv4-ippool', 26, 'VXLANCrossSubnet', false],
      ['v6', 122, 'IPIP', true],
    ],
  );
  assert.throws(() => affinitiesFrom([{ metadata: { name: 'x' }, spec: { node: 'n' } }]), LabgateError);
  assert.throws(
    () => poolsFromInstallation({ spec: { calicoNetwork: { ipPools: [{ blockSize: 26 }] } } }),
    LabgateError,
  );
  assert.deepEqual(podAddressesFrom([{ metadata: { name: 'pending' }, spec: {}, status: {} }]), []);
});

test("calicoctl's own layout with percentages reads as plain counts", () => {
  const rows = parseIpamShow(
    [
      '+----------+-------------------+-----------+------------+--------------+',
      '| GROUPING |       CIDR        | IPS TOTAL | IPS IN USE |   IPS FREE   |',
      '+----------+-------------------+-----------+------------+--------------+',
      '| IP Pool  | 192.168.0.0/16    |     65536 | 7 (0%)     | 65529 (100%) |',
      '| Block    | 192.168.93.192/26 |        64 | 3 (5%)     | 61 (95%)     |',
      '+----------+-------------------+-----------+------------+--------------+',
    ].join('\n'),
  );
  assert.deepEqual(
    rows.map((r) => [r.grouping, r.inUse, r.free]),
    [
      ['IP Pool', 7, 65529],
      ['Block', 3, 61],
    ],
  );
});
