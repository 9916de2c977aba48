/**
 * Every router output the course's lab texts record (read at test time from ../shared/course), read into the model.
 * The expected values are the texts', read by eye; the sweep at the end finds every `show ...` command in every lab
 * text and holds that each output shown is read, and that those not read are the ones listed with the reason.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { type RouterState, readRouterOutput } from '../../../support/routers/index.ts';
import { courseDir, fencedBlocks, labOutput, labText } from '../network/labText.ts';

function read(lab: string, typed: string, line = typed, occurrence = 0): RouterState {
  return readRouterOutput(typed, labOutput(labText(lab), line, occurrence));
}

function routes(state: RouterState): unknown[] {
  return state.routes.map((r) => [
    r.code,
    r.prefix,
    r.distance,
    r.metric,
    r.nextHops.map((h) => (h.via ? `${h.via} ${h.interface}` : h.interface)),
  ]);
}

function neighbours(state: RouterState): unknown[] {
  return state.bgp!.neighbors.map((n) => [n.address, n.remoteAs, n.state, n.prefixesReceived, n.prefixesAccepted]);
}

test('lab 07: `show ip bgp summary`: router 10.10.10.1 in AS 65001, three Calico peers in AS 65010 established', () => {
  const s = read('07-calico-bgp', 'show ip bgp summary');
  assert.deepEqual([s.bgp!.vrf, s.bgp!.routerId, s.bgp!.localAs], ['default', '10.10.10.1', '65001']);
  assert.deepEqual(neighbours(s), [
    ['10.10.10.10', '65010', 'Established', 0, 0],
    ['10.10.10.11', '65010', 'Established', 0, 0],
    // the text cuts the third row after its state
    ['10.10.10.12', '65010', 'Established', undefined, undefined],
  ]);
  assert.equal(s.bgp!.neighbors[0]!.description, 'Calico Kubernetes Nodes');
});

test('lab 08: the LoadBalancer /28 learned by eBGP, through one node, then three after `maximum-paths 4`', () => {
  const lab = '08-calico-bgp-lb';
  assert.deepEqual(routes(read(lab, 'show ip route')), [
    ['C', '10.10.10.0/24', undefined, undefined, ['Vlan10']],
    ['B E', '172.16.0.240/28', 200, 0, ['10.10.10.10 Vlan10']],
    ['C', '172.20.20.0/24', undefined, undefined, ['Management0']],
  ]);
  const ecmp = read(lab, 'show ip route', 'show ip route', 1);
  assert.deepEqual(routes(ecmp)[1], [
    'B E',
    '172.16.0.240/28',
    200,
    0,
    ['10.10.10.10 Vlan10', '10.10.10.11 Vlan10', '10.10.10.12 Vlan10'],
  ]);
  assert.equal(ecmp.routes[1]!.bgpKind, 'external');
  const bgp = read(lab, 'show ip bgp summary');
  assert.deepEqual([bgp.bgp!.routerId, bgp.bgp!.localAs], ['10.10.10.1', '65001']);
  assert.deepEqual(neighbours(bgp), [
    ['10.10.10.10', '65010', 'Established', 1, 1],
    ['10.10.10.11', '65010', 'Established', 1, 1],
    ['10.10.10.12', '65010', 'Established', 1, 1],
  ]);
});

test('lab 10: the route reflector: its BGP configuration, four iBGP clients, pod blocks learned by iBGP', () => {
  const lab = '10-calico-bgp-ippool';
  const config = read(lab, 'show running-config | s bgp').bgpConfig!;
  assert.deepEqual([config.localAs, config.routerId], ['65010', '10.10.10.1']);
  assert.deepEqual(config.listenRanges, [
    { prefix: '10.10.10.0/24', peerGroup: 'CALICO-K8S', remoteAs: '65010' },
    { prefix: '10.10.20.0/24', peerGroup: 'CALICO-K8S', remoteAs: '65010' },
  ]);
  assert.deepEqual(config.neighbors, [
    { name: 'CALICO-K8S', isPeerGroup: true, description: 'Calico Kubernetes Nodes' },
  ]);
  assert.deepEqual(config.routeReflectorClients, ['CALICO-K8S']);
  assert.deepEqual(config.networks, ['10.10.10.0/24', '10.10.20.0/24']);
  const bgp = read(lab, 'show ip bgp summary');
  assert.deepEqual([bgp.bgp!.routerId, bgp.bgp!.localAs], ['10.10.10.1', '65010']);
  assert.deepEqual(
    neighbours(bgp),
    ['10.10.10.10', '10.10.10.11', '10.10.10.12', '10.10.20.20'].map((a) => [a, '65010', 'Established', 2, 2]),
  );
  const table = read(lab, 'show ip route');
  assert.equal(table.gatewayOfLastResort, null);
  assert.deepEqual(routes(table), [
    ['C', '10.10.10.0/24', undefined, undefined, ['Vlan10']],
    ['C', '10.10.20.0/24', undefined, undefined, ['Vlan20']],
    ['B I', '172.16.0.240/28', 200, 0, ['10.10.10.10 Vlan10']],
    ['C', '172.20.20.0/24', undefined, undefined, ['Management0']],
    ['B I', '192.168.42.192/26', 200, 0, ['10.10.10.11 Vlan10']],
    ['B I', '192.168.46.128/26', 200, 0, ['10.10.20.20 Vlan20']],
    ['B I', '192.168.69.0/26', 200, 0, ['10.10.10.10 Vlan10']],
    ['B I', '192.168.88.192/26', 200, 0, ['10.10.10.12 Vlan10']],
  ]);
});

test('lab 15: two selected peers, the LoadBalancer /28 through one of them, then both', () => {
  const lab = '15-selective-bgp-peering';
  const bgp = read(lab, 'show ip bgp summary');
  assert.deepEqual(neighbours(bgp), [
    ['10.10.10.11', '65010', 'Established', 1, 1],
    ['10.10.10.12', '65010', 'Established', 1, 1],
  ]);
  assert.deepEqual(
    bgp.bgp!.neighbors.map((n) => n.description),
    ['Calico BGP Peer Node 1', 'Calico BGP Peer Node 2'],
  );
  assert.deepEqual(routes(read(lab, 'show ip route'))[1], ['B E', '172.16.0.240/28', 200, 0, ['10.10.10.11 Vlan10']]);
  assert.deepEqual(routes(read(lab, 'show ip route', 'show ip route', 1))[1], [
    'B E',
    '172.16.0.240/28',
    200,
    0,
    ['10.10.10.11 Vlan10', '10.10.10.12 Vlan10'],
  ]);
});

test('lab 18: the SVIs at MTU 9000, then VLAN 20 at 1500 (the management address written 172.20.20.x)', () => {
  const lab = '18-mtu';
  const mtus = (s: RouterState) => s.interfaces.map((i) => [i.name, i.addresses, i.mtu]);
  assert.deepEqual(mtus(read(lab, 'show ip interface brief')), [
    ['Management0', ['172.20.20.x/24'], 1500],
    ['Vlan10', ['10.10.10.1/24'], 9000],
    ['Vlan20', ['10.10.20.1/24'], 9000],
  ]);
  assert.deepEqual(mtus(read(lab, 'show ip interface brief', 'show ip interface brief', 1)), [
    ['Management0', ['172.20.20.x/24'], 1500],
    ['Vlan10', ['10.10.10.1/24'], 9000],
    ['Vlan20', ['10.10.20.1/24'], 1500],
  ]);
});

test('lab 19: two BGP speakers and the LoadBalancer /28 through both, next to VLANs 10 and 30', () => {
  const lab = '19-calico-ingress';
  const bgp = read(lab, 'show ip bgp summary');
  assert.deepEqual([bgp.bgp!.routerId, bgp.bgp!.localAs], ['10.10.10.1', '65001']);
  assert.deepEqual(neighbours(bgp), [
    ['10.10.10.11', '65010', 'Established', 1, 1],
    ['10.10.10.12', '65010', 'Established', 1, 1],
  ]);
  assert.deepEqual(routes(read(lab, 'show ip route')), [
    ['C', '10.10.10.0/24', undefined, undefined, ['Vlan10']],
    ['C', '10.30.30.0/24', undefined, undefined, ['Vlan30']],
    ['B E', '172.16.0.240/28', 200, 0, ['10.10.10.11 Vlan10', '10.10.10.12 Vlan10']],
  ]);
});

test("lab 21: the macvlan pod's MAC learned on Et4 in VLAN 20, and its address in the ARP table on Vlan20", () => {
  const lab = '21-macvlan';
  assert.deepEqual(read(lab, 'show mac address-table vlan 20').macTable, [
    { vlan: 20, mac: '02:42:0a:0a:14:64', type: 'dynamic', ports: ['Ethernet4'], moves: 1, lastMove: '0:00:15 ago' },
  ]);
  assert.deepEqual(read(lab, 'show arp').arp, [
    { address: '10.10.20.100', mac: '02:42:0a:0a:14:64', interfaces: ['Vlan20'], type: 'dynamic', age: '00:00:05' },
  ]);
});

test('lab 22: one MAC for VLAN 30, two addresses behind it in the ARP table, ports 4-6 in Po1', () => {
  const lab = '22-ipvlan';
  const mac = read(lab, 'show mac address-table vlan 30').macTable;
  assert.deepEqual(
    mac.map((m) => [m.vlan, m.mac, m.ports]),
    [[30, '02:42:ac:12:00:02', ['Ethernet4']]],
  );
  const arp = read(lab, 'show arp').arp;
  assert.deepEqual(
    arp.map((a) => [a.address, a.mac, a.type, a.interfaces]),
    [
      ['10.10.10.1', 'aa:bb:cc:dd:ee:01', 'static', ['Vlan10']],
      ['10.10.10.10', 'aa:bb:cc:dd:ee:10', 'dynamic', ['Vlan10']],
      ['10.10.10.11', 'aa:bb:cc:dd:ee:11', 'dynamic', ['Vlan10']],
      ['10.10.10.12', 'aa:bb:cc:dd:ee:12', 'dynamic', ['Vlan10']],
      ['10.10.30.1', 'aa:bb:cc:dd:ee:01', 'static', ['Vlan30']],
      ['10.10.30.100', '02:42:ac:12:00:02', 'dynamic', ['Vlan30']],
      ['10.10.30.101', '02:42:ac:12:00:02', 'dynamic', ['Vlan30']],
    ],
  );
  const ports = read(lab, 'show interfaces ethernet 4-6').interfaces;
  assert.deepEqual(
    ports.map((p) => [p.name, p.status, p.protocol, p.mac, p.description, p.addresses, p.memberOf, p.mtu, p.speed]),
    ['04', '05', '06'].map((n, i) => [
      `Ethernet${4 + i}`,
      'connected',
      'up',
      `aa:bb:cc:dd:ee:${n}`,
      `Connection to ${['k01-control-plane', 'k01-worker', 'k01-worker2'][i]} (VLAN 30)`,
      [],
      'Port-Channel1',
      1500,
      '10Gb/s',
    ]),
  );
});

// ---- the sweep: every `show` command of every lab text

const SHOW =
  /^(?:[\w-]+[#>]\s*)?(?:docker exec (?:-\w+ )*\S+ Cli -c ")?(show (?:ip|ipv6|interfaces?|mac|arp|running-config|monitor)\b[^"#]*)/;

/** Commands a lab text gives with no output after them, so there is nothing to read. */
const NOT_READ: Record<string, string> = {
  '14-calico-ipv6 show ip interface brief': 'the text lists the commands and shows no output',
  '14-calico-ipv6 show ipv6 interface brief': 'the text lists the commands and shows no output',
  '14-calico-ipv6 show ip route': 'the text lists the commands and shows no output',
  '14-calico-ipv6 show ipv6 route': 'the text lists the commands and shows no output',
  '18-mtu show monitor session': 'no output shown (and not a command labgate reads: a monitor session)',
  '19-calico-ingress show ip bgp summary': 'the troubleshooting block runs Cli -c with no output shown',
  '19-calico-ingress show ip route': 'the troubleshooting block runs Cli -c with no output shown',
};

const READ_PER_LAB: Record<string, number> = {
  '06-calico-overlay': 3,
  '07-calico-bgp': 1,
  '08-calico-bgp-lb': 3,
  '10-calico-bgp-ippool': 3,
  '15-selective-bgp-peering': 3,
  '18-mtu': 2,
  '19-calico-ingress': 2,
  '21-macvlan': 2,
  '22-ipvlan': 3,
};

test('every `show` output the lab texts record is read; the rest are commands shown without output', () => {
  const labs = readdirSync(courseDir).filter((d) => existsSync(path.join(courseDir, d, 'README.md')));
  const read: Record<string, number> = {};
  const unread = new Set<string>();
  for (const lab of labs) {
    const blocks = fencedBlocks(labText(lab));
    const outputs = new Map<number, { command: string; text: string }>();
    blocks.forEach((b, i) => {
      b.lines.forEach((line, j) => {
        const m = SHOW.exec(line.trim());
        if (!m) return;
        const command = m[1]!.trim();
        const rest = b.lines.slice(j + 1).filter((l) => l.trim() && !SHOW.test(l.trim()));
        const at = rest.some((l) => !/^(enable|exit|end|#.*)$/.test(l.trim())) ? i : i + 1;
        const text = at === i ? b.lines.slice(j + 1).join('\n') : (blocks[at]?.lines.join('\n') ?? '');
        try {
          readRouterOutput(command, text);
          outputs.set(at, { command, text });
        } catch {
          if (!outputs.has(at)) unread.add(`${lab} ${command}`);
        }
      });
    });
    if (outputs.size) read[lab] = outputs.size;
  }
  assert.deepEqual(read, READ_PER_LAB);
  assert.deepEqual([...unread].sort(), Object.keys(NOT_READ).sort());
});
