import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bestRoute,
  hostRoutesTo,
  interfaceNamed,
  ipv4Addresses,
  parseIpAddr,
  parseIpLink,
  parseIpRoute,
  parseIpRouteGet,
} from '../../../support/podnet/index.ts';
import { LabgateError } from '../../../support/floor/errors.ts';
import { labOutput, labText, networkFixture } from './labText.ts';

// what capture.ts built: see test/fixtures/network/README.md
const POD_A = '192.168.93.201';
const POD_B = '192.168.93.202';
const POD_C = '192.168.112.197';
const NODE2 = '172.29.99.3';

test('ip -j addr in a pod: eth0 holds the pod address as a /32, MTU 1450, paired with an interface on the node', () => {
  const { value, problems } = parseIpAddr(networkFixture('pod-ip-j-addr.json'));
  assert.deepEqual(problems, []);
  const eth0 = interfaceNamed(value, 'eth0')!;
  assert.deepEqual(ipv4Addresses(eth0), [`${POD_A}/32`]);
  assert.equal(eth0.mtu, 1450);
  assert.equal(eth0.peerNetnsId, 0);
  assert.equal(typeof eth0.peerIfindex, 'number');
  assert.notEqual(eth0.mac, 'ee:ee:ee:ee:ee:ee');
  assert.deepEqual(ipv4Addresses(interfaceNamed(value, 'lo')!), ['127.0.0.1/8']);
});

test("ip -j link on the node: the cali end of each pod veth, with Calico's MAC and the peer index of the pod's eth0", () => {
  const pod = parseIpLink(networkFixture('pod-ip-j-link.json')).value;
  const node = parseIpLink(networkFixture('node1-ip-j-link.json')).value;
  const podEth0 = interfaceNamed(pod, 'eth0')!;
  const veth = node.find((l) => l.ifindex === podEth0.peerIfindex)!;
  assert.match(veth.ifname, /^cali[0-9a-f]{11}$/);
  assert.equal(veth.peerIfindex, podEth0.ifindex);
  assert.equal(veth.mac, 'ee:ee:ee:ee:ee:ee');
  assert.equal(veth.mtu, 1450);
  const detailed = parseIpLink(networkFixture('node1-ip-j-d-link.json')).value;
  assert.equal(interfaceNamed(detailed, veth.ifname)!.kind, 'veth');
});

test("ip -j route: the pod's default via 169.254.1.1, the node's /32 per pod and /26 per other node", () => {
  const pod = parseIpRoute(networkFixture('pod-ip-j-route.json')).value;
  assert.deepEqual(
    pod.map((r) => [r.cidr, r.gateway, r.dev, r.scope]),
    [
      ['0.0.0.0/0', '169.254.1.1', 'eth0', undefined],
      ['169.254.1.1/32', undefined, 'eth0', 'link'],
    ],
  );
  const node = parseIpRoute(networkFixture('node1-ip-j-route.json')).value;
  assert.equal(hostRoutesTo(node, POD_A).length, 1);
  assert.match(hostRoutesTo(node, POD_B)[0]!.dev!, /^cali/);
  const remote = bestRoute(node, POD_C)!;
  assert.equal(remote.cidr, '192.168.112.192/26');
  assert.equal(remote.gateway, NODE2);
  assert.deepEqual(remote.flags, ['onlink']);
  const node2 = parseIpRoute(networkFixture('node2-ip-j-route.json')).value;
  assert.deepEqual(
    node2.filter((r) => r.type !== 'unicast').map((r) => `${r.type} ${r.cidr}`),
    ['blackhole 192.168.112.250/32', 'unreachable 192.168.112.251/32'],
  );
});

test("ip -j route get: the node sends a remote pod's address via that pod's node; the pod via 169.254.1.1", () => {
  const fromNode = parseIpRouteGet(networkFixture('node1-ip-j-route-get-remote.json')).value!;
  assert.deepEqual(
    [fromNode.dst, fromNode.gateway, fromNode.dev, fromNode.prefsrc, fromNode.uid],
    [POD_C, NODE2, 'eth0', '172.29.99.2', 0],
  );
  const fromPod = parseIpRouteGet(networkFixture('pod-ip-j-route-get-remote.json')).value!;
  assert.equal(fromPod.gateway, '169.254.1.1');
  assert.equal(fromPod.prefsrc, POD_A);
});

test('the text forms of the same captures read the same as the JSON forms', () => {
  const strip = (
    links: { ifindex: number; ifname: string; peerIfindex?: number; mtu: number; mac?: string; flags: string[] }[],
  ) =>
    links.map(({ ifindex, ifname, peerIfindex, mtu, mac, flags }) => ({
      ifindex,
      ifname,
      peerIfindex,
      mtu,
      mac,
      flags,
    }));
  for (const [json, text] of [
    ['pod-ip-j-addr.json', 'pod-ip-addr.txt'],
    ['node1-ip-j-addr.json', 'node1-ip-addr.txt'],
  ]) {
    const j = parseIpAddr(networkFixture(json!)).value;
    const t = parseIpAddr(networkFixture(text!));
    assert.deepEqual(t.problems, []);
    assert.deepEqual(strip(t.value), strip(j));
    assert.deepEqual(
      t.value.map((i) => i.addresses.map((a) => `${a.family} ${a.local}/${a.prefixlen} ${a.scope}`)),
      j.map((i) => i.addresses.map((a) => `${a.family} ${a.local}/${a.prefixlen} ${a.scope}`)),
    );
  }
  // the text names the peer namespace where JSON gives its id
  assert.equal(interfaceNamed(parseIpAddr(networkFixture('pod-ip-addr.txt')).value, 'eth0')!.peerNetnsName, 'lgnet-n1');
  const jl = parseIpLink(networkFixture('pod-ip-j-link.json')).value;
  assert.deepEqual(strip(parseIpLink(networkFixture('pod-ip-link.txt')).value), strip(jl));
  for (const [json, text] of [
    ['pod-ip-j-route.json', 'pod-ip-route.txt'],
    ['node1-ip-j-route.json', 'node1-ip-route.txt'],
    ['node2-ip-j-route.json', 'node2-ip-route.txt'],
  ]) {
    const t = parseIpRoute(networkFixture(text!));
    assert.deepEqual(t.problems, []);
    assert.deepEqual(t.value, parseIpRoute(networkFixture(json!)).value);
  }
  assert.deepEqual(
    parseIpRouteGet(networkFixture('node1-ip-route-get-remote.txt')).value,
    parseIpRouteGet(networkFixture('node1-ip-j-route-get-remote.json')).value,
  );
});

test("lab 02: the pod's ip addr, ip link and ip route as the lab shows them", () => {
  const lab = labText('02-pod-network');
  const addr = parseIpAddr(labOutput(lab, 'ip addr'));
  assert.deepEqual(addr.problems, []);
  const eth0 = interfaceNamed(addr.value, 'eth0')!;
  assert.deepEqual([eth0.ifindex, eth0.peerIfindex, eth0.peerNetnsId, eth0.mtu], [2, 6, 0, 1450]);
  assert.deepEqual(ipv4Addresses(eth0), ['192.168.146.66/32']);
  const link = parseIpLink(labOutput(lab, 'ip link'));
  assert.deepEqual(link.problems, []);
  assert.equal(interfaceNamed(link.value, 'eth0')!.mac, eth0.mac);
  const routes = parseIpRoute(labOutput(lab, 'ip route'));
  assert.deepEqual(routes.problems, []);
  assert.deepEqual(
    routes.value.map((r) => `${r.cidr} ${r.gateway ?? '-'} ${r.dev} ${r.scope ?? '-'}`),
    ['0.0.0.0/0 169.254.1.1 eth0 -', '169.254.1.1/32 - eth0 link'],
  );
});

test("lab 02: the node's grep for the pod route and the grep -A3 of its cali interface", () => {
  const lab = labText('02-pod-network');
  const [route] = parseIpRoute(labOutput(lab, 'ip route | grep 192.168.146.66')).value;
  assert.deepEqual([route!.cidr, route!.dev, route!.scope], ['192.168.146.66/32', 'cali6d09fa47963', 'link']);
  const part = parseIpAddr(labOutput(lab, 'ip addr | grep cali6d09fa47963 -A3'));
  assert.deepEqual(part.problems, []);
  const [cali] = part.value;
  assert.deepEqual(
    [cali!.ifindex, cali!.ifname, cali!.peerIfindex, cali!.mac, cali!.mtu],
    [6, 'cali6d09fa47963', 2, 'ee:ee:ee:ee:ee:ee', 1450],
  );
  assert.equal(cali!.peerNetnsName, 'cni-03a82789-389d-e76a-7035-f50cab457aa9');
  assert.deepEqual(ipv4Addresses(cali!), []);
});

test('lab 03: its ip addr block (first line on the fence) and ip route block (with the command echoed) are read, the oddities named', () => {
  const lab = labText('03-pod-routing', 'Readme.md');
  const addr = parseIpAddr(labOutput(lab, 'ip addr'));
  const eth0 = interfaceNamed(addr.value, 'eth0')!;
  assert.deepEqual(ipv4Addresses(eth0), ['192.168.93.200/32']);
  assert.deepEqual([eth0.peerIfindex, eth0.mtu], [13, 1450]);
  // the lab's link-local address lost its prefix length
  assert.equal(addr.problems.length, 1);
  assert.match(addr.problems[0]!, /fe80::bcb0:71ff:fedf:64/);
  const routes = parseIpRoute(labOutput(lab, 'ip route'));
  assert.deepEqual(routes.problems, ['line 1: "ip route" is not a route']);
  assert.equal(routes.value.length, 2);
});

test('lab 03: ip route get on the source node, and the /32 routes on both nodes', () => {
  const lab = labText('03-pod-routing', 'Readme.md');
  const get = parseIpRouteGet(labOutput(lab, 'ip route get 192.168.112.197'));
  assert.deepEqual(get.problems, []);
  assert.deepEqual(get.value, {
    dst: '192.168.112.197',
    type: 'unicast',
    gateway: '172.18.0.3',
    dev: 'eth0',
    prefsrc: '172.18.0.2',
    uid: 0,
  });
  for (const [ip, dev] of [
    ['192.168.93.202', 'cali3174bc812f3'],
    ['192.168.112.197', 'cali2add6b13a99'],
  ]) {
    const routes = parseIpRoute(labOutput(lab, `ip route | grep ${ip}`)).value;
    assert.deepEqual(
      hostRoutesTo(routes, ip!).map((r) => r.dev),
      [dev],
    );
  }
});

test('text route lines with types, protocols, metrics and an IPv6 gateway', () => {
  const { value, problems } = parseIpRoute(
    [
      'default via 172.18.0.1 dev eth0 proto dhcp src 172.18.0.2 metric 100 ',
      'blackhole 192.168.93.192/26 proto 80 ',
      '192.168.112.192/26 via 172.18.0.3 dev eth0 proto 80 onlink ',
      '10.0.0.0/8 via inet6 fe80::1 dev eth1',
      '\tnexthop via 10.1.0.1 dev eth2 weight 1',
    ].join('\n'),
  );
  assert.deepEqual(
    value.map((r) => [r.type, r.cidr, r.gateway, r.protocol, r.metric, r.prefsrc, r.flags.join(',')]),
    [
      ['unicast', '0.0.0.0/0', '172.18.0.1', 'dhcp', 100, '172.18.0.2', ''],
      ['blackhole', '192.168.93.192/26', undefined, '80', undefined, undefined, ''],
      ['unicast', '192.168.112.192/26', '172.18.0.3', '80', undefined, undefined, 'onlink'],
      ['unicast', '10.0.0.0/8', 'fe80::1', undefined, undefined, undefined, ''],
    ],
  );
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /multipath/);
});

test("JSON that is not iproute2's is a LabgateError, not a crash", () => {
  assert.throws(() => parseIpAddr('[{"ifname": 3}]'), LabgateError);
  assert.throws(() => parseIpRoute('[not json'), LabgateError);
  assert.throws(() => parseIpRouteGet('[]'), LabgateError);
});
