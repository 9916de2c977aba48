import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  captureShowsSourcePod,
  expectedReplyTtl,
  parseIpRouteGet,
  parsePing,
  parseTcpdump,
  pingAnswered,
  pingReplyTtl,
  routeToRemotePodViaItsNode,
  type PodPlace,
} from '../../../support/podnet/index.ts';
import { textEvidence } from '../../../support/floor/finding.ts';
import { assertFails, assertPasses } from './assertFinding.ts';
import { labOutput, labTable, labText, networkFixture } from './labText.ts';

const podA: PodPlace = { namespace: 'default', name: 'pod-a', node: 'node1', ip: '192.168.93.201' };
const podB: PodPlace = { namespace: 'default', name: 'pod-b', node: 'node1', ip: '192.168.93.202' };
const podC: PodPlace = { namespace: 'default', name: 'pod-c', node: 'node2', ip: '192.168.112.197' };
const NODE2_ADDRESS = '172.29.99.3';
const ev = [textEvidence('fixture', '')];
const ping = (f: string) => parsePing(networkFixture(f)).value;

test('expected TTL: 64 less one per node that routes the packet', () => {
  assert.equal(expectedReplyTtl(podA, podB), 63);
  assert.equal(expectedReplyTtl(podA, podC), 62);
  assert.equal(expectedReplyTtl(podA, podC, 255), 253);
});

test("real pings pass on one node and across nodes; each fails when held to the other's TTL", () => {
  assertPasses(pingReplyTtl(podA, podB, ping('ping-same-node.txt'), ev));
  assertPasses(pingReplyTtl(podA, podC, ping('ping-cross-node.txt'), ev));
  assertFails(pingReplyTtl(podA, podC, ping('ping-same-node.txt'), ev), 'TTL 62', 'TTL 63', 'node1 to node2');
  assertFails(pingReplyTtl(podA, podB, ping('ping-cross-node.txt'), ev), 'both on node1');
  assertFails(pingReplyTtl(podA, podC, ping('ping-unreachable.txt'), ev), 'no reply', 'Destination Host Unreachable');
});

test('a ping is answered without loss; a dropped one fails with its loss', () => {
  assertPasses(pingAnswered(podA, podC, ping('ping-cross-node.txt'), 5, ev));
  assertFails(pingAnswered(podA, podC, ping('ping-blackholed.txt'), 3, ev), '0 of 3', '100% loss');
});

test("the source node routes a remote pod via that pod's node; the pod's own lookup (via 169.254.1.1) does not", () => {
  const fromNode = parseIpRouteGet(networkFixture('node1-ip-j-route-get-remote.json')).value;
  assertPasses(routeToRemotePodViaItsNode('node1', podC, NODE2_ADDRESS, fromNode, ev));
  const fromPod = parseIpRouteGet(networkFixture('pod-ip-j-route-get-remote.json')).value;
  assertFails(routeToRemotePodViaItsNode('node1', podC, NODE2_ADDRESS, fromPod, ev), 'via 169.254.1.1');
  assertFails(routeToRemotePodViaItsNode('node1', podC, NODE2_ADDRESS, undefined, ev), 'no route');
});

test("captures show the source pod's own address; the captured SNAT fault fails naming the node address", () => {
  assertPasses(captureShowsSourcePod(podA, podC, parseTcpdump(networkFixture('tcpdump-cross-node.txt')).value, ev));
  assertPasses(captureShowsSourcePod(podA, podB, parseTcpdump(networkFixture('tcpdump-same-node.txt')).value, ev));
  assertFails(
    captureShowsSourcePod(podA, podC, parseTcpdump(networkFixture('tcpdump-cross-node-snat.txt')).value, ev),
    '172.29.99.2',
    'without NAT',
  );
  assertFails(captureShowsSourcePod(podA, podC, { packets: [] }, ev), 'nobody');
});

test("lab 03: the lab's own pings, route lookup and captures pass, pods and node addresses read from its tables", () => {
  const lab = labText('03-pod-routing', 'Readme.md');
  const pods = new Map(
    labTable(labOutput(lab, 'kubectl get pods -o wide')).map((r) => [
      r.NAME!,
      { namespace: 'default', name: r.NAME!, node: r.NODE!, ip: r.IP! },
    ]),
  );
  const nodeAddress = new Map(
    labTable(labOutput(lab, 'kubectl get nodes -o wide')).map((r) => [r.NAME!, r['INTERNAL-IP']!]),
  );
  const source = pods.get('multitool-1-vmn9d')!;
  const sameNode = pods.get('multitool-2-mf8vt')!;
  const remote = pods.get('multitool-1-7ltxg')!;
  assert.equal(source.node, sameNode.node);
  assert.notEqual(source.node, remote.node);
  assertPasses(pingReplyTtl(source, sameNode, parsePing(labOutput(lab, 'cat samehostping.log')).value, ev));
  assertPasses(pingReplyTtl(source, remote, parsePing(labOutput(lab, 'cat ping.log')).value, ev));
  const lookup = parseIpRouteGet(labOutput(lab, `ip route get ${remote.ip}`)).value;
  assertPasses(routeToRemotePodViaItsNode(source.node, remote, nodeAddress.get(remote.node)!, lookup, ev));
  assertPasses(captureShowsSourcePod(source, sameNode, parseTcpdump(labOutput(lab, 'tcpdump -n', 0)).value, ev));
  assertPasses(captureShowsSourcePod(source, remote, parseTcpdump(labOutput(lab, 'tcpdump -n', 1)).value, ev));
});
