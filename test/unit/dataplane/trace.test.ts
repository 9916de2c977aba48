import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIptables, traceNewConnection } from '../../../support/kubeproxy/index.ts';
import { fixture, recording } from './paths.ts';
import { mixedServices } from './scenarios.ts';

test('new connections to each twin VIP reach exactly its endpoints, 1/n each, shares summing to 1', () => {
  for (const file of ['twin-save.txt', 'twin-L.txt']) {
    const table = parseIptables(fixture(file));
    for (const given of mixedServices.services) {
      const outcomes = traceNewConnection(table, {
        destination: given.clusterIP,
        port: given.port,
        protocol: given.protocol.toLowerCase(),
      });
      assert.deepEqual(
        outcomes.map((o) => o.address),
        given.endpoints.map((e) => `${e.ip}:${e.port}`),
        `${file} ${given.name}`,
      );
      const n = given.endpoints.length;
      for (const outcome of outcomes)
        assert.ok(Math.abs(outcome.share - 1 / n) < 1e-9, `${given.name}: ${outcome.share}`);
      if (n > 0) assert.ok(Math.abs(outcomes.reduce((sum, o) => sum + o.share, 0) - 1) < 1e-9);
      assert.ok(outcomes.every((o) => o.chain.startsWith('KUBE-SEP-')));
    }
  }
});

test('the wrong port or protocol for a VIP reaches no endpoint', () => {
  const table = parseIptables(fixture('twin-save.txt'));
  assert.deepEqual(traceNewConnection(table, { destination: '10.96.204.67', port: 81, protocol: 'tcp' }), []);
  assert.deepEqual(traceNewConnection(table, { destination: '10.96.204.67', port: 80, protocol: 'udp' }), []);
  assert.deepEqual(traceNewConnection(table, { destination: '10.96.0.10', port: 53, protocol: 'tcp' }), []);
});

test('the lab recordings together: 10.96.204.67:80 splits half and half between the two nginx pods', () => {
  const text = [
    'iptables-S-KUBE-SERVICES.txt',
    'iptables-L-KUBE-SVC.txt',
    'iptables-L-KUBE-SEP-1.txt',
    'iptables-L-KUBE-SEP-2.txt',
  ]
    .map(recording)
    .join('\n');
  const outcomes = traceNewConnection(parseIptables(text), { destination: '10.96.204.67', port: 80, protocol: 'tcp' });
  assert.deepEqual(outcomes, [
    { address: '192.168.156.5:80', chain: 'KUBE-SEP-M6MI3YLHVX7DA53R', share: 0.5 },
    { address: '192.168.202.196:80', chain: 'KUBE-SEP-MJ46KNWYZBDUIDMY', share: 0.5 },
  ]);
});

test('a last rule with a probability lets some connections through untranslated (shares sum below 1)', () => {
  const text = fixture('twin-save.txt').replace(
    /(-A KUBE-SVC-6IM33IEVEEV7U3GP -m comment --comment "default\/nginx-service:http -> 192\.168\.202\.196:80")/,
    '$1 -m statistic --mode random --probability 0.50000000000',
  );
  const outcomes = traceNewConnection(parseIptables(text), { destination: '10.96.204.67', port: 80, protocol: 'tcp' });
  assert.deepEqual(
    outcomes.map((o) => o.share),
    [0.5, 0.25],
  );
});

test('session affinity check rules do not catch a new connection; a RETURN and a goto are followed', () => {
  const text = [
    '-A KUBE-SERVICES -d 10.96.1.1/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-X',
    '-A KUBE-SVC-X -m recent --name KUBE-SEP-1 --rcheck --seconds 10800 --reap -j KUBE-SEP-1',
    '-A KUBE-SVC-X -j SKIP',
    '-A KUBE-SVC-X -m statistic --mode random --probability 0.25000000000 -g KUBE-SEP-1',
    '-A KUBE-SVC-X -j KUBE-SEP-2',
    '-A SKIP -j RETURN',
    '-A KUBE-SEP-1 -p tcp -m tcp -j DNAT --to-destination 10.0.0.1:80',
    '-A KUBE-SEP-2 -p tcp -m tcp -j DNAT --to-destination 10.0.0.2:80',
  ].join('\n');
  const outcomes = traceNewConnection(parseIptables(text), { destination: '10.96.1.1', port: 80, protocol: 'tcp' });
  assert.deepEqual(outcomes, [
    { address: '10.0.0.1:80', chain: 'KUBE-SEP-1', share: 0.25 },
    { address: '10.0.0.2:80', chain: 'KUBE-SEP-2', share: 0.75 },
  ]);
});

test('IPv6: a new connection to a v6 cluster IP reaches its endpoints; the pod range matches as a range', async () => {
  const { fixtureText } = await import('./explainFixtures.ts');
  const { readIptables } = await import('../../../support/kubeproxy/index.ts');
  const table = readIptables(fixtureText('v6-save.txt')).tables[0]!;
  assert.equal(table.family, 'ipv6');
  const outcomes = traceNewConnection(table, {
    destination: 'fd00:43::20',
    port: 80,
    protocol: 'tcp',
    source: 'fd00:42:1::99',
  });
  assert.deepEqual(
    outcomes.map((o) => [o.address, o.share]),
    [
      ['[fd00:42:1::11]:8080', 0.5],
      ['[fd00:42:2::12]:8080', 0.5],
    ],
  );
  // spelled out in full, the same address
  assert.equal(traceNewConnection(table, { destination: 'fd00:43:0:0:0:0:0:20', port: 80, protocol: 'tcp' }).length, 2);
});
