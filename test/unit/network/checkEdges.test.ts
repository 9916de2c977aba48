/**
 * The pod-network checks at their edges, on the captured fixtures changed one field at a time: routes that are
 * not unicast or not on the pod's veth, veth ends that do not pair, echoes of other hosts, a ping's summary.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  captureShowsSourcePod,
  caliInterfacesHaveMac,
  echoPeers,
  interfaceNamed,
  nodeRoutesEveryPod,
  parseIpAddr,
  parseIpLink,
  parseIpRoute,
  parsePing,
  parseTcpdump,
  pingAnswered,
  podAddressInNodeBlock,
  podDefaultRoute,
  podEth0IsVethToNode,
  podHostRoute,
  podInterfaceMtu,
  podVeth,
  podVethHasNoIpv4,
  podVethMac,
  podVethMtu,
  routeToRemotePodViaItsNode,
  type PodPlace,
  type Route,
} from '../../../support/podnet/index.ts';
import { textEvidence } from '../../../support/floor/finding.ts';
import { assertFails, assertPasses } from './assertFinding.ts';
import { networkFixture } from './labText.ts';

const podA: PodPlace = { namespace: 'default', name: 'pod-a', node: 'node1', ip: '192.168.93.201' };
const podC: PodPlace = { namespace: 'default', name: 'pod-c', node: 'node2', ip: '192.168.112.197' };
const ev = [textEvidence('fixture', '')];
const podIfaces = parseIpAddr(networkFixture('pod-ip-j-addr.json')).value;
const eth0 = interfaceNamed(podIfaces, 'eth0')!;
const nodeLinks = parseIpLink(networkFixture('node1-ip-j-link.json')).value;
const nodeRoutes = parseIpRoute(networkFixture('node1-ip-j-route.json')).value;
const podRoutes = parseIpRoute(networkFixture('pod-ip-j-route.json')).value;
const veth = podVeth(eth0, nodeLinks)!;
const hostRoute = nodeRoutes.find((r) => r.cidr === `${podA.ip}/32`)!;

function withRoute(edit: (r: Route) => Route | Route[]): Route[] {
  return nodeRoutes.flatMap((r) => (r === hostRoute ? edit(r) : [r]));
}

test("the pod's veth: the node interface its eth0 names, if any", () => {
  assert.equal(veth.ifindex, eth0.peerIfindex);
  assert.equal(podVeth(undefined, nodeLinks), undefined);
  assert.equal(podVeth({ ...eth0, peerIfindex: undefined }, nodeLinks), undefined);
  const f = podHostRoute(podA, { ...eth0, peerIfindex: undefined }, nodeRoutes, nodeLinks, ev);
  assertFails(f, "the pod's eth0 names no peer (not a veth?)");
  assertFails(podHostRoute(podA, undefined, nodeRoutes, nodeLinks, ev), 'and the pod has no eth0.');
  assertFails(podVethMac(podA, undefined, nodeLinks, 'ee:ee:ee:ee:ee:ee', ev), 'the pod has no eth0. Check');
  assertFails(
    podVethMtu(podA, { ...eth0, peerIfindex: 999 }, nodeLinks, 1450, ev),
    `the node has no interface 999, which the pod's eth0@if999 names. Check`,
  );
  assertFails(
    podVethHasNoIpv4(podA, undefined, parseIpAddr(networkFixture('node1-ip-j-addr.json')).value, ev),
    'the pod has no eth0. Check',
  );
});

test('the host route: one unicast /32 scope link on the paired veth, and nothing else', () => {
  const ok = podHostRoute(podA, eth0, nodeRoutes, nodeLinks, ev);
  assertPasses(ok);
  assert.match(
    ok.message,
    new RegExp(
      `the node has ${podA.ip.replaceAll('.', '\\.')} dev ${veth.ifname} scope link, and eth0@if${eth0.peerIfindex} pairs with ${veth.ifindex}: ${veth.ifname}@if${eth0.ifindex}\\.`,
    ),
  );
  // a blackhole route for the same /32 is no route to the pod
  const blackholed = podHostRoute(
    podA,
    eth0,
    withRoute((r) => ({ ...r, type: 'blackhole', dev: undefined, scope: undefined })),
    nodeLinks,
    ev,
  );
  assert.deepEqual(blackholed.observed, { hostRoutes: 0, onPodVeth: false, vethIsCalico: true });
  const viaGateway = podHostRoute(
    podA,
    eth0,
    withRoute((r) => ({ ...r, gateway: '172.29.99.1', scope: undefined })),
    nodeLinks,
    ev,
  );
  assert.deepEqual(viaGateway.observed, { hostRoutes: 1, onPodVeth: false, vethIsCalico: true });
  assertFails(viaGateway, `the node has ${podA.ip} via 172.29.99.1 dev ${veth.ifname}, and`);
  const global = podHostRoute(
    podA,
    eth0,
    withRoute((r) => ({ ...r, scope: 'global' })),
    nodeLinks,
    ev,
  );
  assert.equal(global.observed.onPodVeth, false);
  const twice = podHostRoute(
    podA,
    eth0,
    withRoute((r) => [r, { ...r, dev: 'eth0' }]),
    nodeLinks,
    ev,
  );
  assert.deepEqual(twice.observed, { hostRoutes: 2, onPodVeth: false, vethIsCalico: true });
  assertFails(twice, `dev ${veth.ifname} scope link; ${podA.ip} dev eth0 scope link`);
  assertFails(
    podHostRoute(
      podA,
      eth0,
      withRoute((r) => ({ ...r, dev: undefined, scope: undefined })),
      nodeLinks,
      ev,
    ),
    `the node has ${podA.ip} dev ?, and`,
  );
  // no route at all is not "every route on the veth"
  assert.deepEqual(
    podHostRoute(
      podA,
      eth0,
      withRoute(() => []),
      nodeLinks,
      ev,
    ).observed,
    { hostRoutes: 0, onPodVeth: false, vethIsCalico: true },
  );
  // a veth that pairs with another index, and a node end that is not Calico's
  const notCalico = nodeLinks.map((l) => (l.ifindex === veth.ifindex ? { ...l, ifname: 'veth1234' } : l));
  assert.deepEqual(
    podHostRoute(
      podA,
      eth0,
      withRoute((r) => ({ ...r, dev: 'veth1234' })),
      notCalico,
      ev,
    ).observed,
    { hostRoutes: 1, onPodVeth: true, vethIsCalico: false },
  );
  assert.deepEqual(podHostRoute(podA, eth0, nodeRoutes, notCalico, ev, 'veth').observed.vethIsCalico, true);
  assertFails(podHostRoute(podA, eth0, nodeRoutes, nodeLinks, ev, 'veth'), 'to the veth… interface paired');
});

test("the veth's MAC, MTU and addresses: each read from the paired interface, missing ones named", () => {
  const noMac = nodeLinks.map((l) => (l.ifindex === veth.ifindex ? { ...l, mac: undefined } : l));
  const mac = podVethMac(podA, eth0, noMac, 'EE:EE:EE:EE:EE:EE', ev);
  assert.deepEqual([mac.expected, mac.observed], ['ee:ee:ee:ee:ee:ee', null]);
  assertFails(mac, `${veth.ifname} has no MAC. Check`);
  assertPasses(
    podVethMac(
      podA,
      eth0,
      nodeLinks.map((l) => ({ ...l, mac: l.mac?.toUpperCase() })),
      'ee:ee:ee:ee:ee:ee',
      ev,
    ),
  );
  assertFails(podVethMtu(podA, eth0, nodeLinks, 1500, ev), `${veth.ifname} has 1450. Check`);
  assert.equal(podVethMtu(podA, undefined, nodeLinks, 1450, ev).observed, null);
  const node = parseIpAddr(networkFixture('node1-ip-j-addr.json')).value;
  const ok = podVethHasNoIpv4(podA, eth0, node, ev);
  assertPasses(ok);
  assert.match(ok.message, new RegExp(`${veth.ifname} holds none\\. Check`));
  assert.equal(podVethHasNoIpv4(podA, undefined, node, ev).observed, null);
});

test('every pod on the node has one /32 on an existing cali interface; a route elsewhere is named by its device', () => {
  const pods = [podA, podC];
  assertPasses(nodeRoutesEveryPod('node1', pods, nodeRoutes, nodeLinks, ev));
  const onEth0 = nodeRoutesEveryPod(
    'node1',
    pods,
    withRoute((r) => ({ ...r, dev: 'eth0' })),
    nodeLinks,
    ev,
  );
  assert.deepEqual(onEth0.observed, [`pod-a (${podA.ip}): dev eth0`]);
  assertFails(
    onEth0,
    `The lab promises that node node1 keeps one /32 route per pod it runs, each on that pod's cali… interface; pod-a (${podA.ip}): dev eth0. Check`,
  );
  const gone = nodeRoutesEveryPod(
    'node1',
    pods,
    withRoute((r) => ({ ...r, dev: 'cali00000000000' })),
    nodeLinks,
    ev,
  );
  assert.deepEqual(gone.observed, [`pod-a (${podA.ip}): dev cali00000000000`]);
  const twice = nodeRoutesEveryPod(
    'node1',
    pods,
    withRoute((r) => [r, r]),
    nodeLinks,
    ev,
  );
  assert.deepEqual(twice.observed, [`pod-a (${podA.ip}): dev ${veth.ifname}, dev ${veth.ifname}`]);
  const noDev = nodeRoutesEveryPod(
    'node1',
    pods,
    withRoute((r) => ({ ...r, dev: undefined })),
    nodeLinks,
    ev,
  );
  assert.deepEqual(noDev.observed, [`pod-a (${podA.ip}): dev ?`]);
  const blackhole = nodeRoutesEveryPod(
    'node1',
    pods,
    withRoute((r) => ({ ...r, type: 'blackhole' })),
    nodeLinks,
    ev,
  );
  assert.deepEqual(blackhole.observed, [`pod-a (${podA.ip}): no /32 route`]);
  assert.match(
    nodeRoutesEveryPod('node1', pods, nodeRoutes, nodeLinks, ev).message,
    /interface; every pod has one\. Check/,
  );
  // a link without a MAC on a cali interface is not Calico's MAC
  const noMac = caliInterfacesHaveMac(
    'node1',
    nodeLinks.map((l) => (l.ifindex === veth.ifindex ? { ...l, mac: undefined } : l)),
    'EE:EE:EE:EE:EE:EE',
    ev,
  );
  assert.deepEqual(noMac.observed, [`${veth.ifname}: no MAC`]);
  assertPasses(caliInterfacesHaveMac('node1', nodeLinks, 'EE:EE:EE:EE:EE:EE', ev));
});

test("the pod's own interface: every address inside the node's blocks, the MTU, the default route, the veth peer", () => {
  const second = podIfaces.map((i) =>
    i.ifname === 'eth0'
      ? { ...i, addresses: [...i.addresses, { family: 'inet' as const, local: '10.0.0.5', prefixlen: 32 }] }
      : i,
  );
  assert.equal(podAddressInNodeBlock(podA, second, ['192.168.93.192/26'], ev).observed.insideNodeBlock, false);
  const none = podAddressInNodeBlock(podA, podIfaces, ['192.168.93.192/26'], ev, 'eth1');
  assert.deepEqual(none.observed, { addresses: [], insideNodeBlock: false });
  assertFails(none, 'the pod has no eth1. Check');
  assertFails(podInterfaceMtu(podA, podIfaces, { mtu: 1450, reason: 'VXLAN' }, ev, 'eth1'), 'it has no eth1. Check');
  assert.equal(podInterfaceMtu(podA, podIfaces, { mtu: 1450, reason: 'VXLAN' }, ev, 'eth1').observed, null);

  const gw = '169.254.1.1';
  const linkRoute = podRoutes.find((r) => r.cidr === `${gw}/32`)!;
  const without = (edit: Partial<Route>) => podRoutes.map((r) => (r === linkRoute ? { ...r, ...edit } : r));
  for (const edit of [{ cidr: '169.254.1.2/32' }, { dev: 'eth1' }, { scope: 'global' }]) {
    assert.equal(podDefaultRoute(podA, without(edit), gw, ev).observed.gatewayOnLink, false, JSON.stringify(edit));
  }
  const def = podRoutes.find((r) => r.cidr === '0.0.0.0/0')!;
  const direct = podDefaultRoute(
    podA,
    podRoutes.map((r) => (r === def ? { ...r, gateway: undefined, dev: undefined } : r)),
    gw,
    ev,
  );
  assert.deepEqual(direct.observed.defaultRoutes, ['direct']);
  const unreachable = podDefaultRoute(
    podA,
    podRoutes.map((r) => (r === def ? { ...r, type: 'unreachable' } : r)),
    gw,
    ev,
  );
  assert.deepEqual(unreachable.observed.defaultRoutes, []);
  assertFails(unreachable, 'its default route is missing and the link route to the gateway is there.');

  const noPeer = podEth0IsVethToNode(
    podA,
    podIfaces.map((i) =>
      i.ifname === 'eth0' ? { ...i, peerIfindex: undefined, peerNetnsId: undefined, peerNetnsName: 'cni-1234' } : i,
    ),
    ev,
  );
  assert.deepEqual(noPeer.observed, { pairedWithIndex: false, peerInOtherNamespace: true });
  assertFails(noPeer, 'the pod shows eth0 (no @ifN), link-netns cni-1234. Check');
  const byId = podEth0IsVethToNode(podA, podIfaces, ev);
  assert.match(
    byId.message,
    new RegExp(`the pod shows eth0@if${eth0.peerIfindex}, link-netnsid ${eth0.peerNetnsId}\\. Check`),
  );
  const missing = podEth0IsVethToNode(podA, podIfaces, ev, 'eth1');
  assert.deepEqual(missing.observed, { pairedWithIndex: false, peerInOtherNamespace: false });
  assertFails(missing, 'the pod shows the pod has no eth1. Check');
});

test('route lookups, captures and ping summaries: what each saw, in the message', () => {
  const lookup = { dst: podC.ip, type: 'unicast', gateway: '172.29.99.3', dev: 'eth0' };
  assertFails(
    routeToRemotePodViaItsNode('node1', podC, '172.29.99.2', lookup, ev),
    `answers via 172.29.99.3 dev eth0. Check`,
  );
  assertFails(
    routeToRemotePodViaItsNode('node1', podC, '172.29.99.2', { dst: podC.ip, type: 'blackhole' }, ev),
    'answers blackhole with no gateway. Check',
  );

  const capture = parseTcpdump(networkFixture('tcpdump-cross-node.txt')).value;
  const peers = echoPeers(capture, podC.ip);
  assert.deepEqual(peers, [podA.ip]);
  // echoes of other hosts, and echoes in the wrong direction, are not this pod's peers
  const others = {
    packets: capture.packets.map((p) => ({
      ...p,
      src: p.src === podA.ip ? '192.168.93.250' : p.src,
      dst: p.dst === podA.ip ? '192.168.93.250' : p.dst,
    })),
  };
  assert.deepEqual(echoPeers(others, podC.ip), ['192.168.93.250']);
  const reversed = { packets: capture.packets.map((p) => ({ ...p, src: p.dst, dst: p.src })) };
  assert.deepEqual(echoPeers(reversed, podC.ip), []);
  const unrelated = {
    packets: capture.packets.map((p) => ({
      ...p,
      src: p.src === podC.ip ? '10.9.9.9' : p.src,
      dst: p.dst === podC.ip ? '10.9.9.9' : p.dst,
    })),
  };
  assert.deepEqual(echoPeers(unrelated, podC.ip), []);
  const two = { packets: [...capture.packets, ...others.packets] };
  assert.deepEqual(echoPeers(two, podC.ip), [podA.ip, '192.168.93.250'].sort());
  assertFails(
    captureShowsSourcePod(podA, podC, two, ev),
    `were exchanged with ${[podA.ip, '192.168.93.250'].sort().join(', ')} (`,
  );

  const run = parsePing(networkFixture('ping-cross-node.txt')).value;
  const cut = { ...run, summary: undefined };
  assert.deepEqual(pingAnswered(podA, podC, cut, run.replies.length + 1, ev).observed, {
    received: run.replies.length,
    lossPercent: Math.round(100 / (run.replies.length + 1)),
  });
  const dup = { ...cut, replies: [...run.replies, { ...run.replies[0]!, duplicate: true }] };
  assert.equal(pingAnswered(podA, podC, dup, run.replies.length, ev).observed.received, run.replies.length);
  assert.deepEqual(pingAnswered(podA, podC, { ...cut, replies: [] }, 0, ev).observed, {
    received: 0,
    lossPercent: 100,
  });
});
