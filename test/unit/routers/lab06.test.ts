/**
 * Lab 06's ToR outputs as the lab text records them (read at test time from ../shared/course): every port, SVI and
 * connected route the text shows, read into the model. The expected values are the text's, read by eye.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { readRouterOutput } from '../../../support/routers/index.ts';
import { labOutput, labText } from '../network/labText.ts';

const md = labText('06-calico-overlay');

test('lab 06: `show interface status` reads four ports, Et1-Et3 in VLAN 10 and Et4 in VLAN 20, all connected', () => {
  const state = readRouterOutput('show interface status', labOutput(md, 'ceos#show interface status'));
  assert.deepEqual(
    state.interfaces.map((i) => [i.name, i.description, i.status, i.vlan, i.duplex, i.speed, i.type]),
    [
      ['Ethernet1', 'Connection to k01-control-plane', 'connected', 10, 'full', '1G', 'EbraTestPhyPort'],
      ['Ethernet2', 'Connection to k01-worker', 'connected', 10, 'full', '1G', 'EbraTestPhyPort'],
      ['Ethernet3', 'Connection to k01-worker2', 'connected', 10, 'full', '1G', 'EbraTestPhyPort'],
      ['Ethernet4', 'Connection to k01-worker3', 'connected', 20, 'full', '1G', 'EbraTestPhyPort'],
    ],
  );
  assert.deepEqual(state.vlans, [
    { id: 10, ports: ['Ethernet1', 'Ethernet2', 'Ethernet3'] },
    { id: 20, ports: ['Ethernet4'] },
  ]);
});

test('lab 06: `show ip interface brief` reads the management port and the two SVIs with their gateways and MTUs', () => {
  const state = readRouterOutput('show ip interface brief', labOutput(md, 'ceos#show ip interface brief'));
  assert.deepEqual(
    state.interfaces.map((i) => [i.name, i.addresses, i.status, i.protocol, i.mtu]),
    [
      ['Management0', ['172.20.20.2/24'], 'up', 'up', 1500],
      ['Vlan10', ['10.10.10.1/24'], 'up', 'up', 1500],
      ['Vlan20', ['10.10.20.1/24'], 'up', 'up', 1500],
    ],
  );
});

test('lab 06: `show ip route` reads three connected routes, each through its SVI or the management port, no default', () => {
  const state = readRouterOutput('show ip route', labOutput(md, 'ceos#show ip route'));
  assert.equal(state.gatewayOfLastResort, null);
  assert.deepEqual(
    state.routes.map((r) => [r.code, r.protocol, r.prefix, r.directlyConnected, r.nextHops]),
    [
      ['C', 'connected', '10.10.10.0/24', true, [{ interface: 'Vlan10' }]],
      ['C', 'connected', '10.10.20.0/24', true, [{ interface: 'Vlan20' }]],
      ['C', 'connected', '172.20.20.0/24', true, [{ interface: 'Management0' }]],
    ],
  );
});
