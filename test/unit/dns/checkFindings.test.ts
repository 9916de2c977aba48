/**
 * The DNS checks' edges on lab 05's Corefile and resolv.conf files and recorded dig outputs: which server block
 * serves a zone, what each message says it saw, and the evidence each finding carries.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  corefileForwardsToNodeResolver,
  corefileServesClusterDomain,
  lookupAnswersExactly,
  lookupGetsNoAddress,
  nodeResolvConfUsesGateway,
  podResolvConfIsClusterFirst,
} from '../../../support/dns/checks.ts';
import { assertFails, assertPasses } from '../network/assertFinding.ts';
import { fixture, labCorefile, outputAfter } from './labText.ts';

const LAB05 = ['05-k8s-dns', 'Readme.md'] as const;
const corefile = labCorefile();
const LOOK = 'Check `kubectl -n kube-system get configmap coredns -o yaml`.';

/** The lab's kubernetes block moved under other server keys. */
function servedBy(keys: string): string {
  return corefile.replace('.:53 {', `${keys} {`);
}

test('the cluster domain is served only by a port-53 DNS block whose zones cover it', () => {
  const ok = corefileServesClusterDomain(corefile, 'cluster.local', 30);
  assertPasses(ok);
  assert.equal(
    ok.message,
    `The lab promises that CoreDNS serves cluster.local from the kubernetes plugin with \`ttl 30\`; in the coredns ConfigMap's Corefile its line 7 reads \`kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough in-addr.arpa ip6.arpa; ttl 30 }\`, so the TTL is 30. ${LOOK}`,
  );
  assert.deepEqual(
    ok.evidence.map((e) => e.title),
    ['Corefile'],
  );
  for (const keys of ['cluster.local:53', 'local:53', 'example.org:53 cluster.local:53', 'dns://.:53']) {
    assertPasses(corefileServesClusterDomain(servedBy(keys), 'cluster.local', 30));
  }
  for (const keys of ['.:5353', 'tls://.:53', 'example.org:53', 'ster.local:53']) {
    const f = corefileServesClusterDomain(servedBy(keys), 'cluster.local', 30);
    assert.deepEqual(f.observed, { served: false, ttl: null }, keys);
  }
  const none = corefileServesClusterDomain(servedBy('.:5353 example.org:5353'), 'cluster.local', 30);
  assertFails(
    none,
    `in the coredns ConfigMap's Corefile no kubernetes directive on port 53 covers cluster.local (server blocks: .:5353 example.org:5353). ${LOOK}`,
  );
  assertFails(
    corefileServesClusterDomain(`${servedBy('.:5353')}\nexample.org:53 {\n  whoami\n}\n`, 'cluster.local', 30),
    '(server blocks: .:5353; example.org:53)',
  );
  assertFails(corefileServesClusterDomain('', 'cluster.local', 30), '(server blocks: none)');
  // a block that does not serve the zone is passed over for the one that does
  const twoBlocks = `${servedBy('.:5353').replace('ttl 30', 'ttl 99')}\n${corefile}`;
  assert.deepEqual(corefileServesClusterDomain(twoBlocks, 'cluster.local', 30).observed, { served: true, ttl: 30 });
});

test('forwarding to the node\'s resolver: only the "." block on port 53 counts; an unparsable Corefile fails, saying so', () => {
  const ok = corefileForwardsToNodeResolver(corefile);
  assertPasses(ok);
  assert.equal(
    ok.message,
    `The lab promises that names outside the cluster are forwarded to the node's resolver (\`forward . /etc/resolv.conf\`); in the coredns ConfigMap's Corefile line 13 reads \`forward . /etc/resolv.conf { max_concurrent 1000 }\`. ${LOOK}`,
  );
  assert.deepEqual(
    ok.evidence.map((e) => [e.title, e.body]),
    [['Corefile', corefile]],
  );
  assertPasses(corefileForwardsToNodeResolver(servedBy('.:53 example.org:53')));
  for (const keys of ['.:5353', 'tls://.:53', 'example.org:53', 'example.org:53 .:5353']) {
    assert.deepEqual(corefileForwardsToNodeResolver(servedBy(keys)).observed, { from: null, to: [] }, keys);
  }
  const forwardOnly = corefileForwardsToNodeResolver('.:53 {\n  forward\n}\n');
  assert.deepEqual(forwardOnly.observed, { from: null, to: [] });
  const broken = corefileForwardsToNodeResolver('.:53 {\n  forward . /etc/resolv.conf\n');
  assert.deepEqual(broken.observed, { from: null, to: [] });
  assertFails(
    broken,
    'in the coredns ConfigMap\'s Corefile it does not parse (Corefile line 1: this "{" is never closed',
  );
});

test('resolv.conf findings name every nameserver, or none, and say when ndots is not set', () => {
  const def = outputAfter(...LAB05, 'cat /etc/resolv.conf', 1);
  const promise = {
    where: 'pod multitool-1 (default)',
    namespace: 'default',
    domain: 'cluster.local',
    dnsVip: '10.96.0.10',
    nodeSearch: ['ec2.internal'],
  };
  const ok = podResolvConfIsClusterFirst(def, promise);
  assertPasses(ok);
  assert.equal(
    ok.message,
    "The lab promises that kubelet points pod multitool-1 (default) at the kube-dns Service (nameserver 10.96.0.10), with `options ndots:5` and the search list `default.svc.cluster.local svc.cluster.local cluster.local ec2.internal` (its namespace's domains, then the node's); its /etc/resolv.conf has nameserver 10.96.0.10, ndots 5, search `default.svc.cluster.local svc.cluster.local cluster.local ec2.internal`. Check the pod's dnsPolicy and the kubelet's clusterDNS and clusterDomain.",
  );
  assert.deepEqual(
    ok.evidence.map((e) => [e.title, e.body]),
    [['/etc/resolv.conf of pod multitool-1 (default)', def]],
  );
  assertFails(
    podResolvConfIsClusterFirst('nameserver 10.96.0.10\nnameserver 10.96.0.11\n', promise),
    'has nameserver 10.96.0.10, 10.96.0.11, ndots 1 (not set), search ``.',
  );
  assertFails(
    podResolvConfIsClusterFirst('search default.svc.cluster.local\n', promise),
    'has nameserver none, ndots 1 (not set)',
  );

  const node = outputAfter(...LAB05, 'cat /etc/resolv.conf', 0);
  const nodeOk = nodeResolvConfUsesGateway(node, 'k8s-dns-worker', '172.18.0.1');
  assertPasses(nodeOk);
  assert.equal(
    nodeOk.message,
    "The lab promises that node k8s-dns-worker resolves through its Docker network's gateway 172.18.0.1 with `options ndots:0`; its /etc/resolv.conf has nameserver 172.18.0.1 and ndots 0. Check `docker exec k8s-dns-worker cat /etc/resolv.conf` and `docker network inspect kind`.",
  );
  assert.deepEqual(
    nodeOk.evidence.map((e) => [e.title, e.body]),
    [['/etc/resolv.conf of k8s-dns-worker', node]],
  );
  assertFails(
    nodeResolvConfUsesGateway('options ndots:0\n', 'k8s-dns-worker', '172.18.0.1'),
    'has nameserver none and ndots 0.',
  );
  assertFails(
    nodeResolvConfUsesGateway('nameserver 1.1.1.1\nnameserver 8.8.8.8\noptions ndots:0\n', 'n', '172.18.0.1'),
    'has nameserver 1.1.1.1, 8.8.8.8 and ndots 0.',
  );
});

const HEADER =
  ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1\n;; flags: qr aa rd; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 0\n';

test("a lookup's finding: one reply only, A and AAAA answers sorted, dig's own output as evidence", () => {
  const output = `\n${fixture('dig-noerror-a.txt')}\n\n`;
  const lookup = { command: 'dig nginx-service.default.svc.cluster.local', output, where: 'pod multitool-1 (default)' };
  const promise = {
    name: 'nginx-service.default.svc.cluster.local',
    addresses: ['10.96.169.109'],
    ttl: 30,
    what: 'the ClusterIP of nginx-service',
  };
  const ok = lookupAnswersExactly(lookup, promise);
  assertPasses(ok);
  assert.equal(
    ok.message,
    "The lab promises that `dig nginx-service.default.svc.cluster.local` in pod multitool-1 (default) asks for nginx-service.default.svc.cluster.local. and gets NOERROR with the ClusterIP of nginx-service (10.96.169.109), TTL 30; dig got NOERROR for nginx-service.default.svc.cluster.local. with nginx-service.default.svc.cluster.local. 30 A 10.96.169.109. Check the pod's /etc/resolv.conf, the CoreDNS pods (`kubectl -n kube-system get pods -l k8s-app=kube-dns`) and the Corefile's ttl.",
  );
  assert.deepEqual(
    ok.evidence.map((e) => [e.title, e.body]),
    [
      [
        'dig nginx-service.default.svc.cluster.local in pod multitool-1 (default)',
        `$ ${lookup.command}\n${output.trimEnd()}`,
      ],
    ],
  );

  // a dual-stack answer with a CNAME in front: addresses only, sorted, AAAA for IPv6
  const dual = `${HEADER};; QUESTION SECTION:\n;web.default.svc.cluster.local. IN A\n\n;; ANSWER SECTION:\nweb.default.svc.cluster.local. 30 IN CNAME nginx.default.svc.cluster.local.\nweb.default.svc.cluster.local. 30 IN AAAA fd00::5\nweb.default.svc.cluster.local. 30 IN A 10.96.0.7\nweb.default.svc.cluster.local. IN A 10.96.0.8\n`;
  const f = lookupAnswersExactly(
    { ...lookup, output: dual },
    {
      name: 'web.default.svc.cluster.local',
      addresses: ['fd00::5', '10.96.0.8', '10.96.0.7'],
      ttl: 30,
      what: 'its VIPs',
    },
  );
  assert.deepEqual(f.expected.answers, [
    'web.default.svc.cluster.local. 30 A 10.96.0.7',
    'web.default.svc.cluster.local. 30 A 10.96.0.8',
    'web.default.svc.cluster.local. 30 AAAA fd00::5',
  ]);
  assert.deepEqual(f.observed.answers, [
    'web.default.svc.cluster.local. 30 A 10.96.0.7',
    'web.default.svc.cluster.local. 30 AAAA fd00::5',
    'web.default.svc.cluster.local. ? A 10.96.0.8',
  ]);
  assertFails(
    f,
    'with web.default.svc.cluster.local. 30 A 10.96.0.7; web.default.svc.cluster.local. 30 AAAA fd00::5; web.default.svc.cluster.local. ? A 10.96.0.8.',
  );

  // two replies in one output are no single answer; a reply without a question has none to name
  const two = lookupAnswersExactly({ ...lookup, output: fixture('dig-two-queries.txt') }, promise);
  assert.deepEqual(two.observed, { status: '2 replies', question: null, answers: [] });
  assertFails(two, 'dig got 2 replies for no question with no address.');
  const headerOnly = lookupAnswersExactly({ ...lookup, output: HEADER }, { ...promise, addresses: [] });
  assert.deepEqual(headerOnly.observed, { status: 'NOERROR', question: null, answers: [] });
  // no address to expect is nothing to check: the expected answer says so rather than be empty
  assert.deepEqual(headerOnly.expected.answers, ['(the ClusterIP of nginx-service: none known)']);
  assertFails(
    headerOnly,
    'gets NOERROR with the ClusterIP of nginx-service (none known, so there is nothing to expect), TTL 30; dig got ' +
      'NOERROR for no question with no address.',
  );
  assert.deepEqual(lookupAnswersExactly({ ...lookup, output: '' }, promise).observed, {
    status: 'no reply',
    question: null,
    answers: [],
  });
});

test("a name that must not resolve: the lab's SERVFAIL passes without a note, NXDOMAIN with one; the status is evidence", () => {
  const lookup = {
    command: 'dig nginx-service',
    output: outputAfter(...LAB05, 'dig nginx-service'),
    where: 'pod multitool-1',
  };
  const servfail = lookupGetsNoAddress(lookup, 'nginx-service');
  assertPasses(servfail);
  assert.equal(
    servfail.message,
    "The lab promises that `dig nginx-service` in pod multitool-1 gets no address for nginx-service from the cluster DNS (SERVFAIL or NXDOMAIN); dig got SERVFAIL for nginx-service. with no address. Check the pod's search list in /etc/resolv.conf and what the cluster DNS forwards.",
  );
  assert.deepEqual(
    servfail.evidence.map((e) => e.title),
    ['dig nginx-service in pod multitool-1', 'status'],
  );
  assert.equal(servfail.evidence[1]!.body, 'SERVFAIL');
  const nx = lookupGetsNoAddress({ ...lookup, output: fixture('dig-nxdomain.txt') }, 'nope');
  assert.match(
    nx.message,
    /dig got NXDOMAIN \(the lab shows SERVFAIL, which comes from its upstream resolver; NXDOMAIN is the other way a name fails\) for /,
  );
  const none = lookupGetsNoAddress({ ...lookup, output: HEADER }, 'x');
  assertFails(none, 'dig got NOERROR for no question with no address.');
});
