/**
 * The kube-proxy rule checks on lab 04's recorded rules for nginx-service, and on the faults a node's rules can
 * carry: another VIP rule first, a lost or extra chain, a wrong probability, affinity rules, IPv6 rules.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dnatTargetsEqualEndpoints,
  endpointChainsNamedByHash,
  endpointRuleProbabilities,
  expectedServiceChain,
  firstEndpointProbability,
  ipv6RulesOnNodes,
  kubeServicesJump,
  natEvidence,
  noAffinityRules,
  noIpv6Rules,
  portNameOf,
  serviceChainMasqueradesOutsiders,
  serviceChainNamedByHash,
  serviceJump,
  tracedShares,
} from '../../../support/kubeproxy/checks.ts';
import { assertFails, assertPasses } from '../network/assertFinding.ts';
import {
  facts,
  NODE,
  recordedNat,
  recording,
  RECORDINGS,
  SEP1,
  SEP2,
  SVC_CHAIN,
  type Recording,
} from './recordedRules.ts';

const healthy = recordedNat();
const HINT = `check kube-proxy on ${NODE}: \`kubectl -n kube-system logs -l k8s-app=kube-proxy --field-selector spec.nodeName=${NODE}\`, and \`docker exec ${NODE} iptables-save -t nat\``;
const EVIDENCE_HEAD = `$ docker exec ${NODE} iptables -t nat -L -n -v  # lines for default/nginx-service`;

/** Edits one recording only. */
function only(which: Recording, edit: (text: string) => string) {
  return recordedNat((name, text) => (name === which ? edit(text) : text));
}

/** An -L rule line of the service chain, as iptables prints one. */
function svcLine(num: number, target: string, tail: string): string {
  return `${num}        0     0 ${target}  all  --  *    *   0.0.0.0/0     0.0.0.0/0 /* ${tail} */`;
}

test('the evidence holds every recorded line about nginx-service and its chains, and nothing else', () => {
  const lines = RECORDINGS.flatMap((r) => recording(r).split('\n')).filter((l) => l.trim() && !l.startsWith('num '));
  const evidence = natEvidence(healthy, facts);
  assert.equal(evidence.title, `NAT rules for nginx-service on ${NODE}`);
  assert.equal(evidence.body, [EVIDENCE_HEAD, ...lines].join('\n'));
  // without a jump for the VIP only the lines naming the Service remain
  const noJump = only('iptables-S-KUBE-SERVICES', () => '');
  const named = RECORDINGS.slice(1)
    .flatMap((r) => recording(r).split('\n'))
    .filter((l) => l.includes('default/nginx-service'));
  assert.equal(natEvidence(noJump, facts, 'title').body, [EVIDENCE_HEAD, ...named].join('\n'));
  assert.equal(portNameOf(facts), 'default/nginx-service:http');
  assert.equal(expectedServiceChain(facts), SVC_CHAIN);
});

test('the KUBE-SERVICES jump: the recorded rule passes; negated, other-port, other-protocol and non-chain rules are not it', () => {
  const f = kubeServicesJump(healthy, facts, 'tcp', 80);
  assertPasses(f);
  assert.equal(
    f.message,
    `The lab shows KUBE-SERVICES on every node jumping to nginx-service's chain for 10.96.204.67/32 tcp dport 80; on ${NODE} the rule is ${recording('iptables-S-KUBE-SERVICES').trim()}. Expected chain ${SVC_CHAIN} (kube-proxy's hash of "default/nginx-service:http" + tcp); ${HINT}.`,
  );
  assert.deepEqual(
    f.evidence.map((e) => e.title),
    [`NAT rules for nginx-service on ${NODE}`],
  );

  const decoys = [
    '-A KUBE-SERVICES ! -d 10.96.204.67/32 -p tcp -m comment --comment "decoy" -m tcp --dport 80 -j KUBE-SVC-AAAAAAAAAAAAAAAA',
    '-A KUBE-SERVICES -d 10.96.204.67/32 -p tcp -m comment --comment "decoy" -m tcp --dport 8080 -j KUBE-SVC-BBBBBBBBBBBBBBBB',
    '-A KUBE-SERVICES -d 10.96.204.67/32 -p udp -m comment --comment "decoy" -m udp --dport 80 -j KUBE-SVC-CCCCCCCCCCCCCCCC',
    '-A KUBE-SERVICES -d 10.96.204.67/32 -p tcp -m comment --comment "decoy" -m tcp --dport 80 -j KUBE-MARK-MASQ',
    '-A KUBE-SERVICES -d 10.96.204.68/32 -p tcp -m comment --comment "decoy" -m tcp --dport 80 -j KUBE-SVC-DDDDDDDDDDDDDDDD',
  ];
  const crowded = only('iptables-S-KUBE-SERVICES', (t) => `${decoys.join('\n')}\n${t}`);
  assert.equal(serviceJump(crowded.table, facts)?.target, SVC_CHAIN);
  assertPasses(kubeServicesJump(crowded, facts, 'tcp', 80));
  // a rule whose reader left the protocol open matches either protocol
  const rule = serviceJump(healthy.table, facts)!;
  const open = { ...healthy, table: { ...healthy.table, chains: new Map(healthy.table.chains) } };
  open.table.chains.set('KUBE-SERVICES', { name: 'KUBE-SERVICES', rules: [{ ...rule, protocol: undefined }] });
  assert.deepEqual(kubeServicesJump(open, facts, 'tcp', 80).observed, {
    destination: '10.96.204.67/32',
    protocol: 'all',
    dport: 80,
    target: SVC_CHAIN,
  });
  assert.equal(serviceJump(open.table, { ...facts, protocol: 'udp' })?.target, SVC_CHAIN);
  assert.equal(serviceJump(crowded.table, { ...facts, protocol: 'udp' })?.target, 'KUBE-SVC-CCCCCCCCCCCCCCCC');

  const missing = kubeServicesJump(
    only('iptables-S-KUBE-SERVICES', () => ''),
    facts,
    'tcp',
    80,
  );
  assert.equal(missing.observed, null);
  assert.deepEqual(missing.expected, { destination: '10.96.204.67/32', protocol: 'tcp', dport: 80, target: SVC_CHAIN });
  assert.equal(
    missing.message,
    `The lab shows KUBE-SERVICES on every node jumping to nginx-service's chain for 10.96.204.67/32 tcp dport 80; on ${NODE} there is no such rule. ${HINT}.`,
  );
});

test("the service chain's name: the recorded hash passes; a chain of another name, or none, fails", () => {
  assertPasses(serviceChainNamedByHash(healthy, facts));
  const renamed = serviceChainNamedByHash(
    only('iptables-S-KUBE-SERVICES', (t) => t.replace(SVC_CHAIN, 'KUBE-SVC-AAAAAAAAAAAAAAAA')),
    facts,
  );
  assert.deepEqual([renamed.expected, renamed.observed], [SVC_CHAIN, 'KUBE-SVC-AAAAAAAAAAAAAAAA']);
  assert.equal(
    renamed.message,
    `kube-proxy names a Service's chain KUBE-SVC- + base32(sha256("default/nginx-service:http" + "tcp"))[:16] = ${SVC_CHAIN}; on ${NODE} the VIP jumps to KUBE-SVC-AAAAAAAAAAAAAAAA. ${HINT}.`,
  );
  assert.equal(renamed.evidence.length, 1);
  assert.equal(
    serviceChainNamedByHash(
      only('iptables-S-KUBE-SERVICES', () => ''),
      facts,
    ).observed,
    '(no jump for the VIP)',
  );
});

test('the service chain masquerades outsiders first: recorded passes; no mark, a mark for insiders, or no chain fails', () => {
  const f = serviceChainMasqueradesOutsiders(healthy, facts, '192.168.0.0/16');
  assertPasses(f);
  assert.equal(f.evidence.length, 1);
  const noMark = serviceChainMasqueradesOutsiders(
    only('iptables-L-KUBE-SVC', (t) => t.replace(/^1 .*\n/m, '')),
    facts,
    '192.168.0.0/16',
  );
  assert.deepEqual(noMark.observed, { target: SEP1, source: '(any)' });
  const insiders = serviceChainMasqueradesOutsiders(
    only('iptables-L-KUBE-SVC', (t) => t.replace('!192.168.0.0/16', '192.168.0.0/16 ')),
    facts,
    '192.168.0.0/16',
  );
  assert.deepEqual(insiders.observed, { target: 'KUBE-MARK-MASQ', source: '192.168.0.0/16' });
  assertFails(
    insiders,
    `The lab shows the first rule of nginx-service's service chain marking for masquerade traffic not from 192.168.0.0/16; on ${NODE} rule 1 of ${SVC_CHAIN} is 1        0     0 KUBE-MARK-MASQ`,
  );
  const none = serviceChainMasqueradesOutsiders(
    only('iptables-S-KUBE-SERVICES', () => ''),
    facts,
    '192.168.0.0/16',
  );
  assert.deepEqual(none.observed, { target: '(none)', source: '(any)' });
  assertFails(none, `rule 1 of (no chain) is missing. ${HINT}.`);
});

test('endpoint rule probabilities: recorded 0.5 then none passes; another split, an extra rule or none fails', () => {
  const f = endpointRuleProbabilities(healthy, facts);
  assertPasses(f);
  assert.deepEqual(f.expected, ['0.50000', 'none']);
  assert.equal(
    f.message,
    `The lab shows one rule per endpoint in nginx-service's service chain, rule i of n taking probability 1/(n-i) and the last none (0.5 then none for two endpoints). With 2 endpoint(s) in the EndpointSlices, ${NODE} has 2 rule(s) with probabilities 0.50000, none. ${HINT}.`,
  );
  assert.equal(f.evidence.length, 1);

  // three endpoints: iptables prints 1/3 as 0.33333333349; shown as expected when it matches
  const third = svcLine(4, 'KUBE-SEP-AAAAAAAAAAAAAAAA', 'default/nginx-service:http -> 192.168.145.11:80');
  const three = only(
    'iptables-L-KUBE-SVC',
    (t) =>
      `${t.replace('0.50000000000', '0.33333333349').replace(/(192\.168\.202\.196:80 \*\/)\n/, '$1 statistic mode random probability 0.50000000000\n')}${third}\n`,
  );
  const facts3 = { ...facts, endpoints: [...facts.endpoints, '192.168.145.11:80'] };
  const p3 = endpointRuleProbabilities(three, facts3);
  assertPasses(p3);
  assert.deepEqual(p3.observed, ['0.33333', '0.50000', 'none']);
  // the same rules against two endpoints: the third rule is one too many and shows its own value
  const extra = endpointRuleProbabilities(three, facts);
  assert.deepEqual(extra.observed, ['0.33333', '0.50000', 'none']);
  assertFails(
    extra,
    'With 2 endpoint(s) in the EndpointSlices',
    'has 3 rule(s) with probabilities 0.33333, 0.50000, none.',
  );
  const skewed = endpointRuleProbabilities(
    only('iptables-L-KUBE-SVC', (t) => t.replace('0.50000000000', '0.25000000000')),
    facts,
  );
  assert.deepEqual(skewed.observed, ['0.25000', 'none']);
  // a probability on the last rule is a failure too
  const lastWithOne = endpointRuleProbabilities(
    only('iptables-L-KUBE-SVC', (t) =>
      t.replace(/(192\.168\.202\.196:80 \*\/)\n/, '$1 statistic mode random probability 0.50000000000\n'),
    ),
    facts,
  );
  assert.deepEqual(lastWithOne.observed, ['0.50000', '0.50000']);
  const none = endpointRuleProbabilities(
    only('iptables-S-KUBE-SERVICES', () => ''),
    facts,
  );
  assert.deepEqual(none.observed, []);
  assertFails(none, 'has 0 rule(s) with probabilities none.');
});

test('rules with -m recent are affinity rules, not endpoint rules: they neither count nor pass noAffinityRules', () => {
  const recent = `recent: CHECK seconds: 10800 reap name: ${SEP1} side: source mask: 255.255.255.255`;
  const sticky = only('iptables-L-KUBE-SVC', (t) =>
    t.replace(/^2 /m, `${svcLine(2, SEP1, 'default/nginx-service:http -> 192.168.156.5:80')} ${recent}\n2 `),
  );
  assertPasses(endpointRuleProbabilities(sticky, facts));
  const f = noAffinityRules(sticky, facts);
  assert.equal(f.observed.length, 1);
  assert.match(f.observed[0]!, /recent: CHECK seconds: 10800/);
  assertFails(
    f,
    `With sessionAffinity None, kube-proxy writes no "-m recent" rules for nginx-service; on ${NODE} found: 2        0     0 ${SEP1}`,
  );
  // affinity rules in the endpoint chains count too
  const sepSticky = only(
    'iptables-L-KUBE-SEP-2',
    (t) =>
      `${t}3        0     0 KUBE-MARK-MASQ  all  --  *   *   0.0.0.0/0  0.0.0.0/0 /* default/nginx-service:http */ recent: SET name: ${SEP2} side: source mask: 255.255.255.255\n`,
  );
  assert.equal(noAffinityRules(sepSticky, facts).observed.length, 1);
  const healthyAffinity = noAffinityRules(healthy, facts);
  assertPasses(healthyAffinity);
  assert.match(
    healthyAffinity.message,
    /found: none\. Check `kubectl get svc nginx-service -o jsonpath='\{\.spec\.sessionAffinity\}'` and check kube-proxy/,
  );
  assert.equal(healthyAffinity.evidence.length, 1);
  const two = only('iptables-L-KUBE-SVC', (t) =>
    t.replace(/^2 /m, `${svcLine(2, SEP1, 'a')} ${recent}\n${svcLine(2, SEP2, 'b')} ${recent}\n2 `),
  );
  assert.match(noAffinityRules(two, facts).message, /255\.255\.255\.255 \| 2 /);
});

test("the first endpoint's probability: recorded 0.5 of 2 passes; another count or probability fails", () => {
  const f = firstEndpointProbability(healthy, facts, 2, 0.5);
  assertPasses(f);
  assert.deepEqual(f.expected, { endpoints: 2, first: '0.50000' });
  assert.equal(f.evidence.length, 1);
  const three = firstEndpointProbability(healthy, facts, 3, 0.3333333);
  assert.deepEqual(three.observed, { endpoints: 2, first: '0.50000' });
  assert.equal(
    three.message,
    `The lab shows 3 endpoint rules in nginx-service's chain, the first with probability 0.3333333; ${NODE} has 2, the first with 0.50000. Check \`kubectl get endpointslice -l kubernetes.io/service-name=nginx-service\` (3 endpoints expected) and ${HINT}.`,
  );
  assert.deepEqual(
    firstEndpointProbability(
      only('iptables-S-KUBE-SERVICES', () => ''),
      facts,
      2,
      0.5,
    ).observed,
    { endpoints: 0, first: 'none' },
  );
});

test('endpoint chains named by hash: recorded passes; a chain renamed or without DNAT fails', () => {
  const f = endpointChainsNamedByHash(healthy, facts);
  assertPasses(f);
  // expected from the EndpointSlices' endpoints and the hash, each chain DNATing to the endpoint it is named for
  const chains = [`${SEP1} -> 192.168.156.5:80`, `${SEP2} -> 192.168.202.196:80`];
  assert.deepEqual(f.expected, chains);
  assert.equal(
    f.message,
    `kube-proxy names each endpoint chain KUBE-SEP- + base32(sha256("default/nginx-service:http" + "tcp" + "ip:port"))[:16] and DNATs it to that endpoint; for the EndpointSlices' endpoints that gives ${chains.join(', ')}; on ${NODE} the chains are ${chains.join(', ')}. ${HINT}.`,
  );
  assert.equal(f.evidence.length, 1);
  const noDnat = endpointChainsNamedByHash(
    only('iptables-L-KUBE-SEP-2', (t) => t.replace(/^2 .*\n/m, '')),
    facts,
  );
  assert.deepEqual(noDnat.observed, [chains[0], `${SEP2} -> (no DNAT)`]);
  assertFails(noDnat, `on ${NODE} the chains are ${chains[0]}, ${SEP2} -> (no DNAT).`);
  // a chain renamed: same DNAT, but its name is not kube-proxy's hash of that endpoint
  const renamed = recordedNat((name, t) =>
    name === 'iptables-L-KUBE-SVC' || name === 'iptables-L-KUBE-SEP-1'
      ? t.replace(SEP1, 'KUBE-SEP-AAAAAAAAAAAAAAAA')
      : t,
  );
  assert.deepEqual(endpointChainsNamedByHash(renamed, facts).observed, [
    'KUBE-SEP-AAAAAAAAAAAAAAAA -> 192.168.156.5:80',
    chains[1],
  ]);
  assertFails(
    endpointChainsNamedByHash(renamed, facts),
    'the chains are KUBE-SEP-AAAAAAAAAAAAAAAA -> 192.168.156.5:80',
  );
  // a chain DNATing to another pod than the one its name is the hash of
  const elsewhere = endpointChainsNamedByHash(
    only('iptables-L-KUBE-SEP-2', (t) => t.replace('to:192.168.202.196:80', 'to:192.168.202.200:80')),
    facts,
  );
  assertFails(elsewhere, `the chains are ${chains[0]}, ${SEP2} -> 192.168.202.200:80.`);
  // no jump for the VIP: no endpoint chain is found, where the slices promise two
  const none = endpointChainsNamedByHash(
    only('iptables-S-KUBE-SERVICES', () => ''),
    facts,
  );
  assert.deepEqual([none.expected, none.observed], [chains, []]);
  assertFails(none, `that gives ${chains.join(', ')}; on ${NODE} the chains are none.`);
});

test('DNAT targets equal the endpoints: recorded passes; a stale target or a chain without DNAT fails', () => {
  const f = dnatTargetsEqualEndpoints(healthy, facts);
  assertPasses(f);
  assert.equal(f.evidence.length, 1);
  // listed in the service chain's order but compared sorted, as the EndpointSlices' addresses are
  const swapped = only('iptables-L-KUBE-SVC', (t) => t.replace(SEP1, 'TMP').replace(SEP2, SEP1).replace('TMP', SEP2));
  assert.deepEqual(dnatTargetsEqualEndpoints(swapped, facts).observed, facts.endpoints);
  const stale = dnatTargetsEqualEndpoints(
    only('iptables-L-KUBE-SEP-2', (t) => t.replace('to:192.168.202.196:80', 'to:192.168.202.200:80')),
    facts,
  );
  assert.deepEqual(stale.observed, ['192.168.156.5:80', '192.168.202.200:80']);
  assertFails(
    stale,
    `The lab's flow ends in DNAT to the pods the EndpointSlices list (192.168.156.5:80, 192.168.202.196:80); on ${NODE} the endpoint chains DNAT to 192.168.156.5:80, 192.168.202.200:80. If they differ, kube-proxy has not caught up: ${HINT}.`,
  );
  const noDnat = dnatTargetsEqualEndpoints(
    only('iptables-L-KUBE-SEP-1', (t) => t.replace(/^2 .*\n/m, '')),
    facts,
  );
  assert.deepEqual(noDnat.observed, [`(no DNAT in ${SEP1})`, '192.168.202.196:80']);
  assert.match(
    dnatTargetsEqualEndpoints(
      only('iptables-S-KUBE-SERVICES', () => ''),
      { ...facts, endpoints: [] },
    ).message,
    /list \(none\); on .* DNAT to nothing\./,
  );
});

test('traced shares: recorded rules give each endpoint half; a skew, a lost rule or two chains to one pod fail', () => {
  const f = tracedShares(healthy, facts);
  assertPasses(f);
  assert.deepEqual(f.expected, { '192.168.156.5:80': 0.5, '192.168.202.196:80': 0.5 });
  assert.equal(
    f.message,
    `Following a new tcp connection to 10.96.204.67:80 through KUBE-SERVICES on ${NODE} should reach each of the 2 endpoints with share 1/2; the rules give 192.168.156.5:80=0.5, 192.168.202.196:80=0.5. ${HINT}.`,
  );
  assert.equal(f.evidence.length, 1);
  // three endpoints: shares are compared at four decimals
  const facts3 = { ...facts, endpoints: ['192.168.156.5:80', '192.168.202.196:80', '192.168.145.11:80'] };
  assert.deepEqual(tracedShares(healthy, facts3).expected, {
    '192.168.156.5:80': 0.3333,
    '192.168.202.196:80': 0.3333,
    '192.168.145.11:80': 0.3333,
  });
  // both chains DNAT to one pod: its shares add up
  const onePod = tracedShares(
    only('iptables-L-KUBE-SEP-2', (t) => t.replaceAll('192.168.202.196', '192.168.156.5')),
    facts,
  );
  assert.deepEqual(onePod.observed, { '192.168.156.5:80': 1 });
  assertFails(
    tracedShares(
      only('iptables-S-KUBE-SERVICES', () => ''),
      facts,
    ),
    'the rules give no endpoint.',
  );
  // a client inside the pod network is traced too
  assert.deepEqual(tracedShares(healthy, facts, '192.168.145.9').observed, {
    '192.168.156.5:80': 0.5,
    '192.168.202.196:80': 0.5,
  });
});

test('IPv6 rules: none on every node passes; a rule naming the Service on one node fails, naming the node', () => {
  const command = ['docker', 'exec', NODE, 'ip6tables-save', '-t', 'nat'];
  const empty = '*nat\n:KUBE-SERVICES - [0:0]\nCOMMIT\n';
  const healthyOne = noIpv6Rules(NODE, empty, command, facts);
  assertPasses(healthyOne);
  assert.deepEqual(
    healthyOne.evidence.map((e) => [e.title, e.body]),
    [[`IPv6 NAT rules for nginx-service on ${NODE}`, `$ ${command.join(' ')}`]],
  );
  const rule =
    '-A KUBE-SERVICES -d fd00:10:96::4c2b/128 -p tcp -m comment --comment "default/nginx-service:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-AAAAAAAAAAAAAAAA';
  const v6 = noIpv6Rules(NODE, `${empty}${rule}\n`, command, facts);
  assert.deepEqual(v6.observed, [rule]);
  assert.equal(
    v6.message,
    `A single-stack IPv4 cluster has no IPv6 rules for nginx-service; ${command.join(' ')} on ${NODE} shows: ${rule}. Check the Service's ipFamilies and kube-proxy's mode on ${NODE}.`,
  );
  assert.equal(v6.evidence[0]!.body, `$ ${command.join(' ')}\n${rule}`);
  assert.match(noIpv6Rules(NODE, `${rule}\n${rule}\n`, command, facts).message, /shows: -A .* \| -A /);
  assert.match(healthyOne.message, /shows: none\./);

  const dump = (node: string, text: string) => ({
    node,
    text,
    result: {
      command: ['docker', 'exec', node, 'ip6tables-save', '-t', 'nat'],
      stdout: text,
      stderr: '',
      exitCode: 0,
      timedOut: false,
    },
  });
  const all = ipv6RulesOnNodes([dump('k8-services-control-plane', empty), dump(NODE, empty)], facts);
  assertPasses(all);
  assert.deepEqual(all.expected, { 'k8-services-control-plane': [], [NODE]: [] });
  assert.equal(all.message, 'no IPv6 rules for nginx-service');
  assert.equal(all.evidence.length, 2);
  const one = ipv6RulesOnNodes(
    [
      dump('k8-services-control-plane', empty),
      dump(NODE, `${empty}${rule}\n`),
      dump('k8-services-worker2', `${rule}\n`),
    ],
    facts,
  );
  assert.deepEqual(one.observed, { 'k8-services-control-plane': [], [NODE]: [rule], 'k8-services-worker2': [rule] });
  assertFails(
    one,
    `on ${NODE} shows: ${rule}. Check the Service's ipFamilies and kube-proxy's mode on ${NODE}. A single-stack IPv4 cluster has no IPv6 rules for nginx-service; docker exec k8-services-worker2`,
  );
  assert.deepEqual(
    one.evidence.map((e) => e.title),
    ['k8-services-control-plane', NODE, 'k8-services-worker2'].map((n) => `IPv6 NAT rules for nginx-service on ${n}`),
  );
});
