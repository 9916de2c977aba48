import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainNat, parseIptables } from '../../../support/kubeproxy/index.ts';
import type { ExplainResult, ServiceView } from '../../../support/kubeproxy/index.ts';
import { fixture, recording } from './paths.ts';
import { mixedServices } from './scenarios.ts';

const explain = (text: string): ExplainResult => explainNat(parseIptables(text));

function service(result: ExplainResult, name: string): ServiceView {
  const found = result.services.find((s) => s.name === name);
  assert.ok(found, `service ${name} explained; got ${result.services.map((s) => s.name).join(', ')}`);
  return found;
}

// Values the lab text states for nginx-service: VIP, port, pod CIDR, both endpoints and their chains, 50%.
const LAB = {
  name: 'default/nginx-service:http',
  vip: '10.96.204.67',
  port: 80,
  podCidr: '192.168.0.0/16',
  chain: 'KUBE-SVC-6IM33IEVEEV7U3GP',
  endpoints: [
    { address: '192.168.156.5:80', chain: 'KUBE-SEP-M6MI3YLHVX7DA53R' },
    { address: '192.168.202.196:80', chain: 'KUBE-SEP-MJ46KNWYZBDUIDMY' },
  ],
};

function assertLabNginx(view: ServiceView, opts: { masq: boolean }): void {
  assert.equal(view.chain, LAB.chain);
  assert.equal(view.chainMatchesKubeProxyHash, true);
  assert.equal(view.protocol, 'tcp');
  assert.equal(view.clusterIP, LAB.vip);
  assert.equal(view.port, LAB.port);
  if (opts.masq) assert.equal(view.masqueradeUnlessFrom, LAB.podCidr);
  assert.deepEqual(
    view.endpoints.map((e) => ({ address: e.address, chain: e.chain })),
    LAB.endpoints,
  );
  assert.ok(view.endpoints.every((e) => e.chainMatchesKubeProxyHash));
  assert.deepEqual(
    view.endpoints.map((e) => e.ruleProbability),
    [0.5, null],
  );
  assert.deepEqual(
    view.endpoints.map((e) => e.share),
    [0.5, 0.5],
  );
}

test('the KUBE-SVC recording alone: service, VIP and port come from the chain, endpoints from the comments', () => {
  const result = explain(recording('iptables-L-KUBE-SVC.txt'));
  assert.deepEqual(result.problems, []);
  assert.equal(result.services.length, 1);
  assertLabNginx(service(result, LAB.name), { masq: true });
  assert.equal(result.notes?.length, 2, 'the two endpoint chains are not in this input');
});

test('the KUBE-SERVICES recording alone: the service and its chain, with a note that the chain is not shown', () => {
  const result = explain(recording('iptables-S-KUBE-SERVICES.txt'));
  assert.deepEqual(result.problems, []);
  const view = service(result, LAB.name);
  assert.equal(view.chain, LAB.chain);
  assert.equal(view.chainMatchesKubeProxyHash, true);
  assert.equal(view.clusterIP, LAB.vip);
  assert.equal(view.port, 80);
  assert.deepEqual(view.endpoints, []);
  assert.match(result.notes?.[0] ?? '', /KUBE-SVC-6IM33IEVEEV7U3GP.*not in this input/);
});

test('a KUBE-SEP recording alone: the endpoint chain is checked against its own address', () => {
  for (const [file, { address, chain }] of [
    ['iptables-L-KUBE-SEP-1.txt', LAB.endpoints[0]!],
    ['iptables-L-KUBE-SEP-2.txt', LAB.endpoints[1]!],
  ] as const) {
    const result = explain(recording(file));
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.services, []);
    const [loose] = result.looseEndpointChains ?? [];
    assert.equal(loose?.chain, chain);
    assert.equal(loose?.address, address);
    assert.equal(loose?.service, LAB.name);
    assert.equal(loose?.chainMatchesKubeProxyHash, true);
    assert.equal(loose?.hairpinMasqFrom, address.split(':')[0]);
  }
});

test('all four recordings together explain the whole path with hairpin masquerade per endpoint', () => {
  const text = [
    'iptables-S-KUBE-SERVICES.txt',
    'iptables-L-KUBE-SVC.txt',
    'iptables-L-KUBE-SEP-1.txt',
    'iptables-L-KUBE-SEP-2.txt',
  ]
    .map(recording)
    .join('\n');
  const result = explain(text);
  assert.deepEqual(result.problems, []);
  assert.equal(result.notes, undefined);
  const view = service(result, LAB.name);
  assertLabNginx(view, { masq: true });
  assert.deepEqual(
    view.endpoints.map((e) => e.hairpinMasqFrom),
    ['192.168.156.5', '192.168.202.196'],
  );
  assert.deepEqual(
    view.endpoints.map((e) => e.counters),
    [
      { packets: 0, bytes: 0 },
      { packets: 0, bytes: 0 },
    ],
  );
});

test('real iptables listings of the twin rules explain every service the twin was given, in every format', () => {
  for (const file of ['twin-save.txt', 'twin-S.txt', 'twin-L.txt', 'twin-L-v-after.txt', 'twin-save-all-tables.txt']) {
    const result = explain(fixture(file));
    assert.deepEqual(result.problems, [], file);
    const withEndpoints = mixedServices.services.filter((s) => s.endpoints.length > 0);
    // a service without endpoints has no nat rules, only the filter table's REJECT (in the all-tables save)
    const withFilter = file === 'twin-save-all-tables.txt';
    assert.equal(result.services.length, withEndpoints.length + (withFilter ? 1 : 0), file);
    if (withFilter) {
      const empty = service(result, 'default/empty-service:http');
      assert.equal(empty.noEndpoints, 'rejected');
      assert.equal(empty.clusterIP, '10.96.60.6');
      assert.deepEqual(
        empty.waysIn?.map((w) => [w.kind, w.shownAs, w.routes.map((r) => r.to)]),
        [['clusterIP', '10.96.60.6:80', ['rejected']]],
      );
    }
    for (const given of withEndpoints) {
      const name = given.portName
        ? `${given.namespace}/${given.name}:${given.portName}`
        : `${given.namespace}/${given.name}`;
      const view = service(result, name);
      assert.equal(view.protocol, given.protocol.toLowerCase());
      assert.equal(view.clusterIP, given.clusterIP);
      assert.equal(view.port, given.port);
      assert.equal(view.chainMatchesKubeProxyHash, true);
      assert.equal(view.masqueradeUnlessFrom, mixedServices.clusterCidr);
      assert.deepEqual(
        view.endpoints.map((e) => e.address),
        given.endpoints.map((e) => `${e.ip}:${e.port}`),
      );
      assert.ok(
        view.endpoints.every((e) => e.chainMatchesKubeProxyHash),
        `${file} ${name}`,
      );
      const n = given.endpoints.length;
      // rule i of n carries 1/(n-i): every endpoint ends up with 1/n of new connections
      view.endpoints.forEach((e, i) => {
        if (i === n - 1) assert.equal(e.ruleProbability, null);
        else assert.ok(Math.abs(e.ruleProbability! - 1 / (n - i)) < 1e-9, `${name} rule ${i}`);
        assert.ok(Math.abs(e.share - 1 / n) < 1e-9, `${name} share ${i}: ${e.share}`);
      });
    }
  }
});

const SAVE = () => fixture('twin-save.txt');

test('problems: a probability that is not 1/(n-i), and a last rule that keeps a probability', () => {
  const wrong = SAVE().replace('--probability 0.33333333349', '--probability 0.25000000000');
  const result = explain(wrong);
  assert.equal(result.problems.length, 1);
  assert.match(result.problems[0]!, /multitool-1-service.*rule 1 of 3.*probability 0\.25.*1\/3/);
  const lastWithProbability = SAVE().replace(
    /(-A KUBE-SVC-6IM33IEVEEV7U3GP -m comment --comment "default\/nginx-service:http -> 192\.168\.202\.196:80")/,
    '$1 -m statistic --mode random --probability 0.50000000000',
  );
  const last = explain(lastWithProbability);
  assert.equal(last.problems.length, 1);
  assert.match(last.problems[0]!, /last endpoint rule \(KUBE-SEP-MJ46KNWYZBDUIDMY\) has probability 0\.5/);
  assert.equal(service(last, LAB.name).endpoints[1]!.share, 0.25, 'half of the remaining half');
});

test('older kube-proxy probability spelling (0.33332999982) is not a problem', () => {
  const older = SAVE().replace('--probability 0.33333333349', '--probability 0.33332999982');
  assert.deepEqual(explain(older).problems, []);
});

test('problems: a missing endpoint chain, a missing DNAT, a DNAT to another address', () => {
  const withoutSep = SAVE()
    .split('\n')
    .filter((line) => !line.includes('KUBE-SEP-M6MI3YLHVX7DA53R') || line.startsWith('-A KUBE-SVC-'))
    .join('\n');
  assert.ok(
    explain(withoutSep).problems.some((p) => /jumps to KUBE-SEP-M6MI3YLHVX7DA53R, but there is no such chain/.test(p)),
  );

  const withoutDnat = SAVE()
    .split('\n')
    .filter((line) => !(line.startsWith('-A KUBE-SEP-MJ46KNWYZBDUIDMY') && line.includes('DNAT')))
    .join('\n');
  assert.ok(explain(withoutDnat).problems.some((p) => /KUBE-SEP-MJ46KNWYZBDUIDMY has no DNAT rule/.test(p)));

  const moved = SAVE().replace('--to-destination 192.168.156.5:80', '--to-destination 192.168.156.9:80');
  const problems = explain(moved).problems;
  assert.ok(
    problems.some((p) => /comment says 192\.168\.156\.5:80 but the DNAT goes to 192\.168\.156\.9:80/.test(p)),
    problems.join('\n'),
  );
  assert.ok(problems.some((p) => /not the one kube-proxy derives for 192\.168\.156\.9:80/.test(p)));
});

test('problems: a service chain whose name is not the kube-proxy hash, and a stale chain', () => {
  const renamed = SAVE().replaceAll('KUBE-SVC-6IM33IEVEEV7U3GP', 'KUBE-SVC-AAAAAAAAAAAAAAAA');
  const result = explain(renamed);
  assert.equal(service(result, LAB.name).chainMatchesKubeProxyHash, false);
  assert.ok(result.problems.some((p) => /KUBE-SVC-AAAAAAAAAAAAAAAA is not the name kube-proxy derives/.test(p)));

  const stale = SAVE().replace(':KUBE-SERVICES - [0:0]', ':KUBE-SERVICES - [0:0]\n:KUBE-SEP-ZZZZZZZZZZZZZZZZ - [0:0]');
  assert.ok(explain(stale).problems.some((p) => /KUBE-SEP-ZZZZZZZZZZZZZZZZ is not used by any service/.test(p)));
});

test('session affinity rules (-m recent --rcheck) are not counted as extra endpoints', () => {
  const text = [
    '-A KUBE-SERVICES -d 10.96.1.1/32 -p tcp -m comment --comment "ns/a:p cluster IP" -m tcp --dport 80 -j KUBE-SVC-X',
    '-A KUBE-SVC-X -m comment --comment "ns/a:p -> 10.0.0.1:80" -m recent --name KUBE-SEP-1 --rcheck --seconds 10800 --reap -j KUBE-SEP-1',
    '-A KUBE-SVC-X -m comment --comment "ns/a:p -> 10.0.0.1:80" -j KUBE-SEP-1',
  ].join('\n');
  const view = explain(text).services[0]!;
  assert.equal(view.sessionAffinity, true);
  assert.equal(view.endpoints.length, 1);
  assert.equal(view.endpoints[0]!.share, 1);
});
