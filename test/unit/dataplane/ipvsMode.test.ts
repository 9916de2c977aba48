/** Issue 14: IPVS (`ipvsadm -Ln`, with --stats, and `ipvsadm -S -n`): virtual servers, real servers, shares by weight. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeExplanation } from '../../../support/kubeproxy/index.ts';
import { LabgateError } from '../../../support/floor/errors.ts';
import { explainFixture } from './explainFixtures.ts';
import { findService } from './expectations.ts';

test('ipvsadm -Ln: each virtual server with its real servers, shares by weight, persistence as session affinity', () => {
  const result = explainFixture('ipvs-Ln.txt');
  assert.equal(result.format, 'ipvsadm');
  assert.deepEqual(result.problems, []);
  assert.deepEqual(
    result.notRules?.map((l) => l.text),
    ['root@node-1:~# ipvsadm -Ln'],
  );
  const shares = (name: string) => findService(result, name).endpoints.map((e) => [e.address, e.weight, e.share]);
  // rr: weight 0 takes no new connections (a terminating endpoint), the others share equally
  assert.deepEqual(shares('TCP 10.43.0.20:80'), [
    ['10.42.1.11:8080', 1, 0.5],
    ['10.42.2.12:8080', 1, 0.5],
    ['10.42.3.13:8080', 0, 0],
  ]);
  assert.equal(findService(result, 'TCP 10.43.0.20:80').endpoints[2]!.terminating, true);
  // wrr: by weight, 3 to 1
  assert.deepEqual(shares('TCP 172.18.0.3:30080'), [
    ['10.42.1.21:80', 3, 0.75],
    ['10.42.2.22:80', 1, 0.25],
  ]);
  assert.equal(findService(result, 'TCP 10.43.0.20:80').sessionAffinityTimeoutSeconds, 3600);
  assert.equal(findService(result, 'TCP 10.43.0.26:80').noEndpoints, 'dropped');
  const v6 = findService(result, 'TCP [fd00:43::20]:80');
  assert.equal(v6.family, 'ipv6');
  assert.deepEqual(
    v6.endpoints.map((e) => e.address),
    ['[fd00:42:1::11]:8080', '[fd00:42:2::12]:8080'],
  );
  assert.match(
    describeExplanation(result),
    /IPVS virtual server UDP 10\.43\.0\.10:53:\n {2}1\. 10\.42\.1\.2:53: has weight 1, so it gets 50\.0% of new connections/,
  );
});

test('ipvsadm -S -n and --stats read the same virtual servers', () => {
  const saved = explainFixture('ipvs-S-n.txt');
  assert.deepEqual(
    findService(saved, 'TCP 10.43.0.20:80').endpoints.map((e) => e.share),
    [0.5, 0.5],
  );
  assert.equal(findService(saved, 'TCP 10.43.0.20:80').sessionAffinityTimeoutSeconds, 3600);
  assert.deepEqual(
    findService(saved, 'UDP 10.43.0.10:53').endpoints.map((e) => e.address),
    ['10.42.1.2:53', '10.42.2.3:53'],
  );
  const stats = explainFixture('ipvs-Ln-stats.txt');
  assert.deepEqual(
    findService(stats, 'TCP 10.43.0.20:80').endpoints.map((e) => e.share),
    [0.5, 0.5],
  );
  assert.ok(stats.notes?.some((n) => /no weights/.test(n)));
});

test('ipvsadm -L without -n is refused, naming -n', () => {
  assert.throws(
    () => explainFixture('ipvs-L-names.txt'),
    (err: unknown) =>
      err instanceof LabgateError &&
      /ipvsadm output taken without -n.*\(list it again with: ipvsadm -Ln\)$/.test(err.oneLine()),
  );
});
