/**
 * dig's output read whole: every field of every reply compared at once, on a recorded two-query run and on the
 * lines dig prints around the sections (EDE, warnings, failures, +short), so no line is read into the wrong place.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  answerAddresses,
  parseDig,
  parseDigShort,
  parseRecordLine,
  singleReply,
  type DigReply,
} from '../../../support/dns/dig.ts';
import { LabgateError } from '../../../support/floor/errors.ts';
import { fixture } from './labText.ts';

const WARNING = '.local is reserved for Multicast DNS';

function reply(fields: Partial<DigReply>): DigReply {
  return {
    status: null,
    opcode: null,
    id: null,
    flags: [],
    counts: null,
    question: [],
    answer: [],
    authority: [],
    additional: [],
    ede: [],
    warnings: [],
    server: null,
    transport: null,
    queryTimeMs: null,
    ...fields,
  };
}

test('the recorded two-query run: both replies, field by field', () => {
  assert.deepEqual(parseDig(fixture('dig-two-queries.txt')), {
    failure: null,
    replies: [
      reply({
        status: 'NOERROR',
        opcode: 'QUERY',
        id: 60728,
        flags: ['qr', 'aa', 'rd', 'ra'],
        counts: { query: 1, answer: 1, authority: 0, additional: 1 },
        question: [{ name: 'nginx-service.default.svc.cluster.local.', class: 'IN', type: 'A' }],
        answer: [
          { name: 'nginx-service.default.svc.cluster.local.', ttl: 30, class: 'IN', type: 'A', data: '10.96.169.109' },
        ],
        warnings: [WARNING],
        server: '192.168.206.6#53(192.168.206.6)',
        transport: 'UDP',
        queryTimeMs: 4,
      }),
      reply({
        status: 'NXDOMAIN',
        opcode: 'QUERY',
        id: 63296,
        flags: ['qr', 'aa', 'rd', 'ra'],
        counts: { query: 1, answer: 0, authority: 1, additional: 1 },
        question: [{ name: 'nope.default.svc.cluster.local.', class: 'IN', type: 'A' }],
        authority: [
          {
            name: 'cluster.local.',
            ttl: 30,
            class: 'IN',
            type: 'SOA',
            data: 'ns.dns.cluster.local. hostmaster.cluster.local. 1 7200 1800 86400 30',
          },
        ],
        warnings: [WARNING],
        server: '192.168.206.6#53(192.168.206.6)',
        transport: 'UDP',
        queryTimeMs: 0,
      }),
    ],
  });
});

// a full reply with every section, EDE lines in its OPT pseudosection and dig's decorations around it
const FULL = `
; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> @10.96.0.10 example.org +dnssec
; (1 server found)
;; global options: +cmd
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: SERVFAIL, id: 4242
;; flags:    qr  rd ra ;  QUERY: 12, ANSWER: 10, AUTHORITY: 11, ADDITIONAL: 13
;; WARNING: recursion requested but not available  

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags: do; udp: 1232
; EDE: 18 (Prohibited)  
; EDE: 22 (No Reachable Authority): (at delegation example.org.)
;;  QUESTION SECTION:  
;Example.ORG.			IN	a

;; ANSWER SECTION:
example.org.   300 IN CLASS12 A 93.184.215.14
; a comment line inside a section
example.org.   300 IN A 93.184.215.15

;; AUTHORITY SECTION:
org.  86400 IN NS a0.org.afilias-nst.info.

;; ADDITIONAL SECTION:
a0.org.afilias-nst.info. 3600 IN A 199.19.56.1

;; Query time: 1234 msec
;; SERVER: 10.96.0.10#53(10.96.0.10) (TCP)
;; WHEN: Tue Dec 01 21:04:03 UTC 2026
;; MSG SIZE  rcvd: 113
`;

test('a reply with every section, EDE and a warning: each line lands in its own field', () => {
  assert.deepEqual(parseDig(FULL), {
    failure: null,
    replies: [
      reply({
        status: 'SERVFAIL',
        opcode: 'QUERY',
        id: 4242,
        flags: ['qr', 'rd', 'ra'],
        counts: { query: 12, answer: 10, authority: 11, additional: 13 },
        question: [{ name: 'example.org.', class: 'IN', type: 'A' }],
        answer: [
          { name: 'example.org.', ttl: 300, class: 'IN', type: 'CLASS12', data: 'A 93.184.215.14' },
          { name: 'example.org.', ttl: 300, class: 'IN', type: 'A', data: '93.184.215.15' },
        ],
        authority: [{ name: 'org.', ttl: 86400, class: 'IN', type: 'NS', data: 'a0.org.afilias-nst.info.' }],
        additional: [{ name: 'a0.org.afilias-nst.info.', ttl: 3600, class: 'IN', type: 'A', data: '199.19.56.1' }],
        ede: ['18 (Prohibited)', '22 (No Reachable Authority): (at delegation example.org.)'],
        warnings: ['recursion requested but not available'],
        server: '10.96.0.10#53(10.96.0.10)',
        transport: 'TCP',
        queryTimeMs: 1234,
      }),
    ],
  });
  // an EDE line outside the OPT pseudosection is not one; the blank line after the pseudosection ends it
  const stray = parseDig(
    ';; QUESTION SECTION:\n;x. IN A\n; EDE: 1 (x)\n\n;; OPT PSEUDOSECTION:\n; EDE: 2 (y)\n\n; EDE: 3 (z)\n',
  );
  assert.deepEqual(
    stray.replies.map((r) => r.ede),
    [['2 (y)']],
  );
  // a question section ends at the next section: a record line there is not a question
  const fragment = parseDig(';; QUESTION SECTION:\n;x. IN A\n;; ANSWER SECTION:\nx. 5 IN A 1.2.3.4\n');
  assert.deepEqual(fragment.replies[0]!.question, [{ name: 'x.', class: 'IN', type: 'A' }]);
  assert.deepEqual(
    fragment.replies[0]!.answer.map((r) => r.data),
    ['1.2.3.4'],
  );
});

test('where one reply ends and the next begins: "Got answer", a second header, a second question', () => {
  const twoHeaders =
    ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1\n;; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 2\n';
  assert.deepEqual(
    parseDig(twoHeaders).replies.map((r) => r.id),
    [1, 2],
  );
  // a header after a quoted question starts a new reply; a header after "Got answer" does not
  assert.deepEqual(
    parseDig(';; QUESTION SECTION:\n;x. IN A\n;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 3\n').replies.map(
      (r) => [r.id, r.question.length],
    ),
    [
      [null, 1],
      [3, 0],
    ],
  );
  assert.deepEqual(
    parseDig(';; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 3\n').replies.length,
    1,
  );
  const twoQuestions = parseDig(';; QUESTION SECTION:\n;a. IN A\n\n;; QUESTION SECTION:\n;b. IN A\n');
  assert.deepEqual(
    twoQuestions.replies.map((r) => r.question[0]!.name),
    ['a.', 'b.'],
  );
  const answerFirst = parseDig(';; ANSWER SECTION:\na. 5 IN A 1.1.1.1\n;; QUESTION SECTION:\n;a. IN A\n');
  assert.equal(answerFirst.replies.length, 1);
  // "Got answer" twice gives two replies even with nothing in between
  assert.equal(parseDig(';; Got answer:\n;; Got answer:\n').replies.length, 2);
  assert.equal(parseDig('x ;; Got answer:\n').replies.length, 0);
  // lines that are not dig's are not read as a header, flags, time or server
  const indented = parseDig(
    ' ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 9\n x;; flags: qr; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0\n x;; Query time: 5 msec\n x;; SERVER: 1.1.1.1#53(1.1.1.1)\n',
  );
  assert.deepEqual(indented.replies, []);
});

test('failures: the most specific line wins over "no servers could be reached", in output and in +short', () => {
  const kinds = [
    [';; communications error to 10.96.0.10#53: timed out', 'timeout'],
    [';; connection timed out; no servers could be reached', 'timeout'],
    [';; communications error to 10.96.0.10#53: connection refused', 'refused'],
    [';; communications error to 10.96.0.10#53: host unreachable', 'unreachable'],
    [';; UDP setup with 10.96.0.10#53(10.96.0.10) for x failed: network unreachable.', 'unreachable'],
    ["dig: couldn't get address for 'nope': not found", 'bad-server'],
    [';; no servers could be reached', 'no-servers'],
  ] as const;
  for (const [line, kind] of kinds) {
    assert.deepEqual(parseDig(`${line}\n`).failure, { kind, line }, line);
    assert.deepEqual(parseDigShort(`${line}\n`).failure, { kind, line }, line);
  }
  const timedOutLater = ';; communications error to 10.96.0.10#53: timed out after a while';
  assert.equal(parseDig(`${timedOutLater}\n`).failure, null);
  assert.deepEqual(
    parseDig(';; no servers could be reached\n;; communications error to 10.96.0.10#53: timed out\n').failure,
    { kind: 'timeout', line: ';; communications error to 10.96.0.10#53: timed out' },
  );
  assert.deepEqual(
    parseDig(
      ';; communications error to a: timed out\n;; communications error to b: connection refused\n;; no servers could be reached\n',
    ).failure,
    { kind: 'timeout', line: ';; communications error to a: timed out' },
  );
  assert.deepEqual(parseDig(';; no servers could be reached\n;; no servers could be reached again\n').failure, {
    kind: 'no-servers',
    line: ';; no servers could be reached',
  });
  // dig's own "dig:" lines are never records, failure or not; failure words inside a record are data
  assert.deepEqual(
    parseDig(';; ANSWER SECTION:\ndig: warning: something\nx. 5 IN TXT "connection refused"\n').replies[0]!.answer.map(
      (r) => r.data,
    ),
    ['"connection refused"'],
  );
  assert.equal(parseDig('dig: warning: something\n').failure, null);
  assert.deepEqual(
    parseDigShort('  10.96.0.10  \n; comment\n"a   b"\ndig: no servers could be reached\n;; connection refused here\n'),
    { data: ['10.96.0.10', '"a b"'], failure: { kind: 'refused', line: ';; connection refused here' } },
  );
  assert.deepEqual(parseDigShort('x connection refused;\n').data, ['x connection refused;']);
});

test('record lines: TTL and class optional, CLASSn classes, type upper-cased, malformed lines refused by name', () => {
  assert.deepEqual(parseRecordLine('  Web.Example.  CLASS255  txt  "a  b"  '), {
    name: 'web.example.',
    ttl: null,
    class: 'CLASS255',
    type: 'TXT',
    data: '"a b"',
  });
  assert.deepEqual(parseRecordLine('x. 30 IN5 A 1.2.3.4'), {
    name: 'x.',
    ttl: 30,
    class: 'IN',
    type: 'IN5',
    data: 'A 1.2.3.4',
  });
  assert.deepEqual(parseRecordLine('x. 3O IN A 1.2.3.4'), {
    name: 'x.',
    ttl: null,
    class: 'IN',
    type: '3O',
    data: 'IN A 1.2.3.4',
  });
  assert.deepEqual(parseRecordLine('x. 30x IN A 1.2.3.4').ttl, null);
  assert.deepEqual(parseRecordLine('x. CLASSx A 1.2.3.4'), {
    name: 'x.',
    ttl: null,
    class: 'IN',
    type: 'CLASSX',
    data: 'A 1.2.3.4',
  });
  assert.throws(
    () => parseRecordLine('  x. A  '),
    (e: Error) => e instanceof LabgateError && e.message === 'not a DNS record line: "x. A"',
  );
  assert.throws(
    () => parseRecordLine(' x. 30 IN '),
    (e: Error) => e instanceof LabgateError && e.message === 'not a DNS record line: "x. 30 IN"',
  );
  // a question line without a class, and one too short to be a question
  assert.deepEqual(parseDig(';; QUESTION SECTION:\n;  X.org.  aaaa\n').replies[0]!.question, [
    { name: 'x.org.', class: 'IN', type: 'AAAA' },
  ]);
  assert.deepEqual(parseDig(';; QUESTION SECTION:\n;x.org. CH txt\n').replies[0]!.question, [
    { name: 'x.org.', class: 'CH', type: 'TXT' },
  ]);
  assert.throws(
    () => parseDig(';; QUESTION SECTION:\n;  x.org.  \n'),
    (e: Error) => e instanceof LabgateError && e.message === 'not a dig question line: ";  x.org."',
  );
});

test('the single reply of a one-query run, and the addresses answering for a name', () => {
  const two = parseDig(fixture('dig-two-queries.txt'));
  assert.throws(
    () => singleReply(two, 'nginx-service'),
    (e: Error) => e instanceof LabgateError && e.message === 'dig printed 2 replies for nginx-service; expected one',
  );
  assert.equal(singleReply({ replies: [], failure: null }, 'x'), null);
  const one = singleReply(parseDig(FULL), 'example.org')!;
  assert.equal(one.id, 4242);
  assert.deepEqual(answerAddresses(one), ['93.184.215.15']);
  assert.deepEqual(answerAddresses(one, 'example.org'), ['93.184.215.15']);
  assert.deepEqual(answerAddresses(one, 'example.org.'), ['93.184.215.15']);
  assert.deepEqual(answerAddresses(one, 'other.org'), []);
  const dual = parseDig(';; ANSWER SECTION:\na. 5 IN A 10.0.0.1\nb. 5 IN A 10.0.0.2\na. 5 IN AAAA fd00::1\n')
    .replies[0]!;
  assert.deepEqual(answerAddresses(dual), ['10.0.0.1', '10.0.0.2']);
  assert.deepEqual(answerAddresses(dual, 'a'), ['10.0.0.1']);
  assert.deepEqual(answerAddresses(dual, 'a.', 'AAAA'), ['fd00::1']);
});

test('lines in odd places: a blank line inside a section, a record in a question section, "dig:" inside data or after a failure', () => {
  assert.deepEqual(parseDig(';; ANSWER SECTION:\nx. 5 IN A 1.1.1.1\n\ny. 5 IN A 2.2.2.2\n').replies, [
    reply({
      answer: [
        { name: 'x.', ttl: 5, class: 'IN', type: 'A', data: '1.1.1.1' },
        { name: 'y.', ttl: 5, class: 'IN', type: 'A', data: '2.2.2.2' },
      ],
    }),
  ]);
  assert.deepEqual(parseDig(';; QUESTION SECTION:\n;x. IN A\nx. 5 IN A 1.1.1.1\n').replies, [
    reply({ question: [{ name: 'x.', class: 'IN', type: 'A' }] }),
  ]);
  assert.deepEqual(
    parseDig(';; ANSWER SECTION:\nx. 5 IN TXT "see dig: manual"\n').replies[0]!.answer.map((r) => r.data),
    ['"see dig: manual"'],
  );
  assert.deepEqual(parseDig(';; connection timed out; no servers could be reached\ndig: note\n').failure, {
    kind: 'timeout',
    line: ';; connection timed out; no servers could be reached',
  });
  assert.deepEqual(
    parseDig(
      ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 7\n;; flags: ; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0\n',
    ).replies[0]!.flags,
    [],
  );
  assert.throws(
    () => singleReply(parseDig(fixture('dig-two-queries.txt')), 'x'),
    (e: Error) => e instanceof LabgateError && e.hint === 'run one query per dig command',
  );
});
