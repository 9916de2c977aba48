/**
 * Issue 14: input as people paste it. Prompts and other non-rule lines are set aside, two copies of a chain are
 * merged, -L without -n is read or refused naming -n, a cut-off last line is left out, a missing chain is said.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeExplanation, explainInput } from '../../../support/kubeproxy/index.ts';
import { LabgateError } from '../../../support/floor/errors.ts';
import { explainFixture, fixtureText } from './explainFixtures.ts';
import { assertMatchesSpec, findService } from './expectations.ts';
import { fixture } from './paths.ts';
import { V4 } from '../../fixtures/explain/scenarios.ts';

const web = V4.find((s) => s.name === 'shop/web:http')!;

test('shell prompts, commands and warnings are set aside as "not rules" (shown once), never as problems', () => {
  const paste = [
    'root@node-1:~# iptables-save -t nat',
    '# Warning: iptables-legacy tables present, use iptables-legacy-save to see them',
    fixtureText('modern-save-nat.txt').trimEnd(),
    'root@node-1:~# exit',
    'logout',
  ].join('\n');
  const result = explainInput(paste, 'paste');
  assert.deepEqual(result.problems, []);
  assert.deepEqual(
    result.notRules?.map((l) => l.text),
    [
      'root@node-1:~# iptables-save -t nat',
      '# Warning: iptables-legacy tables present, use iptables-legacy-save to see them',
      'root@node-1:~# exit',
      'logout',
    ],
  );
  assertMatchesSpec(findService(result, web.name), web, 'with prompts');
  const words = describeExplanation(result);
  assert.match(words, /Set aside 4 line\(s\) that are not rules:\n {2}line 1: root@node-1:~# iptables-save -t nat/);
  assert.equal(words.match(/root@node-1:~# exit/g)?.length, 1, 'shown once');
  assert.match(words, /No problems found\./);
});

test('one chain pasted as -S and as -L is read once: no doubled endpoints, no false 0% share', () => {
  // the whole twin table as -S, then the nginx service chain again as the lab lists it (-L -n -v)
  const result = explainInput(`${fixture('twin-S.txt')}\n${fixture('twin-L-KUBE-SVC-6IM33IEVEEV7U3GP.txt')}`, 'paste');
  assert.deepEqual(result.problems, []);
  const nginx = findService(result, 'default/nginx-service:http');
  assert.deepEqual(
    nginx.endpoints.map((e) => [e.address, e.share]),
    [
      ['192.168.156.5:80', 0.5],
      ['192.168.202.196:80', 0.5],
    ],
  );
  assert.ok(
    result.notes?.some((n) => /KUBE-SVC-6IM33IEVEEV7U3GP is in the paste twice \(iptables-S and iptables-L\)/.test(n)),
  );
  assert.deepEqual(result.formats, ['iptables-S', 'iptables-L']);
  // KUBE-SERVICES twice (-S of the whole table, -L of that chain): every service still has one way in per address
  const both = explainFixture('modern-S-nat.txt', 'modern-L-KUBE-SERVICES.txt', 'modern-S-KUBE-SERVICES.txt');
  assert.deepEqual(both.problems, []);
  assertMatchesSpec(findService(both, web.name), web, 'KUBE-SERVICES three times');
});

test('the same chain twice with different rules: the later copy is read, and the paste says so', () => {
  const before = fixture('twin-L-KUBE-SVC-6IM33IEVEEV7U3GP.txt');
  const after = before
    .replace(/^.*KUBE-SEP-MJ46KNWYZBDUIDMY.*$/m, '')
    .replace('statistic mode random probability 0.50000000000', '');
  const result = explainInput(`${before}\n${after}`, 'paste');
  assert.equal(findService(result, 'default/nginx-service:http').endpoints.length, 1);
  assert.ok(result.notes?.some((n) => /with different rules .*the later copy is read/.test(n)));
});

test('-L without -n is read: service names for ports, "anywhere" for any address', () => {
  const result = explainFixture('modern-L-nat-names.txt');
  assert.match(fixtureText('modern-L-nat-names.txt'), /dpt:http\b/, 'the capture really has names');
  assert.deepEqual(result.problems, []);
  assertMatchesSpec(findService(result, web.name), web, '-L without -n');
  assert.equal(findService(result, 'kube-system/kube-dns:dns').port, 53);
  assert.ok(
    result.notes?.some((n) => /port names read as numbers \(.*http = 80.*domain = 53/.test(n)),
    JSON.stringify(result.notes),
  );
});

test('-L without -n that printed host names is refused, naming the -n flag', () => {
  assert.match(fixtureText('modern-L-KUBE-SERVICES-hostnames.txt'), /web\.shop\.example/);
  assert.throws(
    () => explainFixture('modern-L-KUBE-SERVICES-hostnames.txt'),
    (err: unknown) =>
      err instanceof LabgateError &&
      /taken without -n: iptables printed names \(web\.shop\.example\)/.test(err.message) &&
      /-n/.test(err.oneLine()) &&
      !err.oneLine().includes('\n'),
  );
  const unknownPort = fixtureText('modern-L-nat-names.txt').replace('dpt:https', 'dpt:my-admin-port');
  assert.throws(
    () => explainInput(unknownPort, 'paste'),
    /without -n, with port names this reader does not know \(my-admin-port\)/,
  );
});

/** modern-save-nat.txt up to (and including) the first line matching `at`, that line cut after `keep` characters. */
function cutAt(at: RegExp, keep: (line: string) => number): { text: string; line: string } {
  const lines = fixtureText('modern-save-nat.txt').split('\n');
  const index = lines.findIndex((l) => at.test(l));
  assert.ok(index > 0, String(at));
  const line = lines[index]!.slice(0, keep(lines[index]!));
  return { text: [...lines.slice(0, index), line].join('\n'), line };
}

test('a paste cut off in its last line: "the paste ends mid-rule", the line is left out, no false problem', () => {
  const cuts = [
    // mid-address: 10.42.2.22:80 cut to 10.42.2.2
    cutAt(/--to-destination 10\.42\.2\.22:80/, (l) => l.length - 4),
    // mid-comment
    cutAt(
      /KUBE-SVC-67NZLRHBNDSAWJRO -m comment --comment "shop\/web:http -> 10\.42\.2\.12/,
      (l) => l.indexOf('->') + 5,
    ),
    // mid-hash of the endpoint chain it jumps to
    cutAt(/-m statistic --mode random --probability 0\.50000000000 -j KUBE-SEP-/, (l) => l.length - 6),
  ];
  for (const { text, line } of cuts) {
    const result = explainInput(text, 'cut');
    assert.deepEqual(result.endsMidRule?.text, line, line);
    assert.deepEqual(result.problems, [], line);
    assert.match(describeExplanation(result), /The paste ends mid-rule: line \d+ is left out/);
  }
  // the same cut in an -L listing: an unclosed comment
  const list = fixtureText('modern-L-KUBE-SERVICES.txt').trimEnd();
  const cutList = list.slice(0, list.lastIndexOf('/* kubernetes service nodeports') + 20);
  const result = explainInput(cutList, 'cut -L');
  assert.match(result.endsMidRule?.text ?? '', /\/\* kubernetes servic$/);
  assert.deepEqual(result.problems, []);
  // a whole last line is a rule like any other
  const whole = explainInput(fixtureText('modern-S-KUBE-SERVICES.txt').trimEnd(), 'whole');
  assert.equal(whole.endsMidRule, undefined);
});

test('a Service whose chain is not in the paste: "its endpoint rules are not in this input", not "no endpoints"', () => {
  const result = explainFixture('modern-S-KUBE-SERVICES.txt');
  assert.deepEqual(result.problems, []);
  const view = findService(result, web.name);
  assert.deepEqual(view.endpoints, []);
  assert.equal(view.endpointsNotShown, 'its endpoint rules are not in this input');
  assert.equal(view.noEndpoints, undefined);
  const words = describeExplanation(result);
  assert.match(words, /Service shop\/web:http[^\n]*\n(.*\n)*? {2}Its endpoint rules are not in this input\./);
  assert.doesNotMatch(words, /No endpoints are listed/);
  // grep of one service's lines: all of its chains are there
  const grepped = fixtureText('modern-save-nat.txt')
    .split('\n')
    .filter((l) => l.includes('shop/web:http'))
    .join('\n');
  const one = explainInput(grepped, 'grep');
  assert.deepEqual(one.problems, []);
  assertMatchesSpec(findService(one, web.name), web, 'grep');
});

test('Windows line ends, indentation and a Markdown fence around the paste change nothing', () => {
  const text = fixtureText('modern-save-nat.txt');
  const fenced = ['```', ...text.split('\n').map((l) => `    ${l}`), '```'].join('\r\n');
  const result = explainInput(fenced, 'fenced');
  assert.deepEqual(result.problems, []);
  assert.deepEqual(
    result.notRules?.map((l) => l.text),
    ['```', '```'],
  );
  assertMatchesSpec(findService(result, web.name), web, 'fenced');
});
