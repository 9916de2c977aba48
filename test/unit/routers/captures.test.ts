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
  // duplex and speed as the text prints them: `duplexFull` is `full`, 10000000000 bit/s is `10G`, a port-channel's 0 none
  assert.deepEqual(
    state.interfaces.map((i) => [i.duplex, i.speed]),
    [
      ['full', '10G'],
      ['full', '10G'],
      ['full', undefined],
    ],
  );
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

test('EOS `show ip bgp summary | json`: router id, local AS, an established peer and an active one', () => {
  const state = readRouterOutput('show ip bgp summary | json', capture('eos-show-ip-bgp-summary.json'));
  assert.deepEqual([state.bgp!.vrf, state.bgp!.routerId, state.bgp!.localAs], ['default', '192.168.0.0', '65001']);
  assert.deepEqual(
    state.bgp!.neighbors.map((n) => [n.address, n.remoteAs, n.state, n.established, n.prefixesReceived]),
    [
      ['10.0.0.1', '65002', 'Established', true, 3],
      ['10.0.0.3', '65003', 'Active', false, 0],
    ],
  );
});

test('EOS `show arp | json` and `show mac address-table | json`: MACs read into one spelling', () => {
  const arp = readRouterOutput('show arp | json', capture('eos-show-arp.json')).arp;
  assert.deepEqual(
    arp.map((a) => [a.address, a.mac, a.interfaces]),
    [
      ['172.17.17.1', 'dc:38:e1:11:97:cf', ['Ethernet45']],
      ['172.17.17.1', '90:e2:ba:5c:25:fd', ['Ethernet36']],
    ],
  );
  const mac = readRouterOutput('show mac address-table | json', capture('eos-show-mac-address-table.json')).macTable;
  assert.deepEqual(
    mac.map((m) => [m.vlan, m.mac, m.type, m.ports, m.moves]),
    [
      [10, '00:0f:53:27:0c:21', 'dynamic', ['Ethernet44'], 1],
      [10, '00:0f:53:2b:cf:e1', 'dynamic', ['Ethernet46'], 1],
      [10, '00:0f:53:2e:cb:71', 'dynamic', ['Ethernet32'], 1],
    ],
  );
});

test('EOS `show interfaces | json` and `show ipv6 interface brief | json`: addresses, MTU, MAC', () => {
  const ifs = readRouterOutput('show interfaces | json', capture('eos-show-interfaces.json')).interfaces;
  assert.deepEqual(
    ifs.map((i) => [i.name, i.status, i.addresses, i.mtu, i.mac]),
    [
      ['Ethernet1', 'connected', [], 9214, '08:00:27:c6:00:f0'],
      ['Management1', 'connected', ['10.0.2.15/24'], 1500, '08:00:27:20:b9:04'],
    ],
  );
  const v6 = readRouterOutput('show ipv6 interface brief | json', capture('eos-show-ipv6-interface.json')).interfaces;
  assert.deepEqual(
    v6.map((i) => [i.name, i.addresses]),
    [['Vlan100', ['fe80::1/64', '2001:db8:85a3:8d3:1319:8a2e:370:7348/64']]],
  );
});

test('FRR `show ip route json`: the route zebra selected (static over kernel), BGP over a link-local next hop', () => {
  const table = readRouterOutput('show ip route json', capture('frr-show-ip-route.json'));
  assert.equal(table.format, 'frr-json');
  assert.deepEqual(
    table.routes.map((r) => [r.code, r.prefix, r.distance, r.metric, r.nextHops]),
    [['S', '4.5.1.0/24', 1, 0, [{ via: '192.168.216.3', interface: 'r1-eth6' }]]],
  );
  const bgp = readRouterOutput('show ip route json', capture('frr-show-ip-route-bgp.json'));
  assert.deepEqual(
    bgp.routes.map((r) => [r.protocol, r.prefix, r.distance, r.directlyConnected, r.nextHops]),
    [
      ['bgp', '10.254.254.2/32', 20, false, [{ interface: 'r1-eth0' }]],
      ['connected', '10.254.254.1/32', 0, true, [{ interface: 'lo' }]],
    ],
  );
});

test('FRR `show bgp summary json`: router id, AS and peers from the IPv4 unicast family', () => {
  const state = readRouterOutput('show bgp summary json', capture('frr-show-bgp-summary.json'));
  assert.deepEqual([state.bgp!.routerId, state.bgp!.localAs, state.bgp!.vrf], ['10.0.255.1', '100', 'default']);
  assert.deepEqual(
    state.bgp!.neighbors.map((n) => [n.address, n.state, n.established, n.prefixesReceived]),
    [
      ['10.0.1.101', 'Established', true, 42],
      ['10.0.1.102', 'Established', true, 42],
      ['10.0.1.103', 'Established', true, 42],
    ],
  );
});

test('FRR `show interface json`: each interface up with its address', () => {
  const state = readRouterOutput('show interface json', capture('frr-show-interface.json'));
  assert.deepEqual(
    state.interfaces.map((i) => [i.name, i.status, i.protocol, i.addresses]),
    [
      ['r1-eth0', 'up', 'up', ['10.0.0.1/24']],
      ['r1-eth1', 'up', 'up', ['10.0.0.1/24']],
    ],
  );
});

test('a JSON output pasted under the prompt that asked for it is read past the prompt', () => {
  const pasted = `ceos#sh ip bgp summ | json\n${capture('eos-show-ip-bgp-summary.json')}`;
  assert.equal(readRouterOutput('sh ip bgp summ | json', pasted).bgp!.routerId, '192.168.0.0');
});
