/**
 * The fabric of lab 06's twin, built from the lab's own files: the nodes' node-ip, Calico's VXLAN routes (on-link
 * inside a subnet, through vxlan.calico across), the ToR from its startup config, and the EOS text its Cli renders
 * from kernel state, checked against the outputs the lab text records.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadLab } from '../../../support/lab/catalog.ts';
import { loadManifests, makePlan } from '../../../twin/plan.ts';
import { parseEosConfig, renderRunningConfig } from '../../../twin/topology/ceos/config.ts';
import { torScript } from '../../../twin/topology/ceos/build.ts';
import type { KernelState } from '../../../twin/topology/ceos/kernel.ts';
import * as render from '../../../twin/topology/ceos/render.ts';
import { execAddresses } from '../../../twin/topology/nodeAddresses.ts';
import { vtepOf, vxlanRouting } from '../../../twin/routing/vxlan.ts';
import { routingOf } from '../../../twin/routing/index.ts';

const COURSE = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'course', '06-calico-overlay');
const README = readFileSync(join(COURSE, 'README.md'), 'utf8');
const STARTUP = readFileSync(join(COURSE, 'startup-configs', 'ceos01-startup-config.config'), 'utf8');

/** The lines of the README's output block that starts with `first`, up to the closing fence. */
function recorded(first: string): string[] {
  const at = README.indexOf(first);
  assert.ok(at >= 0, `the README records "${first}"`);
  return README.slice(at, README.indexOf('```', at)).trimEnd().split('\n');
}

const lab06 = () => {
  const lab = loadLab('06-calico-overlay');
  return makePlan(lab, loadManifests(lab.manifestsDir));
};

test('exec lines: the addresses they add, with interface and prefix, in either word order', () => {
  assert.deepEqual(
    execAddresses(['ip addr add dev eth1 10.10.10.10/24', 'ip route add 10.10.20.0/24 via 10.10.10.1']),
    [{ iface: 'eth1', ip: '10.10.10.10', prefixLength: 24 }],
  );
  assert.deepEqual(execAddresses(['ip address add 10.30.30.100/24 dev eth1']), [
    { iface: 'eth1', ip: '10.30.30.100', prefixLength: 24 },
  ]);
});

test("lab 06: each node's node-ip from the Kind config, on the eth1 its exec lines address", () => {
  const plan = lab06();
  assert.deepEqual(
    Object.entries(plan.topology!.nodeAddresses).map(([n, a]) => `${n} ${a.iface} ${a.ip}/${a.prefixLength}`),
    [
      'k01-control-plane eth1 10.10.10.10/24',
      'k01-worker eth1 10.10.10.11/24',
      'k01-worker2 eth1 10.10.10.12/24',
      'k01-worker3 eth1 10.10.20.20/24',
    ],
  );
  assert.equal(routingOf(plan).name, 'vxlan');
});

test('lab 06 VXLAN: on-link via eth1 inside the subnet, through vxlan.calico across it, a blackhole for its own', () => {
  const plan = lab06();
  const block = (n: string) => plan.nodes.find((x) => x.name === n)!.block;
  const worker = vxlanRouting.nodeScript(plan, 'k01-worker', new Map());
  assert.ok(worker.includes(`ip route replace ${block('k01-worker2')} via 10.10.10.12 dev eth1 proto 80 onlink`));
  assert.ok(worker.includes(`ip route replace blackhole ${block('k01-worker')} proto 80`));
  const w3 = vtepOf(block('k01-worker3'));
  assert.ok(worker.includes(`ip route replace ${block('k01-worker3')} via ${w3} dev vxlan.calico onlink`));
  assert.ok(!worker.some((l) => l.includes(`${block('k01-worker2')} via`) && l.includes('vxlan.calico')));
  assert.ok(worker.some((l) => /type vxlan id 4096 local 10\.10\.10\.11 dev eth1 dstport 4789 nolearning/.test(l)));
  const worker3 = vxlanRouting.nodeScript(plan, 'k01-worker3', new Map());
  for (const n of ['k01-control-plane', 'k01-worker', 'k01-worker2']) {
    assert.ok(worker3.includes(`ip route replace ${block(n)} via ${vtepOf(block(n))} dev vxlan.calico onlink`));
    assert.ok(worker3.some((l) => l.startsWith('bridge fdb replace') && l.endsWith(`self permanent`)));
  }
  assert.ok(worker3.some((l) => /dst 10\.10\.10\.11 self permanent$/.test(l)));
});

test('the ToR from the startup config: a bridge per VLAN with its access ports, SVIs with EOS default MTU', () => {
  const config = parseEosConfig(STARTUP);
  assert.equal(config.hostname, 'ceos');
  assert.equal(config.ipRouting, true);
  assert.deepEqual(config.unsupported, []);
  const script = torScript(config);
  for (const l of [
    'ip link add vlan10 type bridge',
    'ip link set eth3 master vlan10',
    'ip link set eth4 master vlan20',
    'ip addr add 10.10.20.1/24 dev vlan20',
    'ip link set vlan10 mtu 1500',
    'nft add rule ip labgate_tor output icmp type destination-unreachable icmp code frag-needed ip saddr set "$MGMT"',
  ])
    assert.ok(script.includes(l), l);
  assert.ok(
    script.indexOf('MGMT=$(ip -4 -o addr show dev eth0') < script.findIndex((l) => l.startsWith('nft add rule')),
  );
  assert.match(renderRunningConfig(config), /interface Ethernet4\n {3}description Connection to k01-worker3\n/);
  assert.deepEqual(parseEosConfig('router bgp 65001\n   router-id 1.1.1.1\n').unsupported, ['router bgp 65001']);
});

/** The ToR's kernel as the twin builds lab 06's, in the shape `ip -j` and `bridge -j` print. */
function torKernel(): KernelState {
  const up = ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'];
  const port = (n: number, vlan: number) => ({ ifname: `eth${n}`, flags: up, mtu: 9500, master: `vlan${vlan}` });
  return {
    links: [
      { ifname: 'lo', flags: ['LOOPBACK', 'UP'], mtu: 65536 },
      { ifname: 'eth0', flags: up, mtu: 1500 },
      port(1, 10),
      port(2, 10),
      port(3, 10),
      port(4, 20),
      { ifname: 'vlan10', flags: up, mtu: 1500 },
      { ifname: 'vlan20', flags: up, mtu: 1500 },
    ],
    addrs: [
      { ifname: 'eth0', addr_info: [{ family: 'inet', local: '172.20.20.2', prefixlen: 24 }] },
      { ifname: 'vlan10', addr_info: [{ family: 'inet', local: '10.10.10.1', prefixlen: 24 }] },
      { ifname: 'vlan20', addr_info: [{ family: 'inet', local: '10.10.20.1', prefixlen: 24 }] },
    ],
    routes: [
      { dst: '10.10.10.0/24', dev: 'vlan10', protocol: 'kernel', scope: 'link' },
      { dst: '10.10.20.0/24', dev: 'vlan20', protocol: 'kernel', scope: 'link' },
      { dst: '172.20.20.0/24', dev: 'eth0', protocol: 'kernel', scope: 'link' },
    ],
    neighbours: [{ dst: '10.10.10.11', dev: 'vlan10', lladdr: 'aa:c1:ab:3e:56:a1', state: ['REACHABLE'] }],
    fdb: [
      { mac: 'aa:c1:ab:3e:56:a1', ifname: 'eth2', master: 'vlan10', state: '' },
      { mac: 'ce:11:22:33:44:55', ifname: 'eth2', master: 'vlan10', state: 'permanent' },
    ],
  };
}

test('show interfaces status: exactly the lab text recorded (ports, descriptions, VLANs, state)', () => {
  const config = parseEosConfig(STARTUP);
  const text = render.interfacesStatusText(torKernel(), config).trimEnd().split('\n');
  assert.deepEqual(text, recorded('Port       Name'));
  const json = render.interfacesStatus(torKernel(), config).interfaceStatuses as Record<
    string,
    { vlanInformation: { vlanId: number } }
  >;
  assert.equal(json.Ethernet4!.vlanInformation.vlanId, 20);
});

test("show ip interface brief: the lab text's lines, but for its garbled first header line", () => {
  const text = render.ipInterfaceBriefText(torKernel()).trimEnd().split('\n');
  assert.deepEqual(text.slice(1), recorded('Interface         IP Address'));
  assert.equal(text[0]!.trim(), 'Address');
});

test("show ip route: the lab text's lines after EOS's VRF and codes header", () => {
  const text = render.ipRouteText(torKernel()).trimEnd().split('\n');
  const from = text.indexOf('Gateway of last resort is not set');
  assert.equal(text[0], 'VRF: default');
  assert.deepEqual(text.slice(from), recorded('Gateway of last resort is not set'));
});

test('show mac address-table and show arp: the learnt MAC on its port, never a permanent (own) entry', () => {
  const mac = render.macAddressTableText(torKernel()).split('\n');
  assert.ok(mac.some((l) => /^ {2}10 {4}aac1\.ab3e\.56a1 {4}DYNAMIC {5}Et2 /.test(l)));
  assert.ok(mac.includes('Total Mac Addresses for this criterion: 1'));
  assert.equal(render.macAddressTable(torKernel(), 20).unicastTable.tableEntries.length, 0);
  assert.match(render.arpText(torKernel()), /10\.10\.10\.11 .*aac1\.ab3e\.56a1 {2}Vlan10, Ethernet2/);
});
