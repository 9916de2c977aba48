import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  directivesNamed,
  directiveText,
  parseCorefile,
  parseServerKey,
  serversFor,
} from '../../../support/dns/corefile.ts';
import { labCorefile } from './labText.ts';

test("lab 05's Corefile: one server block for . on port 53 with its directives in order", () => {
  const c = parseCorefile(labCorefile());
  assert.equal(c.servers.length, 1);
  assert.deepEqual(c.servers[0]!.keys, [{ text: '.:53', scheme: 'dns', zone: '.', port: 53 }]);
  assert.deepEqual(
    c.servers[0]!.directives.map((d) => d.name),
    ['errors', 'health', 'ready', 'kubernetes', 'prometheus', 'forward', 'cache', 'loop', 'reload', 'loadbalance'],
  );
  const [k8s] = directivesNamed(c.servers[0]!.directives, 'kubernetes');
  assert.deepEqual(k8s!.args, ['cluster.local', 'in-addr.arpa', 'ip6.arpa']);
  assert.deepEqual(
    k8s!.block!.map((d) => [d.name, ...d.args]),
    [
      ['pods', 'insecure'],
      ['fallthrough', 'in-addr.arpa', 'ip6.arpa'],
      ['ttl', '30'],
    ],
  );
  const [health] = directivesNamed(c.servers[0]!.directives, 'health');
  assert.deepEqual(
    health!.block!.map((d) => [d.name, ...d.args]),
    [['lameduck', '5s']],
  );
  const [forward] = directivesNamed(c.servers[0]!.directives, 'forward');
  assert.deepEqual(forward!.args, ['.', '/etc/resolv.conf']);
  assert.equal(directiveText(forward!), 'forward . /etc/resolv.conf { max_concurrent 1000 }');
  assert.deepEqual(directivesNamed(c.servers[0]!.directives, 'cache')[0]!.args, ['30']);
  assert.deepEqual(directivesNamed(c.servers[0]!.directives, 'prometheus')[0]!.args, [':9153']);
  assert.equal(directivesNamed(c.servers[0]!.directives, 'loop')[0]!.block, null);
  assert.equal(k8s!.line, 7);
});

test('variants: several server blocks, comments, quotes, one-line blocks, comma keys, schemes', () => {
  const c = parseCorefile(
    [
      '# the cluster zone on its own',
      'cluster.local:53 {',
      '  kubernetes { ttl 10 }  # trailing comment',
      '  log "a quoted # not a comment"',
      '}',
      'dns://.:1053,example.org {',
      '  forward . 127.0.0.53',
      '}',
      '(common) {',
      '  errors',
      '}',
      '. {',
      '  import common',
      '  hosts {',
      '    10.0.0.1 a.example',
      '    fallthrough',
      '  }',
      '}',
    ].join('\n'),
  );
  assert.deepEqual(
    c.servers.map((s) => s.keys.map((k) => `${k.scheme}:${k.zone}:${k.port}`)),
    [['dns:cluster.local.:53'], ['dns:.:1053', 'dns:example.org.:53'], ['dns:.:53']],
  );
  const k8s = c.servers[0]!.directives[0]!;
  assert.deepEqual(
    [k8s.name, k8s.args, k8s.block!.map((d) => [d.name, ...d.args])],
    ['kubernetes', [], [['ttl', '10']]],
  );
  assert.deepEqual(c.servers[0]!.directives[1]!.args, ['a quoted # not a comment']);
  assert.deepEqual(Object.keys(c.snippets), ['common']);
  assert.deepEqual(
    c.servers[2]!.directives.map((d) => d.name),
    ['import', 'hosts'],
  );
  assert.deepEqual(
    c.servers[2]!.directives[1]!.block!.map((d) => [d.name, ...d.args]),
    [['10.0.0.1', 'a.example'], ['fallthrough']],
  );
  assert.equal(serversFor(c, 'cluster.local').length, 1);
  assert.equal(serversFor(c, '.', 1053).length, 1);
  assert.equal(serversFor(c, '.').length, 1);
});

test('server keys: default ports by scheme, and bad ports refused', () => {
  assert.deepEqual(parseServerKey('.'), { text: '.', scheme: 'dns', zone: '.', port: 53 });
  assert.deepEqual(parseServerKey(':53'), { text: ':53', scheme: 'dns', zone: '.', port: 53 });
  assert.deepEqual(parseServerKey('tls://Example.ORG'), {
    text: 'tls://Example.ORG',
    scheme: 'tls',
    zone: 'example.org.',
    port: 853,
  });
  assert.throws(() => parseServerKey('.:70000'), /not 1-65535/);
});

test('malformed Corefiles are LabgateErrors naming the line', () => {
  assert.throws(
    () => parseCorefile('.:53 {\n  errors\n'),
    (e: Error) => e.name === 'LabgateError' && /line 1: this "\{" is never closed/.test(e.message),
  );
  assert.throws(() => parseCorefile('.:53 {\n}\n}\n'), /line 3/);
  assert.throws(() => parseCorefile('.:53\n  errors\n'), /has no "\{"/);
  assert.throws(() => parseCorefile('.:53 {\n  {\n  }\n}\n'), /line 2: "\{" without a directive/);
  assert.throws(() => parseCorefile('.:53 {\n  log "open\n}\n'), /quoted string is not closed/);
});
