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

const facts: ServicePortFacts = {
  namespace: 'default',
  service: 'nginx-service',
  portName: 'http',
  protocol: 'tcp',
  clusterIP: '10.96.204.67',
  port: 80,
  endpoints: ['192.168.156.5:80', '192.168.202.196:80'],
};

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
    'KUBE-SEP-M6MI3YLHVX7DA53R',
    'KUBE-SEP-MJ46KNWYZBDUIDMY',
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

test('counter deltas inside the binomial bounds pass, a one-sided split fails', () => {
  const before = nat(labDump({ sep1: 7, sep2: 3 }));
  const even = observedSpread(before, nat(labDump({ sep1: 7 + 104, sep2: 3 + 96 })), facts, 200, 1e-6);
  assert.deepEqual(even.observed, { connections: 200, counted: 200, outside: [] });
  assert.ok(holds(even));
  const lopsided = observedSpread(before, nat(labDump({ sep1: 7 + 200, sep2: 3 })), facts, 200, 1e-6);
  assert.deepEqual(lopsided.observed.outside, ['192.168.156.5:80=200', '192.168.202.196:80=0']);
  assert.ok(!holds(lopsided));
  const lost = observedSpread(before, nat(labDump({ sep1: 7 + 90, sep2: 3 + 90 })), facts, 200, 1e-6);
  assert.equal(lost.observed.counted, 180);
  assert.ok(!holds(lost));
});
