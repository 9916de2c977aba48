import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import {
  expectedPodMtu,
  interfaceNamed,
  parseIpAddr,
  parseIpLink,
  parseIpRoute,
  podAddressInNodeBlock,
  podDefaultRoute,
  podHostRoute,
  podInterfaceMtu,
  podVethMac,
  podVethMtu,
  caliInterfacesHaveMac,
  nodeRoutesEveryPod,
  podEth0IsVethToNode,
  podVethHasNoIpv4,
  type PodPlace,
} from '../../../support/podnet/index.ts';
import { textEvidence } from '../../../support/floor/finding.ts';
import { assertFails, assertPasses } from './assertFinding.ts';
import { labOutput, labTable, labText, networkFixture } from './labText.ts';

// what capture.ts built (test/fixtures/network/README.md)
const podA: PodPlace = { namespace: 'default', name: 'pod-a', node: 'node1', ip: '192.168.93.201' };
const podC: PodPlace = { namespace: 'default', name: 'pod-c', node: 'node2', ip: '192.168.112.197' };
const NODE1_BLOCK = '192.168.93.192/26';
const NODE2_BLOCK = '192.168.112.192/26';
const CALICO_MAC = 'ee:ee:ee:ee:ee:ee';
const GATEWAY = '169.254.1.1';
const ev = [textEvidence('fixture', '')];
const addr = (f: string) => parseIpAddr(networkFixture(f)).value;
const links = (f: string) => parseIpLink(networkFixture(f)).value;
const routes = (f: string) => parseIpRoute(networkFixture(f)).value;

test("the pod's eth0 holds its /32 from its node's block; the wrong node's block fails and says which", () => {
  assertPasses(podAddressInNodeBlock(podA, addr('pod-ip-j-addr.json'), [NODE1_BLOCK], ev));
  assertFails(
    podAddressInNodeBlock(podA, addr('pod-ip-j-addr.json'), [NODE2_BLOCK], ev),
    NODE2_BLOCK,
    '192.168.93.201/32',
  );
  assertFails(podAddressInNodeBlock(podA, addr('pod-ip-j-addr.json'), [], ev), 'none');
  // another pod's address on eth0
  assertFails(
    podAddressInNodeBlock({ ...podA, ip: '192.168.93.202' }, addr('pod-ip-j-addr.json'), [NODE1_BLOCK], ev),
    '192.168.93.202',
  );
});

test("eth0's MTU is what the Installation implies; the captured MTU 1500 fault fails", () => {
  const want = expectedPodMtu({ encapsulations: ['VXLANCrossSubnet'], uplinkMtu: 1500 });
  assertPasses(podInterfaceMtu(podA, addr('pod-ip-j-addr.json'), want, ev));
  assertFails(podInterfaceMtu(podA, addr('pod-ip-j-addr-mtu-1500.json'), want, ev), 'has 1500', 'MTU 1450', 'VXLAN');
});

test('the default route goes via 169.254.1.1 on eth0, with the gateway on the link', () => {
  assertPasses(podDefaultRoute(podA, routes('pod-ip-j-route.json'), GATEWAY, ev));
  const withoutLinkRoute = routes('pod-ip-j-route.json').filter((r) => r.cidr !== `${GATEWAY}/32`);
  assertFails(podDefaultRoute(podA, withoutLinkRoute, GATEWAY, ev), `no "${GATEWAY} dev eth0 scope link" route`);
  assertFails(podDefaultRoute(podA, routes('node1-ip-j-route.json'), GATEWAY, ev), 'via 172.29.99.1 dev eth0');
});

test("the node routes the pod's /32 to the cali interface paired with its eth0; the captured missing route fails", () => {
  const eth0 = interfaceNamed(addr('pod-ip-j-addr.json'), 'eth0');
  assertPasses(podHostRoute(podA, eth0, routes('node1-ip-j-route.json'), links('node1-ip-j-link.json'), ev));
  const eth0C = interfaceNamed(addr('pod-c-ip-j-addr.json'), 'eth0');
  assertPasses(podHostRoute(podC, eth0C, routes('node2-ip-j-route.json'), links('node2-ip-j-link.json'), ev));
  assertFails(
    podHostRoute(podC, eth0C, routes('node2-ip-j-route-pod-route-missing.json'), links('node2-ip-j-link.json'), ev),
    'no /32 route',
  );
  // the other pod's veth on the same node is not this pod's peer
  const eth0B = { ...eth0!, peerIfindex: eth0!.peerIfindex! + 1 };
  assertFails(podHostRoute(podA, eth0B, routes('node1-ip-j-route.json'), links('node1-ip-j-link.json'), ev));
  // the interface eth0 names pairs with some other interface index, not eth0's
  const misPaired = links('node1-ip-j-link.json').map((l) =>
    l.ifindex === eth0!.peerIfindex ? { ...l, peerIfindex: eth0!.ifindex + 5 } : l,
  );
  assertFails(podHostRoute(podA, eth0, routes('node1-ip-j-route.json'), misPaired, ev), `@if${eth0!.ifindex + 5}`);
  // asked on the wrong node: no interface with that index, no route
  assertFails(podHostRoute(podA, eth0, routes('node2-ip-j-route.json'), links('node2-ip-j-link.json'), ev), 'node1');
});

test("the veth's node end has Calico's MAC and the pod's MTU; the captured wrong MAC fails", () => {
  const eth0 = interfaceNamed(addr('pod-ip-j-addr.json'), 'eth0');
  assertPasses(podVethMac(podA, eth0, links('node1-ip-j-link.json'), CALICO_MAC, ev));
  assertPasses(podVethMtu(podA, eth0, links('node1-ip-j-link.json'), eth0!.mtu, ev));
  assertFails(podVethMac(podA, eth0, links('node1-ip-j-link-wrong-mac.json'), CALICO_MAC, ev), '02:42:ac:1d:63:02');
  assertFails(podVethMtu(podA, eth0, links('node1-ip-j-link.json'), 1500, ev), 'has 1450');
});

test('eth0 is a veth end paired across namespaces; lo is not', () => {
  assertPasses(podEth0IsVethToNode(podA, addr('pod-ip-j-addr.json'), ev));
  assertPasses(podEth0IsVethToNode(podA, addr('pod-ip-addr.txt'), ev));
  assertPasses(podEth0IsVethToNode(podA, parseIpAddr(labOutput(labText('02-pod-network'), 'ip addr')).value, ev));
  assertFails(podEth0IsVethToNode(podA, addr('pod-ip-j-addr.json'), ev, 'lo'), 'lo (no @ifN), no link-netns');
});

test('the cali end holds no IPv4 address; one that does fails', () => {
  const eth0 = interfaceNamed(addr('pod-ip-j-addr.json'), 'eth0');
  const node = addr('node1-ip-j-addr.json');
  assertPasses(podVethHasNoIpv4(podA, eth0, node, ev));
  const withAddress = node.map((i) =>
    i.ifindex === eth0!.peerIfindex
      ? { ...i, addresses: [...i.addresses, { family: 'inet' as const, local: '169.254.1.1', prefixlen: 32 }] }
      : i,
  );
  assertFails(podVethHasNoIpv4(podA, eth0, withAddress, ev), '169.254.1.1/32');
});

test("every pod of a node has its /32 on a cali interface; every cali has Calico's MAC", () => {
  assertPasses(
    nodeRoutesEveryPod(
      'node1',
      [podA, { ...podA, name: 'pod-b', ip: '192.168.93.202' }, podC],
      routes('node1-ip-j-route.json'),
      links('node1-ip-j-link.json'),
      ev,
    ),
  );
  assertPasses(
    nodeRoutesEveryPod('node2', [podA, podC], routes('node2-ip-j-route.json'), links('node2-ip-j-link.json'), ev),
  );
  assertFails(
    nodeRoutesEveryPod(
      'node2',
      [podA, podC],
      routes('node2-ip-j-route-pod-route-missing.json'),
      links('node2-ip-j-link.json'),
      ev,
    ),
    'pod-c (192.168.112.197): no /32 route',
  );
  assertFails(
    nodeRoutesEveryPod(
      'node1',
      [{ ...podA, ip: '192.168.93.250' }],
      routes('node1-ip-j-route.json'),
      links('node1-ip-j-link.json'),
      ev,
    ),
    'no /32 route',
  );
  assertPasses(caliInterfacesHaveMac('node1', links('node1-ip-j-link.json'), CALICO_MAC, ev));
  assertFails(
    caliInterfacesHaveMac('node1', links('node1-ip-j-link-wrong-mac.json'), CALICO_MAC, ev),
    '02:42:ac:1d:63:02',
    '2 such interfaces',
  );
});

test("lab 02: the lab's own outputs pass every pod and host-side check", () => {
  const lab = labText('02-pod-network');
  const row = labTable(labOutput(lab, 'kubectl get pods -n default -o wide')).find((r) => r.NAME === 'multitool')!;
  const pod: PodPlace = { namespace: 'default', name: 'multitool', node: row.NODE!, ip: row.IP! };
  const podIfaces = parseIpAddr(labOutput(lab, 'ip addr')).value;
  const eth0 = interfaceNamed(podIfaces, 'eth0');
  const installation = parseYaml(
    labText('02-pod-network', 'calico-cni-config/custom-resources.yaml').split('\n---')[0]!,
  ) as {
    spec: { calicoNetwork: { ipPools: { cidr: string; blockSize: number; encapsulation: string }[] } };
  };
  const pools = installation.spec.calicoNetwork.ipPools;
  const mtu = expectedPodMtu({ encapsulations: pools.map((p) => p.encapsulation), uplinkMtu: 1500 });
  assert.equal(mtu.mtu, 1450);
  assertPasses(podInterfaceMtu(pod, podIfaces, mtu, ev));
  assertPasses(podDefaultRoute(pod, parseIpRoute(labOutput(lab, 'ip route')).value, GATEWAY, ev));
  const nodeLinks = parseIpAddr(labOutput(lab, `ip addr | grep cali6d09fa47963 -A3`)).value;
  const nodeRoutes = parseIpRoute(labOutput(lab, `ip route | grep ${pod.ip}`)).value;
  assertPasses(podHostRoute(pod, eth0, nodeRoutes, nodeLinks, ev));
  assertPasses(podVethMac(pod, eth0, nodeLinks, CALICO_MAC, ev));
  assertPasses(podVethMtu(pod, eth0, nodeLinks, mtu.mtu, ev));
  assertPasses(podVethHasNoIpv4(pod, eth0, nodeLinks, ev));
});
