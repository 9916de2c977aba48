/**
 * The IPAM checks' findings on lab 01's block affinities and pool: which affinities count (deleted ones do not),
 * which pool is the lab's, and what each message and its evidence say.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import {
  affinitiesFrom,
  blocksAreBlocksOfPool,
  blocksConfirmed,
  everyNodeHasBlock,
  ipamPicture,
  ipamPoolPicture,
  noBlockShared,
  podsInsideTheirNodeBlocks,
  poolsFromInstallation,
  type BlockAffinity,
} from '../../../support/ipam/index.ts';
import { assertFails, assertPasses } from '../network/assertFinding.ts';
import { labOutput, labTable, labText } from '../network/labText.ts';

const LAB = '01-calico-ipam';
const lab = labText(LAB);
const pools = poolsFromInstallation(
  parseYaml(labText(LAB, 'calico-cni-config/custom-resources.yaml').split('\n---')[0]!),
);
const nodes = labTable(labOutput(lab, 'kubectl get nodes')).map((r) => r.NAME!);
const AFFINITIES = 'Check `kubectl get blockaffinities -o yaml`';

/** Exercise 7's name/node/cidr lines, confirmed and not deleted as exercise 6 shows them. */
const affinities = affinitiesFrom(
  labOutput(
    lab,
    `kubectl get blockaffinities -o=jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.spec.node}{"\\t"}{.spec.cidr}{"\\n"}{end}'`,
  )
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const [name, node, cidr] = l.trim().split(/\s+/);
      return { metadata: { name }, spec: { node, cidr, state: 'confirmed', deleted: 'false' } };
    }),
);
const [a, b, c] = affinities as [BlockAffinity, BlockAffinity, BlockAffinity];
const mapping = affinities.map((x) => `${x.node} ${x.cidr}`).join('; ');
const deletedCopy = (x: BlockAffinity, node: string): BlockAffinity => ({ ...x, node, deleted: true });

test('every node has a block: deleted affinities count for nothing; the message maps the live ones', () => {
  const ok = everyNodeHasBlock(nodes, affinities);
  assertPasses(ok);
  assert.equal(
    ok.message,
    `The lab promises that Calico gives every node at least one block of addresses (a BlockAffinity per node); every node has its block. Affinities: ${mapping}. ${AFFINITIES} and calico-node on those nodes.`,
  );
  assert.deepEqual(
    ok.evidence.map((e) => e.title),
    ['block affinities (node, cidr, state, deleted)'],
  );
  assert.match(
    ok.evidence[0]!.body,
    new RegExp(
      `node: ${a.node}\\n {2}cidr: ${a.cidr.replaceAll('.', '\\.')}\\n {2}state: confirmed\\n {2}deleted: false`,
    ),
  );
  const pending = everyNodeHasBlock(
    nodes,
    [a, b, { ...c, state: 'pending' }, { ...c, cidr: '192.168.9.0/26', state: '' }],
    { exactlyOne: true },
  );
  assertFails(
    pending,
    `every node one block of addresses (a BlockAffinity per node); ${c.node}: 2 blocks. Affinities: ${a.node} ${a.cidr}; ${b.node} ${b.cidr}; ${c.node} ${c.cidr} (pending); ${c.node} 192.168.9.0/26 (no state).`,
  );
  const two = everyNodeHasBlock(nodes, [a, deletedCopy(b, b.node)]);
  assert.deepEqual(two.observed, [`${b.node}: no block`, `${c.node}: no block`]);
  assertFails(two, `; ${b.node}: no block, ${c.node}: no block. Affinities: ${a.node} ${a.cidr}.`);
  assertFails(everyNodeHasBlock(nodes, []), 'Affinities: none.');
});

test("blocks of the pool: deleted ones are not judged; the message names the pools and each block's fault", () => {
  const ok = blocksAreBlocksOfPool(affinities, pools);
  assertPasses(ok);
  assert.equal(
    ok.message,
    `The lab promises that each node's block is a /26 carved out of the pool 192.168.0.0/16; all are. ${AFFINITIES} and the pool's blockSize (\`kubectl get ippools -o yaml\`).`,
  );
  assert.deepEqual(
    ok.evidence.map((e) => e.title),
    ['block affinities (node, cidr, state, deleted)', 'IP pools'],
  );
  assert.match(ok.evidence[1]!.body, /cidr: 192\.168\.0\.0\/16\n {2}blockSize: 26/);
  assertPasses(blocksAreBlocksOfPool([...affinities, deletedCopy({ ...a, cidr: '10.0.0.0/24' }, a.node)], pools));
  const twoPools = [...pools, { ...pools[0]!, name: 'other', cidr: '10.244.0.0/16' }];
  const wrong = blocksAreBlocksOfPool(
    [
      { ...a, cidr: '10.245.0.0/26' },
      { ...b, cidr: '192.168.0.65/25' },
    ],
    twoPools,
  );
  assert.deepEqual(wrong.observed, [
    `10.245.0.0/26 (${a.node}) is in no pool (192.168.0.0/16, 10.244.0.0/16)`,
    `192.168.0.65/25 (${b.node}) is a /25, the pool's blocks are /26`,
    `192.168.0.65/25 (${b.node}) does not start on a block boundary`,
  ]);
  assertFails(wrong, `is a /25, the pool's blocks are /26; 192.168.0.65/25 (${b.node}) does not start`);
  const noPool = blocksAreBlocksOfPool([a], []);
  assertFails(
    noPool,
    `The lab promises that each node's block is a /? carved out of the pool (none); ${a.cidr} (${a.node}) is in no pool (none).`,
  );
});

test('blocks confirmed: every affinity judged, deleted ones too, each fault named', () => {
  const ok = blocksConfirmed(affinities);
  assertPasses(ok);
  assert.match(ok.message, /not marked deleted; all are\. Check/);
  assert.equal(ok.evidence.length, 1);
  const bad = blocksConfirmed([
    { ...a, state: '' },
    { ...b, deleted: true },
    { ...c, state: 'pending', deleted: true },
  ]);
  assert.deepEqual(bad.observed, [
    `${a.cidr} (${a.node}): state unset`,
    `${b.cidr} (${b.node}): state confirmed, marked deleted`,
    `${c.cidr} (${c.node}): state pending, marked deleted`,
  ]);
  assertFails(bad, `state unset; ${b.cidr}`);
});

test('no block shared: only live affinities of different nodes; the same node twice is not sharing', () => {
  const ok = noBlockShared(affinities);
  assertPasses(ok);
  assert.equal(
    ok.message,
    `The lab promises that no two nodes share a block: each block belongs to one node; none is shared. Affinities: ${mapping}. ${AFFINITIES}.`,
  );
  assert.equal(ok.evidence.length, 1);
  assertPasses(noBlockShared([...affinities, { ...a, name: 'dup' }]));
  assertPasses(noBlockShared([...affinities, deletedCopy(a, b.node)]));
  const shared = noBlockShared([a, { ...b, cidr: a.cidr }, { ...c, cidr: a.cidr }]);
  assert.deepEqual(shared.observed, [
    `${a.cidr} is held by ${a.node} and ${b.node}`,
    `${a.cidr} is held by ${a.node} and ${c.node}`,
    `${a.cidr} is held by ${b.node} and ${c.node}`,
  ]);
  assertFails(shared, `held by ${a.node} and ${b.node}; ${a.cidr}`);
});

test("pods inside their node's blocks: deleted affinities hold no pod; host-network pods are not judged nor shown", () => {
  const inA = a.cidr.replace(/\d+\/26$/, (m) => String(Number(m.split('/')[0]) + 5));
  const pod = { namespace: 'default', name: 'multitool', node: a.node, ips: [inA], hostNetwork: false };
  const host = { namespace: 'kube-system', name: 'kube-proxy-x', node: a.node, ips: ['172.18.0.3'], hostNetwork: true };
  const ok = podsInsideTheirNodeBlocks([pod, host], affinities);
  assertPasses(ok);
  assert.match(ok.message, /from a block of its own node; all do\. Affinities: /);
  assert.deepEqual(
    ok.evidence.map((e) => e.title),
    ['block affinities (node, cidr, state, deleted)', 'pods (node, addresses)'],
  );
  assert.equal(ok.evidence[1]!.body, `- pod: default/multitool\n  node: ${a.node}\n  ips:\n    - ${inA}\n`);
  const stale = podsInsideTheirNodeBlocks([pod], [deletedCopy(a, a.node), b, c]);
  assert.deepEqual(stale.observed, [`default/multitool on ${a.node} has ${inA}, in no node's block`]);
  const elsewhere = podsInsideTheirNodeBlocks([pod], [{ ...a, node: b.node }, b, c]);
  assertFails(elsewhere, `default/multitool on ${a.node} has ${inA}, in ${a.cidr} of ${b.node}; `.slice(0, -2));
});

test("the pool picture: the lab's pool is found among several; none, or addresses outside every pool, fail", () => {
  const other = { ...pools[0]!, name: 'other', cidr: '10.244.0.0/16' };
  const picture = ipamPicture({ pools: [other, pools[0]!], affinities, pods: [], nodes: [] });
  const ok = ipamPoolPicture('192.168.0.0/16', picture);
  assertPasses(ok);
  assert.equal(
    ok.message,
    'The lab promises one IP pool 192.168.0.0/16 of 65536 addresses, from which every pod address comes; the pool is 192.168.0.0/16 with 65536 addresses, 0 in use and 65536 free. Check `calicoctl ipam show` and `kubectl get ippools -o yaml`.',
  );
  assert.deepEqual(
    ok.evidence.map((e) => e.title),
    ['IPAM picture computed from the cluster (pools, blocks, addresses in use)'],
  );
  assert.match(ok.evidence[0]!.body, /192\.168\.0\.0\/16/);
  // another pool only: the first one is shown
  assert.deepEqual(
    ipamPoolPicture('192.168.0.0/16', ipamPicture({ pools: [other], affinities: [], pods: [], nodes: [] })).observed,
    { cidr: '10.244.0.0/16', total: 65536, addressesOutsidePools: [] },
  );
  const none = ipamPoolPicture('192.168.0.0/16', ipamPicture({ pools: [], affinities: [], pods: [], nodes: [] }));
  assert.deepEqual(none.observed, { cidr: null, total: null, addressesOutsidePools: [] });
  assertFails(none, 'from which every pod address comes; there is no IP pool. Check');
  const strays = ipamPicture({
    pools,
    affinities,
    pods: [
      { namespace: 'default', name: 'z', node: a.node, ips: ['10.9.0.2'], hostNetwork: false },
      { namespace: 'default', name: 'y', node: a.node, ips: ['10.9.0.1'], hostNetwork: false },
    ],
    nodes: [],
  });
  const f = ipamPoolPicture('192.168.0.0/16', strays);
  assert.deepEqual(f.observed.addressesOutsidePools, ['10.9.0.1 (pod default/y)', '10.9.0.2 (pod default/z)']);
  assertFails(f, ', and these addresses are in no pool: 10.9.0.1 (pod default/y), 10.9.0.2 (pod default/z). Check');
});
