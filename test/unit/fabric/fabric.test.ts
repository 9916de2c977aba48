/**
 * The fabric checks on lab 06's recorded state (the README's blocks, nodes and routes), each passing as recorded
 * and failing when the one fact it judges is broken.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  crossSubnetRoutes,
  ownBlackholes,
  poolEncapsulation,
  topologyRunning,
  torConnectedOnly,
  torPorts,
  torSvis,
  vtepDevices,
  vxlanForwarding,
} from '../../../support/fabric/checks.ts';
import type { NetRoute, NodeNet, OverlayNode } from '../../../support/fabric/model.ts';
import { readRouterOutput } from '../../../support/routers/index.ts';

// the README's nodes, blocks and VTEP MACs
const NODES = [
  { name: 'k01-control-plane', ip: '10.10.10.10', block: '192.168.23.64/26', mac: '66:15:9d:fa:c6:aa' },
  { name: 'k01-worker', ip: '10.10.10.11', block: '192.168.81.64/26', mac: '66:fb:ad:98:aa:13' },
  { name: 'k01-worker2', ip: '10.10.10.12', block: '192.168.164.128/26', mac: '66:c7:4d:6e:6b:f3' },
  { name: 'k01-worker3', ip: '10.10.20.20', block: '192.168.209.64/26', mac: '66:d2:0c:f0:ef:e5' },
];
const vtep = (b: string) => b.split('/')[0]!;
const subnet = (ip: string) => ip.replace(/\.\d+$/, '.0/24');

function netOf(me: (typeof NODES)[number]): NodeNet {
  const routes: NetRoute[] = [{ dst: me.block, type: 'blackhole', protocol: '80', flags: [] }];
  const neighbours: NodeNet['neighbours'] = [];
  const fdb: NodeNet['fdb'] = [];
  for (const p of NODES.filter((n) => n.name !== me.name)) {
    if (subnet(p.ip) === subnet(me.ip))
      routes.push({ dst: p.block, gateway: p.ip, dev: 'eth1', protocol: '80', flags: ['onlink'] });
    else
      routes.push({ dst: p.block, gateway: vtep(p.block), dev: 'vxlan.calico', protocol: 'boot', flags: ['onlink'] });
    neighbours.push({ dst: vtep(p.block), dev: 'vxlan.calico', lladdr: p.mac, state: ['PERMANENT'] });
    fdb.push({ mac: p.mac, ifname: 'vxlan.calico', dst: p.ip, flags: ['self'], state: 'permanent' });
  }
  return {
    node: me.name,
    links: [
      {
        ifname: 'vxlan.calico',
        mtu: 1450,
        flags: ['UP'],
        address: me.mac,
        vxlan: { id: 4096, port: 4789, learning: false },
      },
    ],
    addresses: [
      { ifname: 'eth1', local: me.ip, prefixlen: 24 },
      { ifname: 'vxlan.calico', local: vtep(me.block), prefixlen: 32 },
    ],
    routes,
    neighbours,
    fdb,
  };
}

const overlay = (): OverlayNode[] =>
  NODES.map((n) => ({ name: n.name, internalIp: n.ip, block: n.block, net: netOf(n) }));

test('VXLAN CrossSubnet routes: the recorded routes pass; a same-subnet block through vxlan.calico fails', () => {
  const nodes = overlay();
  for (const which of ['same-subnet', 'cross-subnet'] as const) {
    const f = crossSubnetRoutes(nodes, which);
    assert.deepEqual(f.observed, f.expected, f.message);
  }
  const worker = nodes[1]!;
  const r = worker.net.routes.find((x) => x.dst === NODES[2]!.block)!;
  Object.assign(r, { gateway: vtep(NODES[2]!.block), dev: 'vxlan.calico', protocol: 'boot' });
  const f = crossSubnetRoutes(nodes, 'same-subnet');
  assert.notDeepEqual(f.observed, f.expected);
  assert.match(
    f.message,
    /observed k01-worker: 192\.168\.164\.128\/26 via 192\.168\.164\.128 dev vxlan\.calico onlink/,
  );
  assert.notDeepEqual(crossSubnetRoutes([nodes[3]!], 'cross-subnet').expected.length, 1);
});

test('blackholes and VTEPs: recorded pass; a missing blackhole, a wrong MTU or VTEP address fail', () => {
  const nodes = overlay();
  assert.deepEqual(ownBlackholes(nodes).observed, ownBlackholes(nodes).expected);
  const f0 = vtepDevices(nodes, 1450, 4096, 4789);
  assert.deepEqual(f0.observed, f0.expected, f0.message);
  nodes[1]!.net.routes = nodes[1]!.net.routes.filter((r) => r.type !== 'blackhole');
  assert.match(ownBlackholes(nodes).message, /observed k01-worker: no route/);
  nodes[3]!.net.links[0]!.mtu = 1500;
  nodes[3]!.net.addresses[1]!.local = '192.168.209.65';
  const f = vtepDevices(nodes, 1450, 4096, 4789);
  assert.notDeepEqual(f.observed, f.expected);
  assert.match(f.message, /k01-worker3: vxlan\.calico UP mtu 1500 .*192\.168\.209\.65\/32/);
  assert.notDeepEqual(ownBlackholes([]).observed, ['x']);
  assert.match(ownBlackholes([]).message, /no node/);
});

test("neighbours and FDB: worker3's recorded entries pass; a deleted FDB entry or a non-permanent neighbour fails", () => {
  const nodes = overlay();
  const w3 = nodes[3]!;
  const others = nodes.slice(0, 3);
  assert.deepEqual(vxlanForwarding(w3, others).observed, vxlanForwarding(w3, others).expected);
  w3.net.fdb = w3.net.fdb.filter((f) => f.mac !== NODES[1]!.mac);
  w3.net.neighbours[0]!.state = ['STALE'];
  const f = vxlanForwarding(w3, others);
  assert.notDeepEqual(f.observed, f.expected);
  assert.match(f.message, /fdb 66:fb:ad:98:aa:13 missing/);
  assert.match(f.message, /STALE/);
});

test('the pool: VXLANCrossSubnet passes, VXLAN everywhere or a missing pool fails', () => {
  const pools = [{ cidr: '192.168.0.0/16', encapsulation: 'VXLANCrossSubnet' }];
  assert.equal(poolEncapsulation(pools, '192.168.0.0/16', 'VXLANCrossSubnet').observed, 'VXLANCrossSubnet');
  assert.equal(
    poolEncapsulation([{ ...pools[0]!, encapsulation: 'VXLAN' }], '192.168.0.0/16', 'VXLANCrossSubnet').observed,
    'VXLAN',
  );
  assert.match(poolEncapsulation([], '192.168.0.0/16', 'VXLANCrossSubnet').message, /observed no such pool/);
});

const STATUS = `Port       Name                            Status       Vlan     Duplex Speed  Type            Flags Encapsulation
Et1        Connection to k01-control-plane connected    10       full   1G     EbraTestPhyPort
Et2        Connection to k01-worker        connected    10       full   1G     EbraTestPhyPort
Et3        Connection to k01-worker2       connected    10       full   1G     EbraTestPhyPort
Et4        Connection to k01-worker3       connected    20       full   1G     EbraTestPhyPort
`;
const BRIEF = `Interface         IP Address           Status       Protocol           MTU    Owner
----------------- -------------------- ------------ -------------- ---------- -------
Management0       172.20.20.2/24       up           up                1500
Vlan10            10.10.10.1/24        up           up                1500
Vlan20            10.10.20.1/24        up           up                1500
`;
const ROUTES = `Gateway of last resort is not set

 C        10.10.10.0/24
                     directly connected, Vlan10
 C        10.10.20.0/24
                     directly connected, Vlan20
 C        172.20.20.0/24
                     directly connected, Management0
`;

test("the ToR on the lab text's own outputs: ports, SVIs and routes pass; a port in the wrong VLAN fails", () => {
  const ports = [1, 2, 3, 4].map((n) => ({ port: `Ethernet${n}`, vlan: n === 4 ? 20 : 10, status: 'connected' }));
  const ok = torPorts(readRouterOutput('show interface status', STATUS), ports, []);
  assert.deepEqual(ok.observed, ok.expected, ok.message);
  const moved = STATUS.replace(/(Et3 .*connected {4})10/, '$120');
  const f = torPorts(readRouterOutput('show interface status', moved), ports, []);
  assert.match(f.message, /observed Ethernet3 vlan 20 connected/);
  const svis = [
    { iface: 'Vlan10', address: '10.10.10.1/24', mtu: 1500 },
    { iface: 'Vlan20', address: '10.10.20.1/24', mtu: 1500 },
  ];
  const brief = readRouterOutput('show ip interface brief', BRIEF);
  assert.deepEqual(torSvis(brief, svis, []).observed, torSvis(brief, svis, []).expected);
  const jumbo = readRouterOutput('show ip interface brief', BRIEF.replace(/(Vlan20 .* up {16})1500/, '$19000'));
  assert.match(torSvis(jumbo, svis, []).message, /observed Vlan20 10\.10\.20\.1\/24 up mtu 9000/);
  const routes = readRouterOutput('show ip route', ROUTES);
  const c = torConnectedOnly(routes, brief, []);
  assert.deepEqual(c.observed, c.expected, c.message);
  const lost = readRouterOutput('show ip route', ROUTES.replace(/ C {8}10\.10\.20\.0\/24\n.*\n/, ''));
  assert.notDeepEqual(torConnectedOnly(lost, brief, []).observed, c.expected);
});

test('the topology: every named node running passes; a stopped ToR fails', () => {
  const rows = [
    { name: 'clab-calico-overlay-ceos01', node: 'ceos01', kind: 'arista_ceos', state: 'running' },
    { name: 'k01-worker', node: 'k01-worker', kind: 'ext-container', state: 'running' },
  ];
  const expected = ['arista_ceos ceos01', 'ext-container k01-worker'];
  assert.deepEqual(topologyRunning(rows, expected, []).observed, expected);
  rows[0]!.state = 'exited';
  assert.match(topologyRunning(rows, expected, []).message, /not running: arista_ceos ceos01/);
});
