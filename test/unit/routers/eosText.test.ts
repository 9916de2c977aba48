/**
 * EOS text as real switches print it (networktocode/ntc-templates' captures, test/fixtures/routers/README.md):
 * the one-line route form, older releases' columns, rows whose values are not under their titles. Expected values
 * are read from the files by eye.
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

test('`show ip route` on one line per route: connected (a tunnel with its detail), iBGP, static to Null0', () => {
  const s = readRouterOutput('show ip route', capture('ntc-show-ip-route4.txt'));
  assert.equal(s.gatewayOfLastResort, undefined);
  assert.deepEqual(
    s.routes.map((r) => [r.code, r.protocol, r.prefix, r.distance, r.nextHops]),
    [
      ['C', 'connected', '162.220.49.0/26', undefined, [{ interface: 'Vlan105' }]],
      ['C', 'connected', '162.220.49.64/26', undefined, [{ interface: 'Vlan104' }]],
      ['C', 'connected', '162.220.49.128/31', undefined, [{ interface: 'Tunnel11' }]],
      ['B I', 'bgp', '162.220.49.130/31', 200, [{ via: '199.229.255.1', interface: 'Vlan50' }]],
      ['B I', 'bgp', '162.220.49.132/31', 200, [{ via: '199.229.255.1', interface: 'Vlan50' }]],
      ['C', 'connected', '162.220.49.134/31', undefined, [{ interface: 'Tunnel12' }]],
      ['S', 'static', '162.220.49.0/24', undefined, [{ interface: 'Null0' }]],
    ],
  );
  const ecmp = readRouterOutput('show ip route', capture('ntc-show-ip-route2.txt'));
  assert.deepEqual(
    ecmp.routes.map((r) => [r.prefix, r.nextHops]),
    [
      [
        '74.119.147.148/32',
        [
          { via: '199.229.255.31', interface: 'Vlan70' },
          { via: '199.229.255.35', interface: 'Vlan71' },
        ],
      ],
    ],
  );
});

test('`show interfaces status`: names with spaces, trunk and routed ports, errdisabled and inactive ones', () => {
  const s = readRouterOutput('show interfaces status', capture('ntc-show-interfaces-status.txt'));
  assert.deepEqual(
    s.interfaces.map((i) => [i.name, i.description, i.status, i.vlan ?? i.mode, i.speed, i.type]),
    [
      ['Ethernet3/1/1', 'I am a 40G port !! Hi', 'connected', 'trunk', 'a-40G', '40GBASE-CR4'],
      ['Ethernet3/1/4', undefined, 'inactive', 1, 'unconf', '40GBASE-CR4'],
      ['Ethernet3/2/1', 'PORTNAME', 'notconnect', 'trunk', 'a-10G', '40GBASE-SR'],
      ['Ethernet3/2/2', 'I am a 10G port', 'errdisabled', 10, 'a-10G', '40GBASE-SR'],
      ['Ethernet3/2/4', '- DISABLED routed (', 'disabled', 'routed', 'a-10G', '40GBASE-SR'],
      ['Ethernet3/2/5', '-', 'disabled', 'routed', 'a-10G', '40GBASE-SR'],
    ],
  );
  assert.deepEqual(s.vlans, [
    { id: 1, ports: ['Ethernet3/1/4'] },
    { id: 10, ports: ['Ethernet3/2/2'] },
  ]);
});

test('`show ip interface brief` without the dashed rule: MTUs right-aligned, unassigned addresses', () => {
  const s = readRouterOutput('show ip interface brief', capture('ntc-show-ip-interface-brief.txt'));
  assert.deepEqual(
    s.interfaces.map((i) => [i.name, i.addresses, i.status, i.protocol, i.mtu]),
    [
      ['Loopback0', ['1.1.1.1/32'], 'up', 'up', 65535],
      ['Management1', [], 'down', 'down', 1500],
      ['Vlan10', [], 'down', 'lowerlayerdown', 1500],
      ['Ethernet5', ['10.0.0.1/24'], 'up', 'up', 1500],
      ['Port-Channel1', ['11.11.11.11/24'], 'down', 'lowerlayerdown', 1500],
    ],
  );
});

test('`show ip bgp summary` of an older release: one State/PfxRcd column, a count meaning established', () => {
  const s = readRouterOutput('show ip bgp summary', capture('ntc-show-ip-bgp-summary.txt'));
  assert.deepEqual([s.bgp!.routerId, s.bgp!.localAs], ['10.26.0.22', '65533']);
  assert.deepEqual(
    s.bgp!.neighbors.map((n) => [n.address, n.remoteAs, n.state, n.established, n.prefixesReceived]),
    [
      ['10.17.254.78', '65534', 'Established', true, 7],
      ['10.17.254.2', '65533', 'Established', true, 7],
    ],
  );
});

test('`show mac address-table`: a MAC that is not hexadecimal is refused, naming its line', () => {
  assert.throws(
    () => readRouterOutput('show mac address-table', capture('ntc-show-mac-address-table.txt')),
    /^LabgateError: cannot read "show mac address-table" \(eos\): line 34 "200 {4}jenn\.3057\.8423 {4}STATIC {6}Po66" is not a MAC table row/,
  );
  const kept = capture('ntc-show-mac-address-table.txt')
    .split('\n')
    .filter((l) => !l.includes('jenn.'))
    .join('\n');
  const s = readRouterOutput('show mac address-table', kept);
  assert.deepEqual(
    s.macTable.slice(0, 3).map((m) => [m.vlan, m.mac, m.type, m.ports, m.moves, m.lastMove]),
    [
      [3, '00:12:36:94:03:ec', 'static', ['Ethernet7'], undefined, undefined],
      [55, '00:1c:73:13:a3:de', 'dynamic', ['Ethernet32'], 1, '0:08:16 ago'],
      [101, '00:1c:82:24:36:d7', 'dynamic', ['Port-Channel2'], 1, '9 days, 15:57:28 ago'],
    ],
  );
});

test('`show ip arp`: an SVI entry names its port, `not learned` names none; a table per VRF', () => {
  const one = readRouterOutput('show ip arp', capture('ntc-show-ip-arp.txt'));
  assert.deepEqual(
    one.arp.map((a) => [a.address, a.mac, a.interfaces, a.age]),
    [
      ['172.25.0.2', '00:4c:62:11:02:1e', ['Vlan101', 'Port-Channel2'], '0'],
      ['172.22.0.1', '00:4c:62:14:36:99', ['Vlan1000', 'Port-Channel1'], '0'],
      ['172.22.0.2', '00:4c:62:19:a0:f3', ['Ethernet1'], '0'],
      ['10.10.1.1', '00:02:00:ff:00:01', ['Vlan1'], 'N/A'],
    ],
  );
  const vrfs = readRouterOutput('show ip arp vrf all', capture('ntc-show-ip-arp1.txt'));
  assert.deepEqual(
    vrfs.arp.map((a) => [a.address, a.interfaces[0]]),
    [
      ['10.1.1.1', 'Vlan1'],
      ['172.16.0.1', 'Vlan101'],
      ['172.16.0.2', 'Vlan1000'],
      ['172.16.0.3', 'Ethernet1'],
      ['10.10.1.1', 'Vlan1'],
    ],
  );
});

test('EOS 4.31: `show ip route` with the Source Codes legend and next hops below each route, as the labs print it', () => {
  const s = readRouterOutput('show ip route', capture('eos431-show-ip-route.txt'));
  assert.equal(s.gatewayOfLastResort, null);
  assert.equal(s.routes.length, 13);
  assert.deepEqual(
    s.routes.slice(0, 5).map((r) => [r.code, r.prefix, r.distance, r.metric, r.directlyConnected, r.nextHops]),
    [
      ['S', '10.80.0.0/12', 1, 0, false, [{ via: '172.28.128.1', interface: 'Management1/1' }]],
      ['S', '10.239.0.0/16', 1, 0, false, [{ via: '172.28.128.1', interface: 'Management1/1' }]],
      ['S', '10.240.0.0/13', 1, 0, false, [{ via: '172.28.128.1', interface: 'Management1/1' }]],
      ['C', '10.255.255.2/32', undefined, undefined, true, [{ interface: 'Loopback0' }]],
      ['S', '10.255.255.3/32', undefined, undefined, true, [{ interface: 'Dps1' }]],
    ],
  );
  assert.deepEqual(s.routes.at(-1)!.prefix, '172.16.0.0/12');
});

test('EOS 4.31: `show ip interface brief` with its Address line, Owner column and dashed rule', () => {
  const s = readRouterOutput('show ip interface brief', capture('eos431-show-ip-interface-brief.txt'));
  assert.deepEqual(
    s.interfaces.map((i) => [i.name, i.addresses, i.status, i.protocol, i.mtu]),
    [
      ['Ethernet1/1', ['172.16.2.0/31'], 'up', 'up', 9000],
      ['Ethernet1/2', ['172.16.3.1/31'], 'up', 'up', 1500],
      ['Loopback0', ['10.255.255.2/32'], 'up', 'up', 65535],
      ['Management1/1', ['172.28.137.227/20'], 'up', 'up', 1500],
    ],
  );
});

test('EOS 4.31: an empty MAC table and an IPv6 table with routing off read as empty, not as errors', () => {
  assert.deepEqual(
    readRouterOutput('show mac address-table', capture('eos431-show-mac-address-table.txt')).macTable,
    [],
  );
  const v6 = readRouterOutput('show ipv6 route', capture('eos431-show-ipv6-route.txt'));
  assert.deepEqual(v6.routes, []);
});

test('cEOS in containerlab: `sh ip int br` and `sh ipv6 int br`, prompt and abbreviations as typed', () => {
  const v4 = readRouterOutput('sh ip int br', capture('clab-ceos-show-ip-interface-brief.txt'));
  assert.deepEqual(
    v4.interfaces.map((i) => [i.name, i.addresses, i.status, i.protocol, i.mtu]),
    [['Management0', ['172.20.20.2/24'], 'up', 'up', 1500]],
  );
  const v6 = readRouterOutput('sh ipv6 int br', capture('clab-ceos-show-ipv6-interface-brief.txt'));
  assert.equal(v6.command, 'show ipv6 interface brief');
  assert.deepEqual(
    v6.interfaces.map((i) => [i.name, i.addresses, i.status, i.mtu]),
    [['Management0', ['fe80::42:acff:fe14:1402/64', '2001:172:20:20::2/80'], 'up', 1500]],
  );
});
