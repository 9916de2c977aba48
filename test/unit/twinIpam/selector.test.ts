import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSelector } from '../../../twin/ipam/selector.ts';
import { IpamError } from '../../../twin/ipam/errors.ts';

const worker = { 'kubernetes.io/hostname': 'k01-worker', zone: 'a', 'node-role.kubernetes.io/worker': '' };
const cp = { 'kubernetes.io/hostname': 'k01-control-plane', 'node-role.kubernetes.io/control-plane': '' };

test('all() selects every node, !all() none, the empty selector every node', () => {
  for (const labels of [worker, cp, {}]) {
    assert.equal(parseSelector('all()')(labels), true);
    assert.equal(parseSelector('!all()')(labels), false);
    assert.equal(parseSelector('')(labels), true);
  }
});

test("key == 'v' and key != 'v' compare label values, with either quote", () => {
  assert.equal(parseSelector("zone == 'a'")(worker), true);
  assert.equal(parseSelector('zone == "b"')(worker), false);
  assert.equal(parseSelector("zone != 'a'")(worker), false);
  assert.equal(parseSelector("zone != 'a'")(cp), true, 'a node without the label differs from every value');
  assert.equal(parseSelector("kubernetes.io/hostname == 'k01-worker'")(worker), true);
});

test('has(k) asks for the key whatever its value; ! negates it', () => {
  assert.equal(parseSelector('has(node-role.kubernetes.io/worker)')(worker), true);
  assert.equal(parseSelector('has(node-role.kubernetes.io/worker)')(cp), false);
  assert.equal(parseSelector('!has(node-role.kubernetes.io/worker)')(cp), true);
});

test('&& binds tighter than ||, parentheses regroup, in and not in take sets', () => {
  const sel = parseSelector("zone == 'b' && has(x) || kubernetes.io/hostname == 'k01-worker'");
  assert.equal(sel(worker), true);
  assert.equal(parseSelector("zone == 'b' && (has(x) || kubernetes.io/hostname == 'k01-worker')")(worker), false);
  assert.equal(parseSelector("zone in {'a', 'c'}")(worker), true);
  assert.equal(parseSelector("zone not in {'a'}")(worker), false);
  assert.equal(parseSelector("zone not in {'a'}")(cp), true);
});

test('text Calico would refuse is a one-line IpamError naming the selector', () => {
  for (const bad of ['zone ==', "zone = 'a'", 'all() &&', "(zone == 'a'", 'zone == a', '$']) {
    assert.throws(
      () => parseSelector(bad),
      (e: unknown) => e instanceof IpamError && e.code === 'invalid-selector' && e.message.includes(bad),
      bad,
    );
  }
});
