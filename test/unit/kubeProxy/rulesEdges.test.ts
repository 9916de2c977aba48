/**
 * The kube-proxy rule checks on lab 04's recorded rules with the faults a node can really show: chains named but
 * not defined, rules without a target or a destination, an endpoint chain whose name and DNAT disagree, and
 * DNAT counters on either side of the spread check's interval.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  endpointChainShape,
  endpointChainsNamedByHash,
  endpointRuleProbabilities,
  kubeServicesJump,
  noAffinityRules,
  observedSpread,
  serviceChainMasqueradesOutsiders,
} from '../../../support/kubeproxy/checks.ts';
import type { NodeNat } from '../../../support/kubeproxy/facts.ts';
import { parseIptables } from '../../../support/kubeproxy/index.ts';
import { assertFails, assertPasses } from '../network/assertFinding.ts';
import { facts, NODE, recordedNat, SEP1, SEP2, SVC_CHAIN, type Recording } from './recordedRules.ts';

/** The old per-endpoint rate 1e-6 as a run's budget: one burst, two endpoints sharing 2e-6. */
const PER_ENDPOINT_1E6 = { runRate: 2e-6, bursts: 1 };
const STATS =
  'binomial, share 1/2, false-alarm rate 2e-6 per run shared by 2 endpoints x 1 burst(s): 1.000e-6 each; ' +
  'an endpoint getting 1.3/2 of them is caught with probability 0.2537';

const HINT = `check kube-proxy on ${NODE}: \`kubectl -n kube-system logs -l k8s-app=kube-proxy --field-selector spec.nodeName=${NODE}\`, and \`docker exec ${NODE} iptables-save -t nat\``;
const healthy = recordedNat();

function only(which: Recording, edit: (text: string) => string) {
  return recordedNat((name, text) => (name === which ? edit(text) : text));
}

/** The recorded rules with each endpoint chain's DNAT rule counting `sep1` and `sep2` new connections. */
function counted(sep1: number, sep2: number, extra = ''): NodeNat {
  const count = (text: string, n: number) =>
    text.replace(/^2 +0 +0 DNAT/m, `2 ${String(n).padStart(8)} ${String(n * 60).padStart(5)} DNAT`);
  return recordedNat((name, text) => {
    if (name === 'iptables-L-KUBE-SEP-1') return count(text, sep1);
    if (name === 'iptables-L-KUBE-SEP-2') return count(text, sep2);
    if (name === 'iptables-L-KUBE-SVC') return `${text}${extra}`;
    return text;
  });
}

test('rules without a destination or a target, and chains named but not defined, are passed over, not tripped on', () => {
  const nodeports =
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS';
  const counting = '-A KUBE-SERVICES -d 10.96.204.67/32 -p tcp -m tcp --dport 80';
  const crowded = only('iptables-S-KUBE-SERVICES', (t) => `${nodeports}\n${counting}\n${t.trimEnd()}   \n`);
  const jump = kubeServicesJump(crowded, facts, 'tcp', 80);
  assertPasses(jump);
  assert.match(jump.message, new RegExp(`on ${NODE} the rule is -A KUBE-SERVICES .* -j ${SVC_CHAIN}\\. Expected`));

  // the service chain named by the jump is not there: no first rule, no endpoint rules
  const noSvcChain = only('iptables-L-KUBE-SVC', () => '');
  assert.deepEqual(serviceChainMasqueradesOutsiders(noSvcChain, facts, '192.168.0.0/16').observed, {
    target: '(none)',
    source: '(any)',
  });
  assert.match(
    serviceChainMasqueradesOutsiders(noSvcChain, facts, '192.168.0.0/16').message,
    new RegExp(`rule 1 of ${SVC_CHAIN} is missing\\.`),
  );
  assert.deepEqual(endpointRuleProbabilities(noSvcChain, facts).observed, []);
  // an endpoint chain named by the service chain is not there: no DNAT, no affinity rules in it
  const noSep2 = only('iptables-L-KUBE-SEP-2', () => '');
  const unnamed = endpointChainsNamedByHash(noSep2, facts);
  assert.deepEqual(unnamed.observed, [`${SEP1} -> 192.168.156.5:80`, `${SEP2} -> (no DNAT)`]);
  assertFails(unnamed, `the chains are ${SEP1} -> 192.168.156.5:80, ${SEP2} -> (no DNAT).`);
  assertPasses(noAffinityRules(noSep2, facts));
  // a rule in the service chain without a target is not an endpoint rule
  const targetless = { ...healthy, table: { ...healthy.table, chains: new Map(healthy.table.chains) } };
  const svc = healthy.table.chains.get(SVC_CHAIN)!;
  targetless.table.chains.set(SVC_CHAIN, {
    ...svc,
    rules: [{ chain: SVC_CHAIN, position: 0, raw: 'counting rule', protocol: 'all' }, ...svc.rules],
  });
  assertPasses(endpointRuleProbabilities(targetless, facts));
});

test('a probability printed within the tolerance of 1/2 is shown as 1/2; an -S rule is quoted without trailing blanks', () => {
  const close = endpointRuleProbabilities(
    only('iptables-L-KUBE-SVC', (t) => t.replace('0.50000000000', '0.50000990000')),
    facts,
  );
  assertPasses(close);
  assert.deepEqual(close.observed, ['0.50000', 'none']);
  const sRules = `-A KUBE-SERVICES -d 10.96.204.67/32 -p tcp -m comment --comment "default/nginx-service:http cluster IP" -m tcp --dport 80 -j ${SVC_CHAIN}\n-A ${SVC_CHAIN} -s 192.168.0.0/16 -d 10.96.204.67/32 -p tcp -m tcp --dport 80 -j KUBE-MARK-MASQ   \n`;
  const nat: NodeNat = {
    node: NODE,
    text: sRules,
    table: parseIptables(sRules),
    command: ['iptables', '-t', 'nat', '-S'],
  };
  assertFails(
    serviceChainMasqueradesOutsiders(nat, facts, '192.168.0.0/16'),
    `rule 1 of ${SVC_CHAIN} is -A ${SVC_CHAIN} -s 192.168.0.0/16 -d 10.96.204.67/32 -p tcp -m tcp --dport 80 -j KUBE-MARK-MASQ. ${HINT}.`,
  );
});

test("an endpoint chain's shape: the recorded chains pass; no hairpin mark, no DNAT, or a DNAT elsewhere than its name fails", () => {
  const first = endpointChainShape(healthy, facts, 1, 80);
  assertPasses(first);
  assert.equal(
    first.message,
    `The lab shows endpoint chain 1 (${SEP1}) marking for masquerade hairpin traffic from its own pod and DNATing tcp to that pod on port 80 (192.168.156.5, the endpoint its name is the hash of); on ${NODE} it marks 192.168.156.5/32 and DNATs tcp to 192.168.156.5:80. ${HINT}.`,
  );
  assert.equal(first.evidence.length, 1);
  assertPasses(endpointChainShape(healthy, facts, 2, 80));
  // the DNAT listed before the mark: the mark is still found by its target
  const reordered = only('iptables-L-KUBE-SEP-1', (t) => t.replace(/^(1 .*)\n(2 .*)\n/m, '$2\n$1\n'));
  assert.equal(endpointChainShape(reordered, facts, 1, 80).observed!.hairpinMasqFrom, '192.168.156.5/32');

  const noMark = endpointChainShape(
    only('iptables-L-KUBE-SEP-1', (t) => t.replace(/^1 .*\n/m, '')),
    facts,
    1,
    80,
  );
  assert.deepEqual(noMark.observed, {
    hairpinMasqFrom: '(no hairpin mark)',
    dnatProtocol: 'tcp',
    dnatTo: '192.168.156.5:80',
  });
  assertFails(noMark, `on ${NODE} it marks (no hairpin mark) and DNATs tcp to 192.168.156.5:80. ${HINT}.`);
  const negated = endpointChainShape(
    only('iptables-L-KUBE-SEP-1', (t) => t.replace('*   192.168.156.5   0.0.0.0/0', '*   !192.168.156.5   0.0.0.0/0')),
    facts,
    1,
    80,
  );
  assert.equal(negated.observed!.hairpinMasqFrom, '!192.168.156.5/32');
  const noDnat = endpointChainShape(
    only('iptables-L-KUBE-SEP-1', (t) => t.replace(/^2 .*\n/m, '')),
    facts,
    1,
    80,
  );
  assert.deepEqual(noDnat.observed, {
    hairpinMasqFrom: '192.168.156.5/32',
    dnatProtocol: '(no DNAT)',
    dnatTo: '(no DNAT)',
  });
  // the chain kube-proxy named for 192.168.156.5:80 now sends and marks 192.168.156.9: its name says what it should do
  const moved = endpointChainShape(
    only('iptables-L-KUBE-SEP-1', (t) => t.replaceAll('192.168.156.5', '192.168.156.9')),
    facts,
    1,
    80,
  );
  assert.deepEqual(moved.expected, {
    hairpinMasqFrom: '192.168.156.5/32',
    dnatProtocol: 'tcp',
    dnatTo: '192.168.156.5:80',
  });
  assertFails(moved, 'it marks 192.168.156.9/32 and DNATs tcp to 192.168.156.9:80.');

  const third = endpointChainShape(healthy, facts, 3, 80);
  assert.equal(third.observed, null);
  assert.equal(
    third.message,
    `The lab shows at least 3 endpoint chain(s) behind nginx-service; ${NODE} has 2. Check \`kubectl get endpointslice -l kubernetes.io/service-name=nginx-service\` and ${HINT}.`,
  );
  assert.equal(third.evidence.length, 1);
});

test("the spread: counts at the interval's ends pass, one past either end fails, a stray chain is flagged whatever it counts", () => {
  const before = counted(0, 0);
  // Binomial(200, 1/2) at a false-alarm rate of 1e-6 per endpoint (2e-6 for the run's one burst over two
  // endpoints) accepts 66 to 134 of the 200: P(X <= 65) = 4.16e-7 <= 5e-7 < P(X <= 66) = 8.69e-7, computed apart
  // from the code; a 65/35 split, Binomial(200, 0.65), falls outside [66, 134] with probability 0.2537
  const edges = observedSpread(before, counted(66, 134), facts, 200, PER_ENDPOINT_1E6);
  assertPasses(edges);
  assert.equal(
    edges.message,
    `The lab promises load balancing over the 2 endpoints: of 200 new connections each should get between 66 and 134 (${STATS}); the DNAT counters on ${NODE} counted 192.168.156.5:80: 66, 192.168.202.196:80: 134 (total 200). ${HINT}.`,
  );
  assert.deepEqual(
    edges.evidence.map((e) => e.title),
    [
      `DNAT counters on ${NODE}`,
      `NAT rules with counters on ${NODE}, before`,
      `NAT rules with counters on ${NODE}, after`,
    ],
  );
  assert.equal(
    edges.evidence[0]!.body,
    [
      `bounds: [66, 134] of 200 (${STATS})`,
      // twice the chance of one count outside: 2 x 8.33e-7
      'a healthy run is flagged with probability at most 1.666e-6',
      '192.168.156.5:80: +66',
      '192.168.202.196:80: +134',
    ].join('\n'),
  );
  assert.match(edges.evidence[2]!.body, /2 +66 +3960 DNAT/);
  const past = observedSpread(before, counted(65, 135), facts, 200, PER_ENDPOINT_1E6);
  assert.deepEqual(past.observed, {
    connections: 200,
    counted: 200,
    outside: ['192.168.156.5:80=65', '192.168.202.196:80=135'],
  });

  // a third chain kube-proxy should not have: flagged even inside the interval, and one without DNAT named by its chain
  const stray =
    '4        0     0 KUBE-SEP-STRAYSTRAYSTRAY1  all  --  *    *   0.0.0.0/0     0.0.0.0/0 /* default/nginx-service:http -> 192.168.145.11:80 */\n';
  const strayChain =
    'Chain KUBE-SEP-STRAYSTRAYSTRAY1 (1 references)\nnum   pkts bytes target     prot opt in out source destination\n2      100  6000 DNAT       tcp  --  *   *   0.0.0.0/0  0.0.0.0/0 /* default/nginx-service:http */ tcp to:192.168.145.11:80\n';
  const withStray = (n1: number, n2: number) =>
    recordedNat((name, text) => {
      const c = (t: string, n: number) =>
        t.replace(/^2 +0 +0 DNAT/m, `2 ${String(n).padStart(8)} ${String(n * 60).padStart(5)} DNAT`);
      if (name === 'iptables-L-KUBE-SEP-1') return c(text, n1);
      if (name === 'iptables-L-KUBE-SEP-2') return `${c(text, n2)}${strayChain}`;
      if (name === 'iptables-L-KUBE-SVC') return `${text}${stray}`;
      return text;
    });
  const beforeStray = recordedNat((name, text) =>
    name === 'iptables-L-KUBE-SEP-2'
      ? `${text}${strayChain.replace('100  6000', '0     0')}`
      : name === 'iptables-L-KUBE-SVC'
        ? `${text}${stray}`
        : text,
  );
  const flagged = observedSpread(beforeStray, withStray(50, 50), facts, 200, PER_ENDPOINT_1E6);
  assert.deepEqual(flagged.observed, {
    connections: 200,
    counted: 200,
    outside: ['192.168.156.5:80=50', '192.168.202.196:80=50', '192.168.145.11:80 (not an endpoint)=100'],
  });
  assert.match(flagged.evidence[0]!.body, /\n192\.168\.145\.11:80 \(not an endpoint\): \+100$/);
  const lost = observedSpread(
    before,
    only('iptables-L-KUBE-SVC', (t) => t.replace(/^3 .*\n/m, '')),
    facts,
    200,
    PER_ENDPOINT_1E6,
  );
  assert.deepEqual(lost.observed, {
    connections: 200,
    counted: 0,
    outside: ['192.168.156.5:80=0', '192.168.202.196:80=0'],
  });
  const none = observedSpread(
    before,
    only('iptables-S-KUBE-SERVICES', () => ''),
    facts,
    200,
    PER_ENDPOINT_1E6,
  );
  assert.match(none.message, /counted 192\.168\.156\.5:80: 0, 192\.168\.202\.196:80: 0 \(total 0\)/);
  const noEndpoints = observedSpread(
    before,
    only('iptables-S-KUBE-SERVICES', () => ''),
    { ...facts, endpoints: ['192.168.156.5:80'] },
    10,
    { runRate: 0.5, bursts: 1 },
  );
  assert.match(noEndpoints.message, /counted 192\.168\.156\.5:80: 0 \(total 0\)/);
});
