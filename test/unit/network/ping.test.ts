import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePing, replyTtls } from '../../../support/podnet/index.ts';
import { labOutput, labText, networkFixture } from './labText.ts';

test('iputils ping on one node: five replies with TTL 63, no loss, rtt figures', () => {
  const { value, problems } = parsePing(networkFixture('ping-same-node.txt'));
  assert.deepEqual(problems, []);
  assert.equal(value.target, '192.168.93.202');
  assert.deepEqual(
    value.replies.map((r) => r.seq),
    [1, 2, 3, 4, 5],
  );
  assert.deepEqual(replyTtls(value), [63]);
  assert.ok(value.replies.every((r) => r.from === '192.168.93.202' && r.bytes === 64 && typeof r.timeMs === 'number'));
  assert.deepEqual(value.summary, { transmitted: 5, received: 5, errors: 0, lossPercent: 0 });
  assert.ok(
    value.rtt && value.rtt.min <= value.rtt.avg && value.rtt.avg <= value.rtt.max && value.rtt.mdev !== undefined,
  );
});

test('iputils ping across nodes: TTL 62', () => {
  const { value, problems } = parsePing(networkFixture('ping-cross-node.txt'));
  assert.deepEqual(problems, []);
  assert.deepEqual(replyTtls(value), [62]);
  assert.equal(value.summary?.received, 5);
});

test('a silently dropped ping: no reply, 100% loss; an answered-unreachable one: the router and its message', () => {
  const dropped = parsePing(networkFixture('ping-blackholed.txt'));
  assert.deepEqual(dropped.problems, []);
  assert.deepEqual([dropped.value.replies.length, dropped.value.errors.length], [0, 0]);
  assert.deepEqual(dropped.value.summary, { transmitted: 3, received: 0, errors: 0, lossPercent: 100 });
  const unreachable = parsePing(networkFixture('ping-unreachable.txt'));
  assert.deepEqual(unreachable.problems, []);
  assert.ok(unreachable.value.errors.length > 0);
  assert.ok(
    unreachable.value.errors.every((e) => e.from === '172.29.99.3' && e.message === 'Destination Host Unreachable'),
  );
  assert.equal(unreachable.value.summary?.errors, unreachable.value.errors.length);
  assert.equal(unreachable.value.summary?.lossPercent, 100);
});

test('busybox ping: seq= replies and the round-trip line', () => {
  const { value, problems } = parsePing(networkFixture('ping-busybox-cross-node.txt'));
  assert.deepEqual(problems, []);
  assert.deepEqual(
    value.replies.map((r) => [r.seq, r.ttl]),
    [
      [0, 62],
      [1, 62],
      [2, 62],
    ],
  );
  assert.deepEqual(value.summary, { transmitted: 3, received: 3, errors: 0, lossPercent: 0 });
  assert.equal(value.rtt?.mdev, undefined);
});

test("lab 03: the background pings' logs, cut short before any statistics", () => {
  const lab = labText('03-pod-routing', 'Readme.md');
  const same = parsePing(labOutput(lab, 'cat samehostping.log'));
  assert.deepEqual(same.problems, []);
  assert.deepEqual([same.value.target, same.value.replies.length, replyTtls(same.value)], ['192.168.93.202', 5, [63]]);
  assert.equal(same.value.summary, undefined);
  const cross = parsePing(labOutput(lab, 'cat ping.log'));
  assert.deepEqual(cross.problems, []);
  assert.deepEqual(
    [cross.value.target, cross.value.replies.length, replyTtls(cross.value)],
    ['192.168.112.197', 9, [62]],
  );
});

test('duplicates are kept apart from the TTLs, and a foreign line is a problem', () => {
  const { value, problems } = parsePing(
    [
      '64 bytes from 10.0.0.2: icmp_seq=1 ttl=63 time=0.1 ms',
      '64 bytes from 10.0.0.2: icmp_seq=1 ttl=61 time=0.2 ms (DUP!)',
      'sh: ping: not found',
    ].join('\n'),
  );
  assert.deepEqual(replyTtls(value), [63]);
  assert.equal(value.replies[1]!.duplicate, true);
  assert.equal(problems.length, 1);
});
