import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encapsulationKind, expectedPodMtu } from '../../../support/podnet/index.ts';
import { LabgateError } from '../../../support/floor/errors.ts';

test("pod MTU: the uplink less the largest enabled encapsulation, or the Installation's own value", () => {
  assert.deepEqual(expectedPodMtu({ encapsulations: ['VXLANCrossSubnet'], uplinkMtu: 1500 }).mtu, 1450);
  assert.deepEqual(expectedPodMtu({ encapsulations: ['IPIP'], uplinkMtu: 1500 }).mtu, 1480);
  assert.deepEqual(expectedPodMtu({ encapsulations: ['IPIP', 'VXLAN'], uplinkMtu: 9001 }).mtu, 8951);
  assert.deepEqual(expectedPodMtu({ encapsulations: ['VXLAN'], wireguard: true, uplinkMtu: 1500 }).mtu, 1440);
  assert.deepEqual(expectedPodMtu({ encapsulations: ['VXLAN'], family: 'ipv6', uplinkMtu: 1500 }).mtu, 1430);
  assert.deepEqual(expectedPodMtu({ encapsulations: ['None'], uplinkMtu: 1500 }).mtu, 1500);
  const configured = expectedPodMtu({ configuredMtu: 1400, encapsulations: ['VXLAN'], uplinkMtu: 1500 });
  assert.equal(configured.mtu, 1400);
  assert.match(configured.reason, /calicoNetwork\.mtu/);
  assert.match(
    expectedPodMtu({ encapsulations: ['VXLANCrossSubnet'], uplinkMtu: 1500 }).reason,
    /1500 minus 50 bytes of VXLAN/,
  );
});

test('an encapsulation Calico does not have is a LabgateError', () => {
  assert.equal(encapsulationKind('IPIPCrossSubnet'), 'IPIP');
  assert.throws(() => encapsulationKind('GENEVE'), LabgateError);
});
