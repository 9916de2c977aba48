import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  corefileForwardsToNodeResolver,
  corefileServesClusterDomain,
  lookupAnswersExactly,
  lookupGetsNoAddress,
  nodeResolvConfUsesGateway,
  podResolvConfIsClusterFirst,
} from '../../../support/dns/checks.ts';
import type { Finding } from '../../../support/floor/finding.ts';
import { fixture, labCorefile, outputAfter } from './labText.ts';

const LAB05 = ['05-k8s-dns', 'Readme.md'] as const;
const LAB11 = ['11-headless-services', 'README.md'] as const;

function passes<T>(f: Finding<T>): boolean {
  try {
    assert.deepEqual(f.observed, f.expected);
    return true;
  } catch {
    return false;
  }
}

test("Corefile: lab 05's serves cluster.local with ttl 30; another TTL, no ttl line or no kubernetes plugin fail", () => {
  const lab = labCorefile();
  const ok = corefileServesClusterDomain(lab, 'cluster.local', 30);
  assert.ok(passes(ok), ok.message);
  assert.equal(ok.evidence[0]!.body, lab);

  const other = corefileServesClusterDomain(lab, 'cluster.local', 5);
  assert.ok(!passes(other));
  assert.deepEqual(other.observed, { served: true, ttl: 30 });
  assert.match(
    other.message,
    /`ttl 5`.*line 7 reads `kubernetes cluster.local in-addr.arpa ip6.arpa \{ pods insecure; fallthrough in-addr.arpa ip6.arpa; ttl 30 \}`/,
  );

  const noTtl = corefileServesClusterDomain(lab.replace(/^\s*ttl 30\n/m, ''), 'cluster.local', 30);
  assert.deepEqual(noTtl.observed, { served: true, ttl: 5 });
  assert.match(noTtl.message, /the default: no ttl line/);

  const otherDomain = corefileServesClusterDomain(lab, 'cluster.example', 30);
  assert.deepEqual(otherDomain.observed, { served: false, ttl: null });

  // a kubernetes directive without zones takes its server block's
  assert.ok(
    passes(corefileServesClusterDomain('cluster.local:53 {\n kubernetes {\n  ttl 30\n }\n}\n', 'cluster.local', 30)),
  );
  const broken = corefileServesClusterDomain('.:53 {\n kubernetes cluster.local {\n', 'cluster.local', 30);
  assert.deepEqual(broken.observed, { served: false, ttl: null });
  assert.match(broken.message, /does not parse \(Corefile line 2/);
});

test("Corefile: lab 05's forwards . to /etc/resolv.conf; an explicit upstream or none fails", () => {
  const ok = corefileForwardsToNodeResolver(labCorefile());
  assert.ok(passes(ok), ok.message);
  const explicit = corefileForwardsToNodeResolver(
    labCorefile().replace('forward . /etc/resolv.conf', 'forward . 8.8.8.8'),
  );
  assert.deepEqual(explicit.observed, { from: '.', to: ['8.8.8.8'] });
  assert.match(explicit.message, /reads `forward \. 8\.8\.8\.8 \{ max_concurrent 1000 \}`/);
  const none = corefileForwardsToNodeResolver('.:53 {\n  kubernetes cluster.local\n}\n');
  assert.deepEqual(none.observed, { from: null, to: [] });
  assert.match(none.message, /has no forward directive/);
});

test("pod resolv.conf: lab 05's pods in default and foo; the wrong namespace's search list fails", () => {
  const def = outputAfter(...LAB05, 'cat /etc/resolv.conf', 1);
  const foo = outputAfter(...LAB05, 'cat /etc/resolv.conf', 2);
  const promise = {
    where: 'pod multitool-1',
    namespace: 'default',
    domain: 'cluster.local',
    dnsVip: '10.96.0.10',
    nodeSearch: ['ec2.internal'],
  };
  assert.ok(passes(podResolvConfIsClusterFirst(def, promise)));
  assert.ok(passes(podResolvConfIsClusterFirst(foo, { ...promise, namespace: 'foo' })));
  const wrong = podResolvConfIsClusterFirst(foo, promise);
  assert.ok(!passes(wrong));
  assert.match(wrong.message, /search `foo\.svc\.cluster\.local svc\.cluster\.local cluster\.local ec2\.internal`/);
  const noNdots = podResolvConfIsClusterFirst(def.replace('options ndots:5', ''), promise);
  assert.deepEqual((noNdots.observed as { ndots: number }).ndots, 1);
  assert.match(noNdots.message, /ndots 1 \(not set\)/);
  assert.ok(!passes(podResolvConfIsClusterFirst(def, { ...promise, dnsVip: '10.96.0.11' })));
});

test("node resolv.conf: lab 05's points at the gateway with ndots:0", () => {
  const node = outputAfter(...LAB05, 'cat /etc/resolv.conf', 0);
  assert.ok(passes(nodeResolvConfUsesGateway(node, 'k8s-dns-worker', '172.18.0.1')));
  assert.ok(!passes(nodeResolvConfUsesGateway(node, 'k8s-dns-worker', '172.19.0.1')));
  const dockerDefault = nodeResolvConfUsesGateway(
    'nameserver 127.0.0.11\noptions ndots:0\n',
    'k8s-dns-worker',
    '172.18.0.1',
  );
  assert.deepEqual(dockerDefault.observed, { nameservers: ['127.0.0.11'], ndots: 0 });
  assert.match(
    nodeResolvConfUsesGateway('nameserver 172.18.0.1\n', 'n', '172.18.0.1').message,
    /ndots 1 \(not set, so the default 1\)/,
  );
});

test("lookups: lab 05's +search answers give the VIP with TTL 30; another VIP or TTL fails", () => {
  const output = outputAfter(...LAB05, 'dig +search nginx-service');
  const lookup = { command: 'dig +search nginx-service', output, where: 'pod multitool-1 (default)' };
  const promise = {
    name: 'nginx-service.default.svc.cluster.local',
    addresses: ['10.96.169.109'],
    ttl: 30,
    what: 'the ClusterIP of nginx-service',
  };
  const ok = lookupAnswersExactly(lookup, promise);
  // the quoted output has no header: its status cannot be read, so it cannot pass a status promise
  assert.deepEqual(ok.observed, {
    status: 'no reply',
    question: 'nginx-service.default.svc.cluster.local.',
    answers: ['nginx-service.default.svc.cluster.local. 30 A 10.96.169.109'],
  });
  const full = { ...lookup, output: fixture('dig-noerror-a.txt') };
  assert.ok(passes(lookupAnswersExactly(full, promise)));
  assert.ok(!passes(lookupAnswersExactly(full, { ...promise, addresses: ['10.96.0.1'] })));
  const ttl = lookupAnswersExactly(full, { ...promise, ttl: 5 });
  assert.ok(!passes(ttl));
  assert.match(
    ttl.message,
    /TTL 5; dig got NOERROR for nginx-service\.default\.svc\.cluster\.local\. with nginx-service\.default\.svc\.cluster\.local\. 30 A 10\.96\.169\.109/,
  );
  assert.match(ttl.evidence[0]!.body, /^\$ dig \+search nginx-service\n/);
});

test('lookups: a headless answer must be exactly the ready pod IPs, in any order', () => {
  const answerOnly = outputAfter(...LAB11, 'dig +search redis-headless');
  const header =
    ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1\n;; flags: qr aa rd; QUERY: 1, ANSWER: 3, AUTHORITY: 0, ADDITIONAL: 1\n\n';
  const lookup = { command: 'dig +search redis-headless', output: header + answerOnly, where: 'pod multitool' };
  const promise = {
    name: 'redis-headless.default.svc.cluster.local.',
    ttl: 30,
    what: 'the ready pod IPs of redis-headless',
  };
  assert.ok(
    passes(
      lookupAnswersExactly(lookup, { ...promise, addresses: ['192.168.145.10', '192.168.156.4', '192.168.202.195'] }),
    ),
  );
  assert.ok(!passes(lookupAnswersExactly(lookup, { ...promise, addresses: ['192.168.145.10', '192.168.156.4'] })));
  assert.ok(
    !passes(
      lookupAnswersExactly(lookup, {
        ...promise,
        addresses: ['192.168.145.10', '192.168.156.4', '192.168.202.195', '192.168.1.1'],
      }),
    ),
  );
});

test('names that must not resolve: SERVFAIL and NXDOMAIN pass and say which; an answer or a timeout fails', () => {
  const servfail = lookupGetsNoAddress(
    { command: 'dig nginx-service', output: outputAfter(...LAB05, 'dig nginx-service'), where: 'pod multitool-1' },
    'nginx-service',
  );
  assert.ok(passes(servfail));
  assert.deepEqual(servfail.observed, { addresses: [], status: 'SERVFAIL' });

  const nx = lookupGetsNoAddress({ command: 'dig nope', output: fixture('dig-nxdomain.txt'), where: 'pod p' }, 'nope');
  assert.ok(passes(nx));
  assert.equal(nx.observed.status, 'NXDOMAIN');
  assert.match(nx.evidence.at(-1)!.body, /^NXDOMAIN \(the lab shows SERVFAIL/);

  const answered = lookupGetsNoAddress({ command: 'dig x', output: fixture('dig-noerror-a.txt'), where: 'pod p' }, 'x');
  assert.ok(!passes(answered));
  assert.deepEqual(answered.expected, { addresses: [], status: 'NXDOMAIN or SERVFAIL' });

  const timeout = lookupGetsNoAddress({ command: 'dig x', output: fixture('dig-timeout.txt'), where: 'pod p' }, 'x');
  assert.ok(!passes(timeout));
  assert.match(
    timeout.observed.status,
    /^no reply \(timeout: ;; communications error to 127\.0\.0\.1#5399: timed out\)$/,
  );
});
