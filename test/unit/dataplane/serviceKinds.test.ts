/**
 * Issue 14: every Service type, every way in, sessionAffinity, Services without endpoints and terminating
 * endpoints, read from real iptables output in each form (captured by test/fixtures/explain/capture.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainInput } from '../../../support/kubeproxy/index.ts';
import { explainFixture, fixtureText } from './explainFixtures.ts';
import { assertMatchesSpec, findService } from './expectations.ts';
import { OLD, V4, V6, XLB } from '../../fixtures/explain/scenarios.ts';

const NAT_AND_FILTER = ['modern-save.txt', 'modern-L-nat.txt\nmodern-L-filter.txt'];
const NAT_ONLY = ['modern-save-nat.txt', 'modern-S-nat.txt', 'modern-L-nat.txt', 'modern-L-nat-names.txt'];

test('iptables-save, -S and -L -n -v of kube-proxy 1.28 rules: every Service with every way in and its endpoints', () => {
  for (const files of [...NAT_AND_FILTER, ...NAT_ONLY]) {
    const result = explainFixture(...files.split('\n'));
    assert.deepEqual(result.problems, [], files);
    const withFilter = NAT_AND_FILTER.includes(files);
    for (const spec of V4) {
      if (spec.endpoints.length === 0 && !withFilter) {
        assert.ok(
          !result.services.some((s) => s.name === spec.name),
          `${files}: no nat rules, no filter table: not reported`,
        );
        continue;
      }
      const view = findService(result, spec.name);
      const lonelyWithoutFilter = spec.name === 'shop/lonely:http' && !withFilter;
      if (lonelyWithoutFilter) {
        // the DROP for "no local endpoints" is in the filter table: without it the rules leave that traffic untranslated
        assert.ok(
          view.waysIn!.filter((w) => w.kind !== 'clusterIP').every((w) => w.routes.at(-1)!.to === 'notTranslated'),
          files,
        );
        assert.ok(
          result.notes?.some((n) => /lonely.*filter table, which is not in this input/.test(n)),
          files,
        );
        continue;
      }
      assertMatchesSpec(view, spec, files);
    }
  }
});

test('a LoadBalancer with source ranges: allowed clients go through KUBE-EXT-, everyone else is dropped', () => {
  const front = findService(explainFixture('modern-save.txt'), 'shop/front:http');
  const lb = front.waysIn!.find((w) => w.kind === 'loadBalancer')!;
  assert.equal(lb.chain, front.chain.replace('KUBE-SVC-', 'KUBE-FW-'));
  assert.deepEqual(lb.sourceRanges, ['192.0.2.0/25']);
  assert.deepEqual(lb.routes.at(-1), { from: 'other clients', to: 'dropped', masquerade: false });
  assert.ok(lb.routes.some((r) => r.from === 'clients in 192.0.2.0/25' && r.to === 'localEndpoints' && !r.masquerade));
  // externalTrafficPolicy Local keeps pods and the node itself on all endpoints (masqueraded from the node)
  const nodePort = front.waysIn!.find((w) => w.kind === 'nodePort')!;
  assert.deepEqual(
    nodePort.routes.map((r) => [r.from, r.to, r.masquerade]),
    [
      ['pods in 10.42.0.0/16', 'endpoints', false],
      ['this node', 'endpoints', true],
      ['other clients', 'localEndpoints', false],
    ],
  );
});

test('a Service without endpoints is reported from the filter table (REJECT), with each of its ways in', () => {
  const empty = findService(explainFixture('modern-save.txt'), 'shop/empty:http');
  assert.equal(empty.noEndpoints, 'rejected');
  assert.deepEqual(
    empty.waysIn!.map((w) => [w.kind, w.shownAs, w.routes.map((r) => r.to).join()]),
    [
      ['clusterIP', '10.43.0.26:80', 'rejected'],
      ['nodePort', 'node port 30099', 'rejected'],
    ],
  );
});

test('IPv6 (ip6tables-save and -L): addresses compared as addresses, shown as [addr]:port, no false hairpin problem', () => {
  for (const file of ['v6-save.txt', 'v6-L-nat.txt']) {
    const result = explainFixture(file);
    assert.deepEqual(result.problems, [], file);
    for (const spec of V6) {
      const view = findService(result, spec.name);
      assert.equal(view.family, 'ipv6');
      assertMatchesSpec(view, spec, file);
      for (const endpoint of view.endpoints)
        assert.equal(endpoint.hairpinMasqFrom, endpoint.address.replace(/^\[|\]:\d+$/g, ''));
    }
  }
  // the hairpin source spelled out in full is still the endpoint's own address
  const spelled = fixtureText('v6-save.txt').replace('-s fd00:42:1::11/128', '-s fd00:42:1:0:0:0:0:11/128');
  assert.notEqual(spelled, fixtureText('v6-save.txt'));
  assert.deepEqual(explainInput(spelled, 'test').problems, []);
  const moved = fixtureText('v6-save.txt').replace('-s fd00:42:1::11/128', '-s fd00:42:1::99/128');
  assert.ok(
    explainInput(moved, 'test').problems.some((p) =>
      /marks traffic from fd00:42:1::99 for masquerade, not from the endpoint fd00:42:1::11/.test(p),
    ),
  );
});

test('a dual-stack paste (iptables-save then ip6tables-save) reports each family on its own', () => {
  const result = explainFixture('modern-save.txt', 'v6-save.txt');
  assert.deepEqual(result.problems, []);
  assertMatchesSpec(findService(result, 'shop/web:http', 'ipv6'), V6[0]!, 'dual');
  assertMatchesSpec(findService(result, 'shop/web:http', 'ipv4'), V4[0]!, 'dual');
});

test('very old kube-proxy: MARK --set-xmark 0x4d415351 is its masquerade mark (hairpin, node ports, external IPs)', () => {
  for (const file of ['old-save.txt', 'old-L-nat.txt']) {
    const result = explainFixture(file);
    assert.deepEqual(result.problems, [], file);
    const withFilter = file === 'old-save.txt';
    for (const spec of OLD) {
      const view = findService(result, spec.name);
      if (spec.endpoints.length === 0) {
        // old kube-proxy kept an empty service chain; the REJECT is in the filter table
        assert.equal(view.noEndpoints, withFilter ? 'rejected' : 'not translated', file);
        continue;
      }
      assertMatchesSpec(view, spec, file);
      for (const endpoint of view.endpoints) assert.equal(endpoint.hairpinMasqFrom, endpoint.address.split(':')[0]);
    }
  }
});

test('kube-proxy 1.20 (KUBE-XLB-): Local endpoints from "Balancing rule" jumps, "has no local endpoints" drops', () => {
  const result = explainFixture('xlb-save-nat.txt');
  assert.deepEqual(result.problems, []);
  for (const spec of XLB) assertMatchesSpec(findService(result, spec.name), spec, 'xlb');
  const lonely = findService(result, 'shop/lonely:http');
  assert.equal(lonely.externalTrafficPolicy, 'Local');
});
