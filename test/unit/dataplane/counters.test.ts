import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binomialAcceptance, counterDeltas, explainNat, parseIptables } from '../../../support/kubeproxy/index.ts';
import { fixture } from './paths.ts';
import { mixedServices } from './scenarios.ts';

// Connections the capture script sent to each VIP (test/fixtures/iptables/capture.ts).
const SENT: Record<string, number> = { 'nginx-service': 200, 'multitool-1-service': 300, 'kube-dns': 200, plain: 10 };

function perService(deltas: Map<string, number>, table: ReturnType<typeof parseIptables>) {
  const result = explainNat(table);
  return mixedServices.services
    .filter((s) => s.endpoints.length > 0)
    .map((given) => {
      const view = result.services.find((s) => s.clusterIP === given.clusterIP)!;
      return { given, counts: view.endpoints.map((e) => deltas.get(e.chain) ?? 0) };
    });
}

test('DNAT counter deltas per endpoint add up to the connections sent to each VIP', () => {
  const before = parseIptables(fixture('twin-save-counters-before.txt'));
  const after = parseIptables(fixture('twin-save-counters-after.txt'));
  const deltas = counterDeltas(before, after);
  assert.ok([...deltas.keys()].every((chain) => chain.startsWith('KUBE-SEP-')));
  for (const { given, counts } of perService(deltas, after)) {
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      SENT[given.name],
      given.name,
    );
    // a healthy random split: each endpoint's count sits in the 1-in-a-million acceptance interval
    const { low, high } = binomialAcceptance(SENT[given.name]!, 1 / given.endpoints.length, 1e-6);
    for (const count of counts)
      assert.ok(count >= low && count <= high, `${given.name}: ${count} not in [${low}, ${high}]`);
  }
});

test('the same deltas come out of -L -v -x listings as out of iptables-save -c', () => {
  const fromSave = counterDeltas(
    parseIptables(fixture('twin-save-counters-before.txt')),
    parseIptables(fixture('twin-save-counters-after.txt')),
  );
  const fromList = counterDeltas(
    parseIptables(fixture('twin-L-v-before.txt')),
    parseIptables(fixture('twin-L-v-after.txt')),
  );
  assert.deepEqual(new Map([...fromList].sort()), new Map([...fromSave].sort()));
  assert.equal(fromSave.size, 8, 'one entry per endpoint chain');
});

test('listings without counters give no deltas; a chain new in "after" counts from zero', () => {
  assert.equal(counterDeltas(parseIptables(fixture('twin-save.txt')), parseIptables(fixture('twin-save.txt'))).size, 0);
  const after = parseIptables('[7:420] -A KUBE-SEP-NEW -p tcp -m tcp -j DNAT --to-destination 10.0.0.1:80');
  assert.deepEqual([...counterDeltas(parseIptables(''), after)], [['KUBE-SEP-NEW', 7]]);
});
