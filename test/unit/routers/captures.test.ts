/**
 * Real JSON captures (test/fixtures/routers/README.md names each one's source): EOS's `| json` and FRR's vtysh
 * JSON read into the same model as the text. Expected values are read from the capture files by eye.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readRouterOutput } from '../../../support/routers/index.ts';
import { repoRoot } from '../network/labText.ts';

function capture(name: string): string {
  return readFileSync(path.join(repoRoot, 'test', 'fixtures', 'routers', name), 'utf8');
}

test('EOS `show interfaces status | json`: an access port in VLAN 44, a port in Po21, a port-channel', () => {
  const state = readRouterOutput('show interfaces status | json', capture('eos-show-interfaces-status.json'));
  assert.equal(state.format, 'eos-json');
  assert.deepEqual(
    state.interfaces.map((i) => [i.name, i.status, i.vlan, i.mode, i.memberOf, i.description]),
    [
      ['Ethernet8', 'notconnect', 44, undefined, undefined, undefined],
      ['Ethernet21', 'notconnect', undefined, 'in Po21', 'Port-Channel21', 'BTB_OG-7'],
      ['Port-Channel18', 'notconnect', 44, undefined, undefined, undefined],
    ],
  );
  assert.deepEqual(state.vlans, [{ id: 44, ports: ['Ethernet8', 'Port-Channel18'] }]);
});

test('EOS `show ip interface brief | json`: an unnumbered loopback has no address, the other 6.6.6.6/32', () => {
  const state = readRouterOutput('show ip int brief | json', capture('eos-show-ip-interface-brief.json'));
  assert.deepEqual(
    state.interfaces.map((i) => [i.name, i.addresses, i.status, i.protocol, i.mtu]),
    [
      ['Loopback42', [], 'connected', 'up', 65535],
      ['Loopback666', ['6.6.6.6/32'], 'connected', 'up', 65535],
    ],
  );
});

test('EOS `show ip route | json`: eBGP routes with distance, metric and next hop; route types as codes', () => {
  const two = readRouterOutput('show ip route | json', capture('eos-show-ip-route-two.json'));
  assert.deepEqual(
    two.routes.map((r) => [r.code, r.protocol, r.bgpKind, r.prefix, r.distance, r.metric, r.nextHops]),
    [
      ['B E', 'bgp', 'external', '10.1.0.1/32', 20, 0, [{ via: '10.1.255.4', interface: 'Ethernet1' }]],
      ['B E', 'bgp', 'external', '10.1.0.2/32', 20, 0, [{ via: '10.1.255.6', interface: 'Ethernet2' }]],
    ],
  );
  const bgp = readRouterOutput('show ip route | json', capture('eos-show-ip-route-bgp.json'));
  assert.deepEqual(
    bgp.routes.map((r) => [r.prefix, r.distance, r.nextHops]),
    [['1.0.4.0/24', 200, [{ via: '192.168.0.1', interface: 'Port-Channel1' }]]],
  );
  const types = readRouterOutput('show ip route | json', capture('eos-show-ip-route-types.json'));
  assert.deepEqual(
    types.routes.map((r) => [r.prefix, r.code, r.protocol, r.directlyConnected]),
    [
      ['10.10.0.1/32', 'B E', 'bgp', false],
      ['10.100.0.12/31', 'C', 'connected', true],
      ['10.100.1.5/32', 'B I', 'bgp', false],
    ],
  );
});
