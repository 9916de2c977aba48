import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { tigeraNotDegraded } from '../../../support/cluster/checks.ts';

// lab 01 text: `kubectl get tigerastatus` shows AVAILABLE True, PROGRESSING False, DEGRADED False for apiserver and calico
const status = (degraded: string | undefined, message = '') => ({
  apiVersion: 'operator.tigera.io/v1',
  kind: 'TigeraStatus',
  metadata: { name: 'calico' },
  status: {
    conditions: [
      { type: 'Available', status: 'True' },
      ...(degraded ? [{ type: 'Degraded', status: degraded, reason: 'ResourceNotReady', message }] : []),
    ],
  },
});

test('tigerastatus: DEGRADED False, or no Degraded condition at all, is not degraded', () => {
  for (const obj of [status('False'), status(undefined)]) {
    const f = tigeraNotDegraded('calico', obj);
    assert.equal(f.observed, f.expected);
  }
});

test("tigerastatus: Degraded True fails with the operator's reason and message; a missing object fails too", () => {
  const f = tigeraNotDegraded('calico', status('True', 'calico-node not ready on calico-ipam-worker'));
  assert.equal(f.observed, 'Degraded=True');
  assert.match(
    f.message,
    /tigerastatus "calico" with DEGRADED False; it is Degraded=True \(ResourceNotReady: calico-node not ready on calico-ipam-worker\)/,
  );
  assert.equal(tigeraNotDegraded('apiserver', undefined).observed, 'no such TigeraStatus');
});
