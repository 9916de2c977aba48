/** The pod-network checks' messages: every list separated, every command to look with named, on the captured fixtures. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  captureShowsSourcePod,
  caliInterfacesHaveMac,
  interfaceNamed,
  nodeRoutesEveryPod,
  parseIpAddr,
  parseIpLink,
  parseIpRoute,
  parsePing,
  parseTcpdump,
  pingAnswered,
  pingReplyTtl,
  podAddressInNodeBlock,
  podDefaultRoute,
  podEth0IsVethToNode,
  podHostRoute,
  podInterfaceMtu,
  podVeth,
  podVethHasNoIpv4,
  type PodPlace,
} from '../../../support/podnet/index.ts';
import { textEvidence } from '../../../support/floor/finding.ts';
import { assertFails } from './assertFinding.ts';
import { networkFixture } from './labText.ts';

const podA: PodPlace = { namespace: 'default', name: 'pod-a', node: 'node1', ip: '192.168.93.201' };
const podC: PodPlace = { namespace: 'default', name: 'pod-c', node: 'node2', ip: '192.168.112.197' };
const ev = [textEvidence('fixture', '')];
const podIfaces = parseIpAddr(networkFixture('pod-ip-j-addr.json')).value;
const eth0 = interfaceNamed(podIfaces, 'eth0')!;
const nodeLinks = parseIpLink(networkFixture('node1-ip-j-link.json')).value;
const nodeRoutes = parseIpRoute(networkFixture('node1-ip-j-route.json')).value;
const veth = podVeth(eth0, nodeLinks)!;

test('pod interface messages: blocks and addresses listed, the pod command to look with', () => {
  const twoAddresses = podIfaces.map((i) =>
    i.ifname === 'eth0'
      ? { ...i, addresses: [...i.addresses, { family: 'inet' as const, local: '10.0.0.5', prefixlen: 32 }] }
      : i,
  );
  assertFails(
    podAddressInNodeBlock(podA, twoAddresses, ['192.168.93.192/26', '192.168.94.0/26'], ev),
    '(192.168.93.192/26, 192.168.94.0/26); eth0 holds 192.168.93.201/32, 10.0.0.5/32 (10.0.0.5/32 in no block of ' +
      `${podA.node}). Check \`kubectl exec pod-a -- ip addr\``,
  );
  const noV4 = podIfaces.map((i) => (i.ifname === 'eth0' ? { ...i, addresses: [] } : i));
  assertFails(podAddressInNodeBlock(podA, noV4, [], ev), '(none); eth0 holds no IPv4 address.');
  assertFails(
    podInterfaceMtu(podA, podIfaces, { mtu: 1500, reason: 'no encapsulation' }, ev),
    'has MTU 1500 (no encapsulation); it has 1450. Check `kubectl exec pod-a -- ip link`',
  );
  const routes = parseIpRoute(networkFixture('pod-ip-j-route.json')).value;
  const twoDefaults = [...routes, { ...routes.find((r) => r.cidr === '0.0.0.0/0')!, gateway: '10.0.0.1' }];
  assertFails(
    podDefaultRoute(podA, twoDefaults, '169.254.1.1', ev),
    'its default route is via 169.254.1.1 dev eth0; via 10.0.0.1 dev eth0 and the link route to the gateway is there. Check `kubectl exec pod-a -- ip route`',
  );
  assertFails(podEth0IsVethToNode(podA, podIfaces, ev, 'eth1'), 'Check `kubectl exec pod-a -- ip link`');
});

test("host side messages: the veth's own peer, its addresses, every pod and every cali interface listed", () => {
  const unpaired = nodeLinks.map((l) => (l.ifindex === veth.ifindex ? { ...l, peerIfindex: undefined } : l));
  assertFails(podHostRoute(podA, eth0, nodeRoutes, unpaired, ev), `pairs with ${veth.ifindex}: ${veth.ifname}@if?.`);
  assert.equal(podHostRoute(podA, undefined, nodeRoutes, nodeLinks, ev).observed.vethIsCalico, false);
  const node = parseIpAddr(networkFixture('node1-ip-j-addr.json')).value;
  const twoV4 = node.map((i) =>
    i.ifindex === veth.ifindex
      ? {
          ...i,
          addresses: [
            { family: 'inet' as const, local: '169.254.1.1', prefixlen: 32 },
            { family: 'inet' as const, local: '10.0.0.9', prefixlen: 32 },
          ],
        }
      : i,
  );
  assertFails(podVethHasNoIpv4(podA, eth0, twoV4, ev), `${veth.ifname} holds 169.254.1.1/32, 10.0.0.9/32.`);
  const pods = [
    podA,
    { ...podA, name: 'pod-b', ip: '192.168.93.250' },
    { ...podA, name: 'pod-x', ip: '192.168.93.251' },
  ];
  assertFails(
    nodeRoutesEveryPod('node1', pods, nodeRoutes, nodeLinks, ev),
    'pod-b (192.168.93.250): no /32 route; pod-x (192.168.93.251): no /32 route.',
  );
  const macs = nodeLinks.map((l) => (l.ifname.startsWith('cali') ? { ...l, mac: '02:00:00:00:00:01' } : l));
  const caliCount = nodeLinks.filter((l) => l.ifname.startsWith('cali')).length;
  const wrong = caliInterfacesHaveMac('node1', macs, 'ee:ee:ee:ee:ee:ee', ev);
  assert.equal(wrong.observed.length, caliCount);
  assertFails(wrong, `(${caliCount} such interfaces) ${wrong.observed.join(', ')}.`);
  assert.match(
    caliInterfacesHaveMac('node1', nodeLinks, 'ee:ee:ee:ee:ee:ee', ev).message,
    /such interfaces\) all do\. Check/,
  );
});

test('capture and ping messages: requests alone name the peer, peers sorted, the commands to look with, loss counted', () => {
  const capture = parseTcpdump(networkFixture('tcpdump-cross-node.txt')).value;
  const requestsOnly = { packets: capture.packets.filter((p) => p.dst === podC.ip) };
  const repliesOnly = { packets: capture.packets.filter((p) => p.src === podC.ip) };
  assert.deepEqual(captureShowsSourcePod(podA, podC, requestsOnly, ev).observed, [podA.ip]);
  assert.deepEqual(captureShowsSourcePod(podA, podC, repliesOnly, ev).observed, [podA.ip]);
  const later = {
    packets: [
      ...capture.packets.map((p) => ({
        ...p,
        src: p.src === podA.ip ? '192.168.93.250' : p.src,
        dst: p.dst === podA.ip ? '192.168.93.250' : p.dst,
      })),
      ...capture.packets,
    ],
  };
  assert.deepEqual(captureShowsSourcePod(podA, podC, later, ev).observed, [podA.ip, '192.168.93.250']);
  assertFails(captureShowsSourcePod(podA, podC, later, ev), '`kubectl exec pod-c -- tcpdump -n -c 6 icmp`');

  const run = parsePing(networkFixture('ping-cross-node.txt')).value;
  const twoTtls = { ...run, replies: [run.replies[0]!, { ...run.replies[1]!, ttl: 61 }] };
  assertFails(
    pingReplyTtl(podA, podC, twoTtls, ev),
    `the replies carry TTL 61, 62. Check \`kubectl exec pod-a -- ping -c 3 ${podC.ip}\``,
  );
  assert.doesNotMatch(pingReplyTtl(podA, podC, run, ev).message, /Stryker|\(undefined/);
  assert.match(
    pingReplyTtl(podA, podC, run, ev).message,
    /TTL 62, 62, 62, 62, 62; the replies|the replies carry TTL [\d, ]+\. Check/,
  );
  const cut = { ...run, summary: undefined, replies: run.replies.slice(0, 1) };
  assert.deepEqual(pingAnswered(podA, podC, cut, 3, ev).observed, { received: 1, lossPercent: 67 });
  const blackholed = parsePing(networkFixture('ping-unreachable.txt')).value;
  assertFails(
    pingAnswered(podA, podC, blackholed, 3, ev),
    `, "${blackholed.errors[0]!.message}" from ${blackholed.errors[0]!.from}. Check the /32 routes on the destination node, the block routes between nodes, and \`kubectl exec pod-a -- ip route\`.`,
  );
  assert.match(pingAnswered(podA, podC, run, run.replies.length, ev).message, /% loss\)\. Check/);
});
