import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseIptables } from '../../../support/kubeproxy/index.ts';
import {
  dnatTargetsEqualEndpoints,
  endpointChainShape,
  endpointChainsNamedByHash,
  endpointRuleProbabilities,
  firstEndpointProbability,
  kubeServicesJump,
  noAffinityRules,
  observedSpread,
  serviceChainMasqueradesOutsiders,
  serviceChainNamedByHash,
  tracedShares,
} from '../../../support/kubeproxy/checks.ts';
import type { NodeNat } from '../../../support/kubeproxy/facts.ts';
import type { ServicePortFacts } from '../../../support/services/portFacts.ts';
import { LAB04_NGINX_PORT } from './labServicePort.ts';

// The lab's recorded rules (iptables -S / -L output in the lab text) written as iptables-save -c would print them.
// Chain names are the ones the lab recorded, so the hash checks are compared with kube-proxy's real output.
function labDump(c: { sep1: number; sep2: number }, edit: (text: string) => string = (t) => t): string {
  return edit(`*nat
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-SVC-6IM33IEVEEV7U3GP - [0:0]
:KUBE-SEP-M6MI3YLHVX7DA53R - [0:0]
:KUBE-SEP-MJ46KNWYZBDUIDMY - [0:0]
[0:0] -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
[0:0] -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
[0:0] -A KUBE-SERVICES -d 10.96.204.67/32 -p tcp -m comment --comment "default/nginx-service:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-6IM33IEVEEV7U3GP
[0:0] -A KUBE-SVC-6IM33IEVEEV7U3GP ! -s 192.168.0.0/16 -d 10.96.204.67/32 -p tcp -m comment --comment "default/nginx-service:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
[0:0] -A KUBE-SVC-6IM33IEVEEV7U3GP -m comment --comment "default/nginx-service:http -> 192.168.156.5:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-M6MI3YLHVX7DA53R
[0:0] -A KUBE-SVC-6IM33IEVEEV7U3GP -m comment --comment "default/nginx-service:http -> 192.168.202.196:80" -j KUBE-SEP-MJ46KNWYZBDUIDMY
[0:0] -A KUBE-SEP-M6MI3YLHVX7DA53R -s 192.168.156.5/32 -m comment --comment "default/nginx-service:http" -j KUBE-MARK-MASQ
[${c.sep1}:${c.sep1 * 60}] -A KUBE-SEP-M6MI3YLHVX7DA53R -p tcp -m comment --comment "default/nginx-service:http" -m tcp -j DNAT --to-destination 192.168.156.5:80
[0:0] -A KUBE-SEP-MJ46KNWYZBDUIDMY -s 192.168.202.196/32 -m comment --comment "default/nginx-service:http" -j KUBE-MARK-MASQ
[${c.sep2}:${c.sep2 * 60}] -A KUBE-SEP-MJ46KNWYZBDUIDMY -p tcp -m comment --comment "default/nginx-service:http" -m tcp -j DNAT --to-destination 192.168.202.196:80
COMMIT
`);
}

function nat(text: string): NodeNat {
  return {
    node: 'k8-services-worker',
    text,
    table: parseIptables(text),
    command: ['docker', 'exec', 'k8-services-worker', 'iptables-save', '-c', '-t', 'nat'],
  };
}

const facts = LAB04_NGINX_PORT;

const healthy = nat(labDump({ sep1: 0, sep2: 0 }));

function holds<T>(f: { expected: T; observed: T }): boolean {
  return JSON.stringify(f.observed) === JSON.stringify(f.expected);
}

test("the lab's recorded rules pass every exercise-4 check", () => {
  assert.deepEqual(kubeServicesJump(healthy, facts, 'tcp', 80).observed, {
    destination: '10.96.204.67/32',
    protocol: 'tcp',
    dport: 80,
    target: 'KUBE-SVC-6IM33IEVEEV7U3GP',
  });
  assert.equal(serviceChainNamedByHash(healthy, facts).expected, 'KUBE-SVC-6IM33IEVEEV7U3GP');
  assert.ok(holds(serviceChainNamedByHash(healthy, facts)));
  assert.deepEqual(serviceChainMasqueradesOutsiders(healthy, facts, '192.168.0.0/16').observed, {
    target: 'KUBE-MARK-MASQ',
    source: '!192.168.0.0/16',
  });
  assert.deepEqual(endpointRuleProbabilities(healthy, facts).observed, ['0.50000', 'none']);
  assert.ok(holds(firstEndpointProbability(healthy, facts, 2, 0.5)));
  assert.deepEqual(endpointChainsNamedByHash(healthy, facts).expected, [
    'KUBE-SEP-M6MI3YLHVX7DA53R -> 192.168.156.5:80',
    'KUBE-SEP-MJ46KNWYZBDUIDMY -> 192.168.202.196:80',
  ]);
  assert.ok(holds(endpointChainsNamedByHash(healthy, facts)));
  assert.deepEqual(endpointChainShape(healthy, facts, 1, 80).observed, {
    hairpinMasqFrom: '192.168.156.5/32',
    dnatProtocol: 'tcp',
    dnatTo: '192.168.156.5:80',
  });
  assert.ok(holds(endpointChainShape(healthy, facts, 2, 80)));
  assert.ok(holds(dnatTargetsEqualEndpoints(healthy, facts)));
  assert.deepEqual(tracedShares(healthy, facts).observed, { '192.168.156.5:80': 0.5, '192.168.202.196:80': 0.5 });
  assert.ok(holds(noAffinityRules(healthy, facts)));
});

test('a wrong probability, a stale endpoint and a missing chain are each caught, with the node named', () => {
  const skewed = nat(labDump({ sep1: 0, sep2: 0 }, (t) => t.replace('0.50000000000', '0.25000000000')));
  const p = endpointRuleProbabilities(skewed, facts);
  assert.deepEqual(p.observed, ['0.25000', 'none']);
  assert.ok(!holds(p));
  assert.match(p.message, /k8-services-worker/);
  assert.deepEqual(tracedShares(skewed, facts).observed, { '192.168.156.5:80': 0.25, '192.168.202.196:80': 0.75 });

  const stale = nat(labDump({ sep1: 0, sep2: 0 }, (t) => t.replaceAll('192.168.202.196', '192.168.202.200')));
  assert.ok(!holds(dnatTargetsEqualEndpoints(stale, facts)));
  assert.ok(!holds(endpointChainsNamedByHash(stale, facts)), 'the chain name no longer matches its endpoint');

  const noJump = nat(
    labDump({ sep1: 0, sep2: 0 }, (t) =>
      t
        .split('\n')
        .filter((l) => !l.includes('-A KUBE-SERVICES -d'))
        .join('\n'),
    ),
  );
  const jump = kubeServicesJump(noJump, facts, 'tcp', 80);
  assert.equal(jump.observed, null);
  assert.match(jump.message, /no such rule/);
  assert.equal(endpointChainShape(noJump, facts, 1, 80).observed, null);
});

test('a Service chain with affinity rules is reported', () => {
  const sticky = nat(
    labDump({ sep1: 0, sep2: 0 }, (t) =>
      t.replace(
        '-A KUBE-SVC-6IM33IEVEEV7U3GP -m comment --comment "default/nginx-service:http -> 192.168.156.5:80" -m statistic',
        '-A KUBE-SVC-6IM33IEVEEV7U3GP -m comment --comment "default/nginx-service:http -> 192.168.156.5:80" -m recent --name KUBE-SEP-M6MI3YLHVX7DA53R --mask 255.255.255.255 --rsource --rcheck --seconds 10800 --reap -j KUBE-SEP-M6MI3YLHVX7DA53R\n[0:0] -A KUBE-SVC-6IM33IEVEEV7U3GP -m comment --comment "default/nginx-service:http -> 192.168.156.5:80" -m statistic',
      ),
    ),
  );
  assert.equal(noAffinityRules(sticky, facts).observed.length, 1);
});

// Lab 04 exercise 4.5: 640 connections per burst, two bursts per run (one per worker), 1e-6 per run.
const BUDGET = { runRate: 1e-6, bursts: 2 };
const N = 640;

function spread(c1: number, c2: number, f: ServicePortFacts = facts, edit?: (t: string) => string) {
  return observedSpread(
    nat(labDump({ sep1: 7, sep2: 3 }, edit)),
    nat(labDump({ sep1: 7 + c1, sep2: 3 + c2 }, edit)),
    f,
    N,
    BUDGET,
  );
}

test('counter deltas inside the binomial bounds pass, a one-sided split or lost connections fail', () => {
  const even = spread(330, 310);
  assert.deepEqual(even.observed, { connections: N, counted: N, outside: [] });
  assert.ok(holds(even));
  const lopsided = spread(N, 0);
  assert.deepEqual(lopsided.observed.outside, ['192.168.156.5:80=640', '192.168.202.196:80=0']);
  assert.ok(!holds(lopsided));
  const lost = spread(300, 300);
  assert.equal(lost.observed.counted, 600);
  assert.ok(!holds(lost));
});

test('the interval used is [255, 385] at N = 640 over 2 endpoints, both ends accepted, one step beyond refused', () => {
  // pinned: per endpoint and burst 1e-6 / (2 endpoints x 2 bursts) = 2.5e-7, equal tails of 1.25e-7 each
  assert.match(spread(320, 320).message, /between 255 and 385/);
  assert.deepEqual(spread(255, 385).observed.outside, []);
  assert.deepEqual(spread(385, 255).observed.outside, []);
  assert.deepEqual(spread(254, 386).observed.outside, ['192.168.156.5:80=254', '192.168.202.196:80=386']);
  assert.deepEqual(spread(386, 254).observed.outside, ['192.168.156.5:80=386', '192.168.202.196:80=254']);
});

test('a chain DNATing to an address the slices do not list is flagged whatever it counted', () => {
  // the second pod's chain now sends to 192.168.202.200, which no slice lists; its count is inside the bounds
  const strayed = spread(320, 320, facts, (t) =>
    t.replace('--to-destination 192.168.202.196:80', '--to-destination 192.168.202.200:80'),
  );
  assert.deepEqual(strayed.observed.outside, ['192.168.202.196:80=0', '192.168.202.200:80 (not an endpoint)=320']);
  // one endpoint, its chain and a stray chain: only the flag tells the stray from a healthy endpoint
  const one = { ...facts, endpoints: ['192.168.156.5:80'] };
  const before = nat(labDump({ sep1: 0, sep2: 0 }));
  const after = nat(labDump({ sep1: N, sep2: 0 }));
  assert.deepEqual(observedSpread(before, after, one, N, BUDGET).observed.outside, [
    '192.168.202.196:80 (not an endpoint)=0',
  ]);
});

test("the spread message and evidence state the run's rate, the per-endpoint share of it and the power", () => {
  const f = spread(320, 320);
  assert.match(f.message, /false-alarm rate 1e-6 per run shared by 2 endpoints x 2 burst\(s\): 2\.500e-7 each/);
  assert.match(f.message, /caught with probability 0\.99[3-4]\d/);
  assert.match(f.evidence[0]!.body, /^bounds: \[255, 385\] of 640/);
  const none = observedSpread(healthy, healthy, { ...facts, endpoints: [] }, N, BUDGET);
  assert.ok(!holds(none));
  assert.match(none.message, /list no ready endpoint/);
});

// kube-proxy's own chains for a pod that is gone: the name is the hash of 192.168.202.200:80 and the chain DNATs
// there, consistent with itself. Only the EndpointSlices (192.168.202.196:80) say it is wrong.
const GONE = '192.168.202.200';
function goneChainName(): string {
  return endpointChainsNamedByHash(nat(labDump({ sep1: 0, sep2: 0 })), {
    ...facts,
    endpoints: [`${GONE}:80`],
  }).expected[0]!.split(' ')[0]!;
}

test('chains pointing at a pod that no longer exists fail 4.2, 4.3 and 4.4: the expected pod comes from the slices', () => {
  const goneChain = goneChainName();
  assert.match(goneChain, /^KUBE-SEP-[A-Z2-7]{16}$/);
  const stale = nat(
    labDump({ sep1: 0, sep2: 0 }, (t) =>
      t.replaceAll('192.168.202.196', GONE).replaceAll('KUBE-SEP-MJ46KNWYZBDUIDMY', goneChain),
    ),
  );
  const named = endpointChainsNamedByHash(stale, facts);
  assert.ok(!holds(named));
  assert.match(named.message, /KUBE-SEP-MJ46KNWYZBDUIDMY -> 192\.168\.202\.196:80/);
  const second = endpointChainShape(stale, facts, 2, 80);
  assert.ok(!holds(second), 'a chain named for a pod the slices do not list has no expected pod');
  assert.deepEqual(second.observed, { hairpinMasqFrom: `${GONE}/32`, dnatProtocol: 'tcp', dnatTo: `${GONE}:80` });
  assert.notEqual(second.expected?.dnatTo, `${GONE}:80`);
  assert.match(
    second.message,
    /hash of no endpoint in the EndpointSlices \(192\.168\.156\.5:80, 192\.168\.202\.196:80\)/,
  );
  assert.ok(holds(endpointChainShape(stale, facts, 1, 80)), "the first chain is still the first pod's");
});

test('an endpoint chain DNATing to the wrong port or the wrong pod, or marking another pod, fails', () => {
  const wrongPort = nat(
    labDump({ sep1: 0, sep2: 0 }, (t) =>
      t.replace('--to-destination 192.168.156.5:80', '--to-destination 192.168.156.5:8080'),
    ),
  );
  const shape = endpointChainShape(wrongPort, facts, 1, 80);
  assert.deepEqual(shape.expected, {
    hairpinMasqFrom: '192.168.156.5/32',
    dnatProtocol: 'tcp',
    dnatTo: '192.168.156.5:80',
  });
  assert.equal(shape.observed?.dnatTo, '192.168.156.5:8080');
  assert.ok(!holds(endpointChainsNamedByHash(wrongPort, facts)));
  const swapped = nat(
    labDump({ sep1: 0, sep2: 0 }, (t) =>
      t.replace(
        '-A KUBE-SEP-M6MI3YLHVX7DA53R -s 192.168.156.5/32',
        '-A KUBE-SEP-M6MI3YLHVX7DA53R -s 192.168.202.196/32',
      ),
    ),
  );
  assert.equal(endpointChainShape(swapped, facts, 1, 80).observed?.hairpinMasqFrom, '192.168.202.196/32');
  assert.ok(!holds(endpointChainShape(swapped, facts, 1, 80)));
});
