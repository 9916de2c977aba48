/**
 * The secondary-network checks on the lab text's own outputs (lab 21: `ip addr show` in the pod, `ip route show`,
 * the ToR's MAC table and ARP, the pings) and its NetworkAttachmentDefinition, each passing as the lab shows it
 * and failing when the one fact it judges is broken: no net1, another parent, an address outside the range or
 * shared, Calico's default route moved, the MAC on another port, no ARP entry, a lost ping, a config file out of
 * order, a plugin missing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { delegatingConfig, firstConfig, pluginOnEveryNode } from '../../../support/multinet/cniFiles.ts';
import {
  type AttachedPod,
  definitionIs,
  distinctAddresses,
  hasAddressOn,
  holdsFirstAddress,
  parentsUp,
  podAttached,
  podRoutesSplit,
  routersBetween,
  subnetPing,
  torArpEntry,
  torLearnedMac,
} from '../../../support/multinet/checks.ts';
import { inRange, parseAttachment, requestedNetworks } from '../../../support/multinet/model.ts';
import { parseIpAddr, parseIpRoute } from '../../../support/podnet/ip.ts';
import { parsePing } from '../../../support/podnet/ping.ts';
import { readRouterOutput } from '../../../support/routers/index.ts';

const passes = <T>(f: { expected: T; observed: T }) => assert.deepEqual(f.observed, f.expected);
const fails = <T>(f: { expected: T; observed: T; message: string }, pattern: RegExp) => {
  assert.notDeepEqual(f.observed, f.expected);
  assert.match(f.message, pattern);
};

// the lab's calico-cni-config/macvlan-nad.yaml
const NAD = parseAttachment(
  'default/vlan20-macvlan',
  JSON.stringify({
    cniVersion: '0.3.1',
    name: 'vlan20-macvlan',
    type: 'macvlan',
    master: 'eth2',
    mode: 'bridge',
    ipam: {
      type: 'whereabouts',
      range: '10.10.20.100-10.10.20.200/24',
      exclude: ['10.10.20.1/32'],
      gateway: '10.10.20.1',
    },
  }),
);

// the lab text's `kubectl exec macvlan-test-pod -- ip addr show` (exercise 8), with the lines it elides filled in
const IP_ADDR = `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
3: eth0@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1440 qdisc noqueue state UP group default qlen 1000
    link/ether 7a:2b:1c:3d:4e:5f brd ff:ff:ff:ff:ff:ff link-netnsid 0
    inet 192.168.0.1/32 scope global eth0
4: net1@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:42:0a:0a:14:64 brd ff:ff:ff:ff:ff:ff link-netnsid 0
    inet 10.10.20.100/24 scope global net1
`;

function pod(name: string, text = IP_ADDR, node = 'k01-worker'): AttachedPod {
  const interfaces = parseIpAddr(text).value.map((i) => (i.ifname === 'net1' ? { ...i, kind: 'macvlan' } : i));
  return { namespace: 'default', name, node, ip: '192.168.0.1', interfaces };
}
const PARENT = { ifname: 'eth2', mac: '02:42:ac:12:00:02', ifindex: 5 };

test('the definition: parsed as the macvlan plugin and whereabouts read it; another mode fails', () => {
  assert.equal(NAD.ipam.first, '10.10.20.100');
  assert.equal(NAD.ipam.subnet, '10.10.20.0/24');
  assert.ok(inRange(NAD, '10.10.20.150') && !inRange(NAD, '10.10.20.1') && !inRange(NAD, '10.10.20.201'));
  assert.deepEqual(requestedNetworks({ 'k8s.v1.cni.cncf.io/networks': 'vlan20-macvlan, other/x@net9' }, 'default'), [
    'default/vlan20-macvlan',
    'other/x',
  ]);
  const row = { type: 'macvlan', master: 'eth2', mode: 'bridge', ipam: 'whereabouts' };
  passes(definitionIs(NAD, row, []));
  fails(definitionIs({ ...NAD, mode: 'vepa' }, row, []), /its mode is "vepa"/);
});

test("podAttached: the lab's pod passes; no net1, another parent, an address outside the range or the parent's MAC fails", () => {
  passes(podAttached(pod('macvlan-test-pod'), NAD, 'net1', PARENT, []));
  const noNet1 = IP_ADDR.split('4: net1')[0]!;
  fails(podAttached(pod('macvlan-test-pod', noNet1), NAD, 'net1', PARENT, []), /it has no net1/);
  fails(podAttached(pod('macvlan-test-pod'), NAD, 'net1', { ...PARENT, ifindex: 2 }, []), /on the node's link 5/);
  const outside = IP_ADDR.replace('10.10.20.100/24', '10.10.20.50/24');
  fails(podAttached(pod('macvlan-test-pod', outside), NAD, 'net1', PARENT, []), /net1 address 10\.10\.20\.50/);
  fails(podAttached(pod('macvlan-test-pod'), NAD, 'net1', { ...PARENT, mac: '02:42:0a:0a:14:64' }, []), /net1 MAC/);
});

test('holdsFirstAddress, distinctAddresses and hasAddressOn: .100 first and unique passes; .101 first, a shared one or none fails', () => {
  passes(holdsFirstAddress(pod('macvlan-test-pod'), NAD, 'net1', []));
  const second = IP_ADDR.replace('10.10.20.100/24', '10.10.20.101/24');
  fails(holdsFirstAddress(pod('macvlan-test-pod', second), NAD, 'net1', []), /holds 10\.10\.20\.101/);
  passes(distinctAddresses([pod('a'), pod('b', second)], NAD, 'net1', []));
  fails(distinctAddresses([pod('a'), pod('b')], NAD, 'net1', []), /a holds 10\.10\.20\.100, b holds 10\.10\.20\.100/);
  passes(hasAddressOn(pod('a'), 'net1', []));
  fails(hasAddressOn(pod('a', IP_ADDR.split('4: net1')[0]!), 'net1', []), /it has no net1/);
});

test("podRoutesSplit: the lab's ip route passes; a default route on net1 or no route to the VLAN fails", () => {
  const routes = `default via 169.254.1.1 dev eth0
169.254.1.1 dev eth0 scope link
10.10.20.0/24 dev net1 proto kernel scope link src 10.10.20.100
192.168.0.0/16 via 169.254.1.1 dev eth0
`;
  passes(podRoutesSplit(pod('p'), parseIpRoute(routes).value, NAD, 'net1', []));
  const viaNet1 = routes.replace('default via 169.254.1.1 dev eth0', 'default via 10.10.20.1 dev net1');
  fails(podRoutesSplit(pod('p'), parseIpRoute(viaNet1).value, NAD, 'net1', []), /default via 10\.10\.20\.1 dev net1/);
  const noVlan = routes.replace(/10\.10\.20\.0\/24.*\n/, '');
  fails(podRoutesSplit(pod('p'), parseIpRoute(noVlan).value, NAD, 'net1', []), /no route to 10\.10\.20\.0\/24/);
});

test('parentsUp: eth2 UP,LOWER_UP everywhere passes; one node down or without eth2 fails', () => {
  const up = { ifname: 'eth2', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'] };
  passes(
    parentsUp(
      [
        { node: 'a', links: [up] },
        { node: 'b', links: [up] },
      ],
      'eth2',
      [],
    ),
  );
  fails(
    parentsUp([{ node: 'a', links: [{ ...up, flags: ['BROADCAST', 'MULTICAST'] }] }], 'eth2', []),
    /a eth2 BROADCAST/,
  );
  fails(parentsUp([{ node: 'b', links: [] }], 'eth2', []), /b has no eth2/);
});

test("torLearnedMac and torArpEntry: the lab's tables pass; the MAC on another port or no ARP entry fails", () => {
  const macTable = `Vlan    Mac Address       Type        Ports      Moves   Last Move
----    -----------       ----        -----      -----   ---------
  20    0242.0a0a.1464    DYNAMIC     Et4        1       0:00:15 ago
`;
  const mac = readRouterOutput('show mac address-table vlan 20', macTable);
  passes(torLearnedMac(mac, 20, '02:42:0a:0a:14:64', 'Ethernet4', 'p', []));
  fails(torLearnedMac(mac, 20, '02:42:0a:0a:14:64', 'Ethernet5', 'p', []), /it has it at vlan 20 Ethernet4/);
  fails(torLearnedMac(mac, 20, '02:42:0a:0a:14:65', 'Ethernet4', 'p', []), /no entry for/);
  const arp = readRouterOutput(
    'show arp',
    `Address         Age (sec)  Hardware Addr    Type   Interface
10.10.20.100    00:00:05   0242.0a0a.1464   D      Vlan20
`,
  );
  passes(torArpEntry(arp, '10.10.20.100', '02:42:0a:0a:14:64', 'Vlan20', 'p', []));
  fails(torArpEntry(arp, '10.10.20.101', '02:42:0a:0a:14:64', 'Vlan20', 'p', []), /no entry for 10\.10\.20\.101/);
});

test('subnetPing: three replies at TTL 64 on the VLAN pass; a lost reply or TTL 63 fails', () => {
  const text = (ttl: number, n: number) =>
    `PING 10.10.20.1 (10.10.20.1) 56(84) bytes of data.
${Array.from({ length: n }, (_, i) => `64 bytes from 10.10.20.1: icmp_seq=${i + 1} ttl=${ttl} time=0.123 ms`).join('\n')}

--- 10.10.20.1 ping statistics ---
3 packets transmitted, ${n} received, ${Math.round(((3 - n) * 100) / 3)}% packet loss, time 2003ms
`;
  const routers = routersBetween(NAD, '10.10.20.100', '10.10.20.1');
  assert.equal(routers, 0);
  passes(subnetPing('p', 'gw', parsePing(text(64, 3)).value, 3, 64, routers, []));
  fails(subnetPing('p', 'gw', parsePing(text(64, 2)).value, 3, 64, routers, []), /2 of 3 were answered/);
  fails(subnetPing('p', 'gw', parsePing(text(63, 3)).value, 3, 64, routers, []), /with TTL 63/);
});

test('CNI files: 00-multus.conf first, delegating to calico, macvlan everywhere pass; another order or plugin fails', () => {
  const entries = ['00-multus.conf', '10-calico.conflist', 'calico-kubeconfig'].map((name) => ({
    name,
    mode: '-rw-------',
  }));
  passes(firstConfig('n', '/etc/cni/net.d', entries, '00-multus.conf', []));
  fails(
    firstConfig('n', '/etc/cni/net.d', entries.slice(1), '00-multus.conf', []),
    /configs there are 10-calico\.conflist/,
  );
  const conf = JSON.stringify({
    type: 'multus',
    delegates: [{ plugins: [{ type: 'calico', ipam: { type: 'calico-ipam' } }, { type: 'portmap' }] }],
  });
  const want = { type: 'multus', primary: 'calico', ipam: 'calico-ipam', chained: 'portmap' };
  passes(delegatingConfig('n', 'f', conf, want, []));
  fails(delegatingConfig('n', 'f', conf.replace('"calico"', '"flannel"'), want, []), /first delegate flannel/);
  fails(delegatingConfig('n', 'f', undefined, want, []), /no file f/);
  const bin = [{ name: 'macvlan', mode: '-rwxr-xr-x' }];
  passes(pluginOnEveryNode([{ node: 'a', entries: bin }], '/opt/cni/bin', 'macvlan', []));
  fails(pluginOnEveryNode([{ node: 'a', entries: [] }], '/opt/cni/bin', 'macvlan', []), /a has no macvlan/);
});
