/** Issue 14: kube-proxy's nftables mode (`nft list table ip kube-proxy`, `nft list ruleset`, knftables' add form). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeExplanation, explainInput } from '../../../support/kubeproxy/index.ts';
import { explainFixture, fixtureText } from './explainFixtures.ts';
import { assertMatchesSpec, findService } from './expectations.ts';
import { V4, V6 } from '../../fixtures/explain/scenarios.ts';

const options = { externalKind: 'externalOrLoadBalancer' };

test('nft list table ip kube-proxy: every Service, way in and endpoint share (numgen read as shares)', () => {
  const result = explainFixture('nft-list-table.txt');
  assert.equal(result.format, 'nftables');
  assert.deepEqual(result.problems, []);
  for (const spec of V4) assertMatchesSpec(findService(result, spec.name), spec, 'nft', options);
  const web = findService(result, 'shop/web:http');
  assert.equal(web.chain, 'service-KHN6ECMT-shop/web/tcp/http');
  assert.equal(web.masqueradeUnlessFrom, '10.42.0.0/16');
  assert.deepEqual(
    web.endpoints.map((e) => e.hairpinMasqFrom),
    ['10.42.1.11', '10.42.2.12', '10.42.3.13'],
  );
});

test('nft list ruleset with the ip and ip6 kube-proxy tables: both families, IPv6 shown as [addr]:port', () => {
  const result = explainFixture('nft-list-ruleset.txt');
  assert.deepEqual(result.problems, []);
  for (const spec of V6) {
    const view = findService(result, spec.name, 'ipv6');
    assertMatchesSpec(view, spec, 'nft ip6', options);
  }
  assert.match(
    describeExplanation(result),
    /new connections to \[fd00:43::20\]:80 go to chain service-KHN6ECMT-shop\/web\/tcp\/http/,
  );
});

test("knftables' add form (as kube-proxy's proxier tests write it) reads the same", () => {
  const result = explainFixture('nft-add-form.txt');
  assert.deepEqual(result.problems, []);
  const web = findService(result, 'shop/web:http');
  assert.deepEqual(
    web.endpoints.map((e) => e.address),
    V4[0]!.endpoints,
  );
  assert.equal(findService(result, 'shop/empty:http').noEndpoints, 'rejected');
});

test('nft problems: a numgen map that leaves a value out, an endpoint DNAT to another address', () => {
  const gap = fixtureText('nft-add-form.txt').replace(
    ' , 2 : goto endpoint-AV3M2A6N-shop/web/tcp/http__10.42.3.13/8080',
    '',
  );
  const result = explainFixture('nft-add-form.txt');
  assert.deepEqual(result.problems, []);
  const broken = findService(explainFixtureText(gap), 'shop/web:http');
  assert.deepEqual(
    broken.endpoints.map((e) => Math.round(e.share * 3)),
    [1, 1],
    'two of three numgen values taken',
  );
  const moved = fixtureText('nft-add-form.txt').replace('dnat to 10.42.2.12:8080', 'dnat to 10.42.2.99:8080');
  assert.ok(
    explainFixtureText(moved).problems.some((p) => /not the one kube-proxy derives for 10\.42\.2\.99:8080/.test(p)),
  );
});

function explainFixtureText(text: string) {
  return explainInput(text, 'test');
}
