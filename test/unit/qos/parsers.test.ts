/**
 * The QoS readers on real output recorded here (test/fixtures/qos/record.sh: the lab's own tc lines on a veth in
 * a network namespace, iperf3 3.12 and tcpdump 4.99 of Debian bookworm, the DSCP set by iptables' DSCP target).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { classOfTos, htbDefaultClass, parseHtbClasses, parseU32Filters, tcRate } from '../../../support/qos/htb.ts';
import { mbits, readIperfJson } from '../../../support/throughput/iperf.ts';
import { tosText } from '../../../support/qos/model.ts';
import { isEchoRequestTo, parseTosCapture } from '../../../support/qos/tosCapture.ts';
import { routePhrase } from '../../../support/qos/routes.ts';

const fixture = (f: string) => readFileSync(new URL(`../../fixtures/qos/${f}`, import.meta.url), 'utf8');

test("iperf3 -J: the receiver's rate is the shaped one, the sender's counts what still waits in the queue", () => {
  const af11 = readIperfJson(fixture('iperf3-af11-1mbit.json'));
  assert.deepEqual(af11.problems, []);
  assert.equal(af11.value.tos, 0x28);
  assert.deepEqual(af11.value.server, { host: '10.30.30.100', port: 5211 });
  const rx = mbits(af11.value.receivedBitsPerSecond);
  assert.ok(rx > 0.9 && rx < 1.05, `received ${rx}`);
  assert.ok(mbits(af11.value.sentBitsPerSecond) > 3, 'a 3 s run through 1 Mbit/s: the sender counts ~3.8');
  const ef = readIperfJson(fixture('iperf3-ef-5mbit.json')).value;
  assert.equal(ef.tos, 0xb8);
  assert.ok(Math.abs(mbits(ef.receivedBitsPerSecond) - 4.85) < 0.01);
  const free = readIperfJson(fixture('iperf3-unshaped.json')).value;
  assert.equal(free.tos, 0);
  assert.ok(mbits(free.receivedBitsPerSecond) > 500);
  assert.equal(typeof free.retransmits, 'number');
});

test('iperf3 -J: a failed test is its error, and what is not iperf3 JSON is a problem, never a rate', () => {
  const down = readIperfJson(fixture('iperf3-unreachable.json'));
  assert.deepEqual(down.problems, []);
  assert.match(down.value.error!, /unable to connect to server: Connection timed out/);
  assert.equal(down.value.receivedBitsPerSecond, 0);
  assert.match(readIperfJson('iperf3: error - unable to connect').problems[0]!, /not iperf3 -J output/);
  assert.match(readIperfJson('{"a": 1}').problems[0]!, /no "start"/);
  assert.match(readIperfJson('{"start": {}, "end": {}}').problems[0]!, /no totals/);
});

test("tcpdump -v: each packet's TOS, TTL, addresses and what it is; counts read, messages skipped", () => {
  const af11 = parseTosCapture(fixture('tcpdump-v-af11.txt'));
  assert.deepEqual(af11.problems, []);
  assert.equal(af11.value.captured, 3);
  assert.deepEqual(
    af11.value.packets.map((p) => [tosText(p.tos), p.ttl, p.src, p.dst, isEchoRequestTo(p, '10.30.30.100')]),
    Array(3).fill(['0x28', 64, '10.30.30.1', '10.30.30.100', true]),
  );
  const none = parseTosCapture(fixture('tcpdump-v-none.txt'));
  assert.deepEqual([...new Set(none.value.packets.map((p) => tosText(p.tos)))], ['0x00']);
  const tcp =
    '12:00:00.000001 IP (tos 0xb8,ECT(0), ttl 63, id 1, offset 0, flags [DF], proto TCP (6), length 52)\n' +
    '    10.10.10.11.40000 > 10.30.30.100.5211: Flags [.], cksum 0x1 (correct), ack 1, win 502, length 0';
  const p = parseTosCapture(tcp).value.packets[0]!;
  assert.deepEqual(
    [p.tos, p.src, p.dst, isEchoRequestTo(p, '10.30.30.100')],
    [0xb8, '10.10.10.11', '10.30.30.100', false],
  );
  assert.match(
    parseTosCapture('IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto ICMP (1), length 84)\n').problems[0]!,
    /no "src > dst:"/,
  );
  assert.match(parseTosCapture('hello').problems[0]!, /not tcpdump -v/);
});

test('tc: HTB classes with rate and ceil, u32 filters on the TOS byte, the default class', () => {
  const classes = parseHtbClasses(fixture('tc-class-show.txt'));
  assert.deepEqual(classes.problems, []);
  assert.deepEqual(
    classes.value.map((c) => [c.classid, c.parent ?? 'root', c.rate, c.ceil]),
    [
      ['1:1', 'root', 1e9, 1e9],
      ['1:10', '1:1', 1e6, 1e6],
      ['1:20', '1:1', 5e6, 5e6],
      ['1:30', '1:1', 1e9, 1e9],
    ],
  );
  const filters = parseU32Filters(fixture('tc-filter-show.txt'));
  assert.deepEqual(filters.problems, []);
  assert.deepEqual(filters.value, [
    { pref: 1, flowid: '1:10', tos: { value: 0x28, mask: 0xff } },
    { pref: 2, flowid: '1:20', tos: { value: 0xb8, mask: 0xff } },
  ]);
  assert.equal(classOfTos(filters.value, 0x28), '1:10');
  assert.equal(classOfTos(filters.value, 0xb8), '1:20');
  assert.equal(classOfTos(filters.value, 0), undefined);
  assert.equal(
    htbDefaultClass('qdisc htb 1: root refcnt 2 r2q 10 default 0x30 direct_packets_stat 0 direct_qlen 1000'),
    '1:30',
  );
  assert.equal(htbDefaultClass('qdisc noqueue 0: root refcnt 2'), undefined);
  assert.deepEqual([tcRate('1mbit'), tcRate('1000mbit'), tcRate('1Gbit'), tcRate('800Kbit')], [1e6, 1e9, 1e9, 8e5]);
  assert.ok(Number.isNaN(tcRate('fast')));
  assert.match(parseHtbClasses('class htb 1:10 nonsense').problems[0]!, /not an HTB class/);
});

test("ip -j route: a prefix's route in one phrase", () => {
  const routes = [
    { dst: '192.168.0.0/16', gateway: '10.10.10.11', dev: 'br-cluster' },
    { dst: '10.30.30.0/24', dev: 'eth3' },
    { dst: '192.168.1.0/24', type: 'blackhole' },
  ];
  assert.equal(routePhrase(routes, '192.168.0.0/16'), 'via 10.10.10.11');
  assert.equal(routePhrase(routes, '10.30.30.0/24'), 'on-link dev eth3');
  assert.equal(routePhrase(routes, '192.168.1.0/24'), 'blackhole');
  assert.equal(routePhrase(routes, '10.0.0.0/8'), 'no route');
});
