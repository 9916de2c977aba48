/** The Corefile and resolv.conf readers at their edges: quoting, line counting, keys, snippets, comments, spacing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { directivesNamed, parseCorefile, parseServerKey, serversFor } from '../../../support/dns/corefile.ts';
import { parseResolvConf } from '../../../support/dns/resolvConf.ts';
import { LabgateError } from '../../../support/floor/errors.ts';

function refused(text: string, message: string): void {
  assert.throws(
    () => parseCorefile(text),
    (e: Error) => e instanceof LabgateError && e.message === message,
  );
}

test('Corefile tokens: escapes inside quotes, quotes that end a bare word, a quoted brace, lines inside quotes', () => {
  const c = parseCorefile(
    '.:53 {\n  template "a\\"b" "c\\\\d" "e\\nf" x"y"\n  log "{"\n  hosts "one\ntwo"\n  reload\n}\n# the end, no newline',
  );
  const d = c.servers[0]!.directives;
  assert.deepEqual(
    d.map((x) => [x.name, x.args, x.line]),
    [
      ['template', ['a"b', 'c\\d', 'e\\nf', 'x', 'y'], 2],
      ['log', ['{'], 3],
      ['hosts', ['one\ntwo'], 4],
      ['reload', [], 6],
    ],
  );
  assert.equal(d[1]!.block, null);
});

test('Corefile structure: a brace on the next line opens nothing, stray braces and unclosed blocks are refused', () => {
  refused(
    '.:53 {\n  kubernetes cluster.local\n  {\n    ttl 30\n  }\n}\n',
    'Corefile line 3: "{" without a directive before it',
  );
  refused('}\n', 'Corefile line 1: "}" where a server block\'s zones were expected');
  refused('{\n}\n', 'Corefile line 1: "{" where a server block\'s zones were expected');
  refused('.:53 example.org:53\n', 'Corefile line 1: server block ".:53 example.org:53" has no "{"');
  refused('.:53 {\n  errors\n', 'Corefile line 1: this "{" is never closed');
  refused('.:53 {\n  log "x\n}\n', 'Corefile line 2: a quoted string is not closed');
  // a comma after a key, or two, leaves no empty key behind
  assert.deepEqual(
    parseCorefile('.:53,,example.org:53, {\n}\n').servers[0]!.keys.map((k) => k.text),
    ['.:53', 'example.org:53'],
  );
  // a snippet is one parenthesised name; with other keys it is an odd zone, not a snippet
  const c = parseCorefile('(common) {\n  errors\n}\n(a) b:53 {\n  whoami\n}\n');
  assert.deepEqual(Object.keys(c.snippets), ['common']);
  assert.deepEqual(
    c.servers.map((s) => s.keys.map((k) => k.zone)),
    [['(a).', 'b.']],
  );
  assert.deepEqual(
    parseCorefile('x(a) {\n}\n(a)x {\n}\n').servers.map((s) => s.keys[0]!.zone),
    ['x(a).', '(a)x.'],
  );
  assert.deepEqual(directivesNamed(null, 'errors'), []);
});

test('server keys: the whole key must be ZONE[:PORT], ports 1 to 65535, zones made absolute once', () => {
  for (const bad of ['foo:bar:53', '.:53x', 'dns://a:b']) {
    assert.throws(
      () => parseServerKey(bad),
      (e: Error) => e instanceof LabgateError && e.message === `Corefile server key "${bad}" is not ZONE[:PORT]`,
      bad,
    );
  }
  assert.throws(
    () => parseServerKey('.:0'),
    (e: Error) => e instanceof LabgateError && e.message === 'Corefile server key ".:0" has port 0, not 1-65535',
  );
  assert.throws(() => parseServerKey('.:65536'), /has port 65536, not 1-65535/);
  assert.equal(parseServerKey('.:1').port, 1);
  assert.equal(parseServerKey('.:65535').port, 65535);
  assert.equal(parseServerKey('cluster.local.').zone, 'cluster.local.');
  assert.equal(parseServerKey('https://.').port, 443);
  assert.equal(parseServerKey('quic://.').port, 53);
});

test('servers for a zone: any spelling of the zone, DNS only, on the port asked', () => {
  const c = parseCorefile('cluster.local:53 {\n}\ntls://cluster.local:53 {\n}\nexample.org:53 {\n}\n');
  assert.equal(serversFor(c, 'Cluster.Local').length, 1);
  assert.equal(serversFor(c, 'CLUSTER.LOCAL.').length, 1);
  assert.equal(serversFor(c, 'cluster.local', 5353).length, 0);
  assert.deepEqual(
    serversFor(c, 'example.org.').map((s) => s.line),
    [5],
  );
});

test('resolv.conf: indentation, runs of blanks, trailing "#", inline comment words, unknown keywords, odd options', () => {
  const rc = parseResolvConf(
    '  nameserver  10.96.0.10\n\tnameserver\t10.96.0.11 #\nsearch default.svc.cluster.local #x ;y svc.cluster.local\nsortlist 130.155.160.0/255.255.240.0\noptions :odd ndots:x5 timeout:2\n',
  );
  assert.deepEqual(rc, {
    nameservers: ['10.96.0.10', '10.96.0.11'],
    search: ['default.svc.cluster.local', 'svc.cluster.local'],
    options: { '': 'odd', ndots: 'x5', timeout: '2' },
    ndots: 1,
    optionWords: [':odd', 'ndots:x5', 'timeout:2'],
  });
  assert.deepEqual(parseResolvConf('nameserver 1.1.1.1\n').search, []);
  assert.equal(parseResolvConf('options ndots:5x\n').ndots, 1);
  assert.equal(parseResolvConf('options ndots\n').ndots, 1);
  assert.equal(parseResolvConf('options ndots:0\n').ndots, 0);
});

test('a line ending in ";" is no comment; a quoted "}" closes nothing', () => {
  assert.deepEqual(parseResolvConf('nameserver 10.96.0.10 ;\n').nameservers, ['10.96.0.10']);
  assert.deepEqual(
    parseCorefile('.:53 {\n  log "}"\n  errors\n}\n').servers[0]!.directives.map((d) => [d.name, d.args]),
    [
      ['log', ['}']],
      ['errors', []],
    ],
  );
});
