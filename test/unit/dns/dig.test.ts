import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerAddresses, parseDig, parseDigShort, parseRecordLine } from '../../../support/dns/dig.ts';
import { fixture, outputAfter } from './labText.ts';

const LAB05 = ['05-k8s-dns', 'Readme.md'] as const;
const LAB11 = ['11-headless-services', 'README.md'] as const;

test("lab 05: the bare name's SERVFAIL, with header, flags, warning, question and server", () => {
  const out = parseDig(outputAfter(...LAB05, 'dig nginx-service'));
  assert.equal(out.failure, null);
  assert.equal(out.replies.length, 1);
  const r = out.replies[0]!;
  assert.equal(r.status, 'SERVFAIL');
  assert.equal(r.opcode, 'QUERY');
  assert.equal(r.id, 45816);
  assert.deepEqual(r.flags, ['qr', 'rd']);
  assert.deepEqual(r.counts, { query: 1, answer: 0, authority: 0, additional: 1 });
  assert.deepEqual(r.warnings, ['recursion requested but not available']);
  assert.deepEqual(r.question, [{ name: 'nginx-service.', class: 'IN', type: 'A' }]);
  assert.deepEqual(r.answer, []);
  assert.equal(r.server, '10.96.0.10#53(10.96.0.10)');
  assert.equal(r.transport, null);
  assert.equal(r.queryTimeMs, 4);
});

test('lab 05: the quoted +search answers (question and answer only, no header)', () => {
  for (const [command, nth, name] of [
    ['dig +search nginx-service', 0, 'nginx-service.default.svc.cluster.local.'],
    ['dig +search nginx-service.default', 0, 'nginx-service.default.svc.cluster.local.'],
  ] as const) {
    const out = parseDig(outputAfter(...LAB05, command, nth));
    assert.equal(out.replies.length, 1, command);
    const r = out.replies[0]!;
    assert.equal(r.status, null);
    assert.deepEqual(r.question, [{ name, class: 'IN', type: 'A' }]);
    assert.deepEqual(r.answer, [{ name, ttl: 30, class: 'IN', type: 'A', data: '10.96.169.109' }]);
  }
});

test("lab 05: from namespace foo the short name's search ends in SERVFAIL for the bare name", () => {
  const r = parseDig(outputAfter(...LAB05, 'dig +search nginx-service', 1)).replies[0]!;
  assert.equal(r.status, 'SERVFAIL');
  assert.equal(r.id, 7457);
  assert.deepEqual(r.flags, ['qr', 'rd']);
  assert.deepEqual(r.warnings, []);
  assert.equal(r.question[0]!.name, 'nginx-service.');
  assert.deepEqual(answerAddresses(r), []);
});

test('lab 11: ClusterIP, headless and per-pod answers', () => {
  const clusterIp = parseDig(outputAfter(...LAB11, 'dig +search nginx-clusterip')).replies[0]!;
  assert.deepEqual(answerAddresses(clusterIp, 'nginx-clusterip.default.svc.cluster.local'), ['10.96.204.67']);

  const nginx = parseDig(outputAfter(...LAB11, 'dig +search nginx-headless')).replies[0]!;
  assert.deepEqual(answerAddresses(nginx, 'nginx-headless.default.svc.cluster.local.'), [
    '192.168.156.5',
    '192.168.202.196',
  ]);
  assert.deepEqual(
    nginx.answer.map((a) => a.ttl),
    [30, 30],
  );

  const redis = parseDig(outputAfter(...LAB11, 'dig +search redis-headless')).replies[0]!;
  assert.deepEqual(answerAddresses(redis), ['192.168.202.195', '192.168.156.4', '192.168.145.10']);

  const redis0 = parseDig(outputAfter(...LAB11, 'dig +search redis-0.redis-headless')).replies[0]!;
  assert.equal(redis0.question[0]!.name, 'redis-0.redis-headless.default.svc.cluster.local.');
  assert.deepEqual(answerAddresses(redis0), ['192.168.202.195']);

  // quoted with its answer section only
  const redis1 = parseDig(outputAfter(...LAB11, 'dig +search redis-1.redis-headless'));
  assert.equal(redis1.replies.length, 1);
  assert.deepEqual(redis1.replies[0]!.question, []);
  assert.deepEqual(answerAddresses(redis1.replies[0]!, 'redis-1.redis-headless.default.svc.cluster.local'), [
    '192.168.156.4',
  ]);
});

test('captured: an authoritative NOERROR answer over UDP and over TCP', () => {
  for (const [file, transport] of [
    ['dig-noerror-a.txt', 'UDP'],
    ['dig-tcp.txt', 'TCP'],
  ] as const) {
    const r = parseDig(fixture(file)).replies[0]!;
    assert.equal(r.status, 'NOERROR', file);
    assert.deepEqual(r.flags, ['qr', 'aa', 'rd', 'ra']);
    assert.equal(r.transport, transport);
    assert.equal(r.server, '192.168.206.6#53(192.168.206.6)');
    assert.deepEqual(r.warnings, ['.local is reserved for Multicast DNS']);
    assert.deepEqual(r.answer, [
      { name: 'nginx-service.default.svc.cluster.local.', ttl: 30, class: 'IN', type: 'A', data: '10.96.169.109' },
    ]);
  }
});

test('captured: NXDOMAIN carries the zone SOA in the authority section', () => {
  const r = parseDig(fixture('dig-nxdomain.txt')).replies[0]!;
  assert.equal(r.status, 'NXDOMAIN');
  assert.deepEqual(r.answer, []);
  assert.equal(r.authority.length, 1);
  assert.equal(r.authority[0]!.type, 'SOA');
  assert.equal(r.authority[0]!.name, 'cluster.local.');
  assert.equal(r.authority[0]!.data, 'ns.dns.cluster.local. hostmaster.cluster.local. 1 7200 1800 86400 30');
});

test('captured: SERVFAIL, SRV, PTR and a headless answer', () => {
  assert.equal(parseDig(fixture('dig-servfail.txt')).replies[0]!.status, 'SERVFAIL');
  const srv = parseDig(fixture('dig-srv.txt')).replies[0]!;
  assert.deepEqual(
    srv.answer.map((a) => [a.type, a.data]),
    [['SRV', '0 100 80 nginx-service.default.svc.cluster.local.']],
  );
  const ptr = parseDig(fixture('dig-ptr.txt')).replies[0]!;
  assert.deepEqual(ptr.question, [{ name: '109.169.96.10.in-addr.arpa.', class: 'IN', type: 'PTR' }]);
  assert.deepEqual(
    ptr.answer.map((a) => a.data),
    ['nginx-service.default.svc.cluster.local.'],
  );
  const headless = parseDig(fixture('dig-headless.txt')).replies[0]!;
  assert.deepEqual(answerAddresses(headless).sort(), ['192.168.156.5', '192.168.202.196']);
});

test('captured: +search that stops at a SERVFAIL names the expanded question', () => {
  const r = parseDig(fixture('dig-search-servfail.txt')).replies[0]!;
  assert.equal(r.status, 'SERVFAIL');
  assert.equal(r.question[0]!.name, 'nginx-service.example.internal.');
});

test('captured: two queries in one run give two replies in order', () => {
  const out = parseDig(fixture('dig-two-queries.txt'));
  assert.deepEqual(
    out.replies.map((r) => r.status),
    ['NOERROR', 'NXDOMAIN'],
  );
  assert.deepEqual(
    out.replies.map((r) => r.question[0]!.name),
    ['nginx-service.default.svc.cluster.local.', 'nope.default.svc.cluster.local.'],
  );
});

test('no reply: a timeout and a refused port are failures, not replies', () => {
  const timeout = parseDig(fixture('dig-timeout.txt'));
  assert.deepEqual(timeout.replies, []);
  assert.equal(timeout.failure?.kind, 'timeout');
  const refused = parseDig(fixture('dig-refused.txt'));
  assert.deepEqual(refused.replies, []);
  assert.equal(refused.failure?.kind, 'refused');
  // BIND 9.16 and older put it on one line
  const old = parseDig(
    '\n; <<>> DiG 9.16.1 <<>> nginx-service\n;; global options: +cmd\n;; connection timed out; no servers could be reached\n',
  );
  assert.deepEqual(old.replies, []);
  assert.equal(old.failure?.kind, 'timeout');
  assert.equal(parseDig(';; no servers could be reached\n').failure?.kind, 'no-servers');
});

test('+short: data lines, and the failure when there was no reply', () => {
  const short = parseDigShort(fixture('dig-short-headless.txt'));
  assert.deepEqual(short.data.sort(), ['192.168.156.5', '192.168.202.196']);
  assert.equal(short.failure, null);
  const dead = parseDigShort(fixture('dig-short-timeout.txt'));
  assert.deepEqual(dead.data, []);
  assert.equal(dead.failure?.kind, 'timeout');
  assert.deepEqual(parseDigShort('0   33 6379 redis-0.redis-headless.default.svc.cluster.local.\n').data, [
    '0 33 6379 redis-0.redis-headless.default.svc.cluster.local.',
  ]);
});

test('record lines without TTL or class (+nottlid, +noclass) and upper-case owners', () => {
  assert.deepEqual(parseRecordLine('Nginx-Service.default.svc.cluster.local. A 10.96.169.109'), {
    name: 'nginx-service.default.svc.cluster.local.',
    ttl: null,
    class: 'IN',
    type: 'A',
    data: '10.96.169.109',
  });
  assert.deepEqual(parseRecordLine('x.cluster.local. 5 TXT "1.1.0"'), {
    name: 'x.cluster.local.',
    ttl: 5,
    class: 'IN',
    type: 'TXT',
    data: '"1.1.0"',
  });
  assert.throws(() => parseRecordLine('garbage'), /not a DNS record line/);
});
