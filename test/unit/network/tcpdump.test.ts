import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEchoReply, isEchoRequest, parseTcpdump } from '../../../support/podnet/index.ts';
import { labOutput, labText, networkFixture } from './labText.ts';

test("a capture in the destination pod: requests from the source pod, replies back to it, tcpdump's counts", () => {
  const { value, problems } = parseTcpdump(networkFixture('tcpdump-cross-node.txt'));
  assert.deepEqual(problems, []);
  assert.equal(value.packets.length, 6);
  assert.equal(value.captured, 6);
  assert.equal(value.droppedByKernel, 0);
  const requests = value.packets.filter(isEchoRequest);
  const replies = value.packets.filter(isEchoReply);
  assert.deepEqual(
    requests.map((p) => [p.src, p.dst, p.icmpSeq, p.length]),
    [1, 2, 3].map((s) => ['192.168.93.201', '192.168.112.197', s, 64]),
  );
  assert.deepEqual(
    replies.map((p) => [p.src, p.dst]),
    [1, 2, 3].map(() => ['192.168.112.197', '192.168.93.201']),
  );
  assert.equal(new Set(value.packets.map((p) => p.icmpId)).size, 1);
  assert.match(value.packets[0]!.time, /^\d{2}:\d{2}:\d{2}\.\d{6}$/);
});

test('TCP, UDP and ICMP errors: ports, flags and the unreachable message', () => {
  const { value, problems } = parseTcpdump(networkFixture('tcpdump-mixed.txt'));
  assert.deepEqual(problems, []);
  const [syn, rst, udp, unreachable, request] = value.packets;
  assert.deepEqual(
    [syn!.proto, syn!.src, syn!.dst, syn!.dstPort, syn!.tcpFlags, syn!.length],
    ['tcp', '192.168.93.201', '192.168.112.197', 80, 'S', 0],
  );
  assert.equal(typeof syn!.srcPort, 'number');
  assert.deepEqual([rst!.proto, rst!.srcPort, rst!.dstPort, rst!.tcpFlags], ['tcp', 80, syn!.srcPort, 'R.']);
  assert.deepEqual([udp!.proto, udp!.dstPort, udp!.length], ['udp', 9999, 2]);
  assert.equal(unreachable!.proto, 'icmp');
  assert.match(unreachable!.icmpType!, /udp port 9999 unreachable/);
  assert.equal(isEchoRequest(request!), true);
});

test('lab 03: both captures the lab shows read; the shell prompt it kept in one is named', () => {
  const lab = labText('03-pod-routing', 'Readme.md');
  const same = parseTcpdump(labOutput(lab, 'tcpdump -n', 0));
  assert.deepEqual(same.problems, ['line 1: "/ # tcpdump -n" is not a tcpdump -n line']);
  assert.equal(same.value.packets.length, 8);
  assert.deepEqual([...new Set(same.value.packets.map((p) => p.icmpId))].sort(), [131, 134]);
  const cross = parseTcpdump(labOutput(lab, 'tcpdump -n', 1));
  assert.deepEqual(cross.problems, []);
  assert.deepEqual(
    cross.value.packets.filter(isEchoRequest).map((p) => p.src),
    ['192.168.93.201', '192.168.93.201', '192.168.93.201'],
  );
});

test('-i any lines, dated lines, ARP and IPv6', () => {
  const { value, problems } = parseTcpdump(
    [
      '12:00:00.000001 cali3174bc812f3 In  IP 192.168.93.201 > 192.168.93.202: ICMP echo request, id 7, seq 1, length 64',
      '2025-01-02 12:00:00.000002 ARP, Request who-has 169.254.1.1 tell 192.168.93.201, length 28',
      '12:00:00.000003 IP6 fe80::1.546 > ff02::1:2.547: dhcp6 solicit',
      '12:00:00.000004 IP6 fe80::1 > ff02::2: ICMP6, router solicitation, length 16',
    ].join('\n'),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(
    [value.packets[0]!.interface, value.packets[0]!.direction, value.packets[0]!.icmpSeq],
    ['cali3174bc812f3', 'In', 1],
  );
  assert.equal(value.packets[1]!.proto, 'arp');
  assert.deepEqual(
    [value.packets[2]!.src, value.packets[2]!.srcPort, value.packets[2]!.dst, value.packets[2]!.dstPort],
    ['fe80::1', 546, 'ff02::1:2', 547],
  );
  assert.deepEqual([value.packets[3]!.proto, value.packets[3]!.icmpType], ['icmp6', 'router solicitation']);
});

test('VXLAN on the wire: the outer UDP datagram to 4789 with its VNI, and the ICMP it carries (next line)', () => {
  const { value, problems } = parseTcpdump(networkFixture('tcpdump-vxlan.txt'));
  assert.deepEqual(problems, []);
  assert.equal(value.packets.length, 6);
  const [outer, , , , plain] = value.packets;
  assert.deepEqual(
    [outer!.proto, outer!.src, outer!.dst, outer!.dstPort, outer!.vni],
    ['udp', '10.77.0.1', '10.77.0.2', 4789, 4096],
  );
  assert.deepEqual(
    [outer!.inner!.src, outer!.inner!.dst, outer!.inner!.icmpType, outer!.inner!.icmpSeq],
    ['192.168.50.1', '192.168.50.2', 'echo request', 1],
  );
  assert.equal(value.packets.filter((p) => p.inner && isEchoReply(p.inner)).length, 2);
  assert.deepEqual([plain!.proto, plain!.vni, plain!.inner, plain!.src], ['icmp', undefined, undefined, '10.77.0.1']);
});

test('a line without a time after a packet that is not VXLAN is not read as its payload', () => {
  const text =
    '22:52:49.637258 IP 10.77.0.1 > 10.77.0.2: ICMP echo request, id 33, seq 1, length 64\n' +
    'IP 192.168.50.1 > 192.168.50.2: ICMP echo request, id 32, seq 1, length 64\n';
  const { value, problems } = parseTcpdump(text);
  assert.equal(value.packets[0]!.inner, undefined);
  assert.equal(problems.length, 1);
});
