import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { detectFormat, parseIptables, parseIptablesWithProblems } from '../../../support/kubeproxy/index.ts';
import type { NatRule, NatTable } from '../../../support/kubeproxy/index.ts';
import { fixture, fixturesDir, recording } from './paths.ts';

function rules(table: NatTable, chain: string): NatRule[] {
  const found = table.chains.get(chain);
  assert.ok(found, `chain ${chain} parsed`);
  return found.rules;
}

test('the lab recording of KUBE-SVC (-L -n -v --line-numbers) reads as the lab text describes it', () => {
  const { table, problems } = parseIptablesWithProblems(recording('iptables-L-KUBE-SVC.txt'));
  assert.deepEqual(problems, []);
  assert.equal(table.format, 'iptables-L');
  const chain = table.chains.get('KUBE-SVC-6IM33IEVEEV7U3GP')!;
  assert.equal(chain.references, 1);
  const [masq, first, second] = chain.rules;
  assert.equal(chain.rules.length, 3);
  assert.equal(masq!.target, 'KUBE-MARK-MASQ');
  assert.equal(masq!.protocol, 'tcp');
  assert.deepEqual(masq!.source, { cidr: '192.168.0.0/16', negated: true });
  assert.deepEqual(masq!.destination, { cidr: '10.96.204.67/32', negated: false });
  assert.equal(masq!.dport, 80);
  assert.equal(masq!.comment, 'default/nginx-service:http cluster IP');
  assert.deepEqual(masq!.counters, { packets: 0, bytes: 0 });
  assert.equal(first!.target, 'KUBE-SEP-M6MI3YLHVX7DA53R');
  assert.equal(first!.protocol, 'all');
  assert.equal(first!.probability, 0.5);
  assert.equal(first!.comment, 'default/nginx-service:http -> 192.168.156.5:80');
  assert.equal(first!.position, 2);
  assert.equal(second!.target, 'KUBE-SEP-MJ46KNWYZBDUIDMY');
  assert.equal(second!.probability, undefined);
  assert.equal(second!.source, undefined, '0.0.0.0/0 means no source match');
});

test('the lab recordings of the two KUBE-SEP chains give the pod address for hairpin and DNAT', () => {
  const expected = [
    ['iptables-L-KUBE-SEP-1.txt', 'KUBE-SEP-M6MI3YLHVX7DA53R', '192.168.156.5'],
    ['iptables-L-KUBE-SEP-2.txt', 'KUBE-SEP-MJ46KNWYZBDUIDMY', '192.168.202.196'],
  ] as const;
  for (const [file, chain, podIp] of expected) {
    const { table, problems } = parseIptablesWithProblems(recording(file));
    assert.deepEqual(problems, []);
    const [hairpin, dnat] = rules(table, chain);
    assert.equal(hairpin!.target, 'KUBE-MARK-MASQ');
    assert.deepEqual(hairpin!.source, { cidr: `${podIp}/32`, negated: false });
    assert.equal(hairpin!.comment, 'default/nginx-service:http');
    assert.equal(dnat!.target, 'DNAT');
    assert.equal(dnat!.protocol, 'tcp');
    assert.equal(dnat!.dnatTo, `${podIp}:80`);
  }
});

test('the lab recording of KUBE-SERVICES (-S) reads as an -S rule with a quoted comment', () => {
  const { table, problems } = parseIptablesWithProblems(recording('iptables-S-KUBE-SERVICES.txt'));
  assert.deepEqual(problems, []);
  assert.equal(table.format, 'iptables-S');
  const [rule] = rules(table, 'KUBE-SERVICES');
  assert.equal(rule!.target, 'KUBE-SVC-6IM33IEVEEV7U3GP');
  assert.deepEqual(rule!.destination, { cidr: '10.96.204.67/32', negated: false });
  assert.equal(rule!.protocol, 'tcp');
  assert.equal(rule!.dport, 80);
  assert.equal(rule!.comment, 'default/nginx-service:http cluster IP');
});

test('format detection tells the three listings apart', () => {
  assert.equal(detectFormat(fixture('twin-save.txt')), 'iptables-save');
  assert.equal(detectFormat(fixture('twin-save-counters-after.txt')), 'iptables-save');
  assert.equal(detectFormat(fixture('twin-S.txt')), 'iptables-S');
  assert.equal(detectFormat(fixture('twin-L.txt')), 'iptables-L');
  assert.equal(detectFormat(recording('iptables-S-KUBE-SERVICES.txt')), 'iptables-S');
});

/** What a rule means, without the spelling: the same rules listed in any format must give the same. */
function meaning(table: NatTable): string[] {
  const out: string[] = [];
  for (const chain of [...table.chains.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const r of chain.rules) {
      const probability = r.probability === undefined ? '' : r.probability.toFixed(11);
      out.push(
        [
          chain.name,
          r.position,
          r.target,
          r.protocol,
          r.source?.negated,
          r.source?.cidr,
          r.destination?.cidr,
          r.comment,
          r.dport,
          probability,
          r.dnatTo,
          r.recentModule,
          r.dstType,
        ].join('|'),
      );
    }
  }
  return out;
}

test('iptables 1.8.9 save, -S and -L listings of the same rules parse to the same model', () => {
  const save = parseIptablesWithProblems(fixture('twin-save.txt'));
  const s = parseIptablesWithProblems(fixture('twin-S.txt'));
  const list = parseIptablesWithProblems(fixture('twin-L.txt'));
  const listVerbose = parseIptablesWithProblems(fixture('twin-L-v-after.txt'));
  for (const parsed of [save, s, list, listVerbose]) assert.deepEqual(parsed.problems, []);
  const reference = meaning(save.table);
  assert.ok(reference.length >= 30, `the fixture holds the whole table (${reference.length} rules)`);
  assert.deepEqual(meaning(s.table), reference, '-S');
  assert.deepEqual(meaning(list.table), reference, '-L -n');
  assert.deepEqual(meaning(listVerbose.table), reference, '-L -n -v -x --line-numbers');
  for (const parsed of [save, s, list, listVerbose]) assert.equal(parsed.table.wholeTable, true);
});

test('-L prints protocol numbers in iptables 1.8.9 (6, 17, 0) and names in the lab (tcp, all): both read the same', () => {
  const numeric = fixture('twin-L-KUBE-SVC-6IM33IEVEEV7U3GP.txt');
  assert.match(numeric, /KUBE-MARK-MASQ\s+6\s+--/, 'the fixture really prints numbers');
  const fromNumbers = rules(parseIptables(numeric), 'KUBE-SVC-6IM33IEVEEV7U3GP');
  const fromNames = rules(parseIptables(recording('iptables-L-KUBE-SVC.txt')), 'KUBE-SVC-6IM33IEVEEV7U3GP');
  assert.deepEqual(
    fromNumbers.map((r) => r.protocol),
    ['tcp', 'all', 'all'],
  );
  assert.deepEqual(
    fromNames.map((r) => r.protocol),
    ['tcp', 'all', 'all'],
  );
  const dns = rules(parseIptables(fixture('twin-L-KUBE-SVC-TCOU7JCQXEZGVUNU.txt')), 'KUBE-SVC-TCOU7JCQXEZGVUNU');
  assert.equal(dns[0]!.protocol, 'udp', '17 is udp');
  assert.equal(dns[0]!.dport, 53);
  const sctp = parseIptables(
    'Chain KUBE-SEP-X (1 references)\ntarget prot opt source destination\nDNAT 132 -- 0.0.0.0/0 0.0.0.0/0 sctp to:10.0.0.1:9\n',
  );
  assert.equal(rules(sctp, 'KUBE-SEP-X')[0]!.protocol, 'sctp');
});

test('every captured per-chain -L listing parses without problems', () => {
  const files = readdirSync(fixturesDir).filter((f) => /^twin-L-KUBE-/.test(f));
  assert.ok(files.length >= 10);
  for (const file of files) {
    const { table, problems } = parseIptablesWithProblems(fixture(file));
    assert.deepEqual(problems, [], file);
    const chain = file.replace(/^twin-L-|\.txt$/g, '');
    assert.ok(rules(table, chain).length >= 1, file);
  }
});

test('both probability spellings read as numbers: 1/3 printed by iptables 1.8 and by older kube-proxy', () => {
  const table = parseIptables(
    [
      '-A KUBE-SVC-A -m comment --comment "ns/a:p -> 10.0.0.1:80" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-1',
      '-A KUBE-SVC-A -m comment --comment "ns/a:p" -m statistic --mode random --probability 0.33332999982 -j KUBE-SEP-2',
    ].join('\n'),
  );
  const [current, older] = rules(table, 'KUBE-SVC-A');
  assert.equal(current!.probability, 0.33333333349);
  assert.equal(older!.probability, 0.33332999982);
});

test('counters: iptables-save -c prefixes, -S -v "-c pkts bytes", and -L -v columns with K/M suffixes', () => {
  const save = parseIptables(fixture('twin-save-counters-after.txt'));
  const sVerbose = parseIptables(fixture('twin-S-v-after.txt'));
  const list = parseIptables(fixture('twin-L-v-after.txt'));
  const count = (table: NatTable) =>
    [...table.chains.values()].flatMap((c) =>
      c.rules.map((r) => `${c.name}#${r.position}=${r.counters?.packets}/${r.counters?.bytes}`),
    );
  assert.deepEqual(count(sVerbose), count(save));
  assert.deepEqual(count(list), count(save));
  // every rule got counters, and traffic was sent through KUBE-SERVICES
  assert.ok(count(save).every((entry) => !entry.includes('undefined')));
  assert.ok(rules(save, 'KUBE-SERVICES')[0]!.counters!.packets > 0);
  const suffixed = parseIptables(
    'Chain KUBE-SEP-X (1 references)\n pkts bytes target prot opt in out source destination\n  12K 3456K DNAT tcp -- * * 0.0.0.0/0 0.0.0.0/0 tcp to:10.0.0.1:80\n',
  );
  assert.deepEqual(rules(suffixed, 'KUBE-SEP-X')[0]!.counters, { packets: 12000, bytes: 3456000 });
});

test("a save of all tables keeps only nat: the filter table's own KUBE-SERVICES does not leak in", () => {
  const text = fixture('twin-save-all-tables.txt');
  assert.match(text, /^\*filter/m, 'the fixture has a filter table');
  const { table, problems } = parseIptablesWithProblems(text);
  assert.deepEqual(problems, []);
  const services = rules(table, 'KUBE-SERVICES');
  assert.ok(services.every((r) => r.target !== 'REJECT'));
  assert.deepEqual(meaning(table), meaning(parseIptables(fixture('twin-save.txt'))));
  const filterOnly = parseIptablesWithProblems('*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n');
  assert.equal(filterOnly.table.chains.size, 0);
  assert.match(filterOnly.problems[0]!, /no nat table/);
});

test('negation before an option and in -L form, interfaces, goto, recent and addrtype', () => {
  const table = parseIptables(
    [
      '-A KUBE-SVC-A ! -s 192.168.0.0/16 ! -d 10.0.0.0/8 -i eth0 ! -o eth1 -p tcp -m tcp --dport 443 -g KUBE-MARK-MASQ',
      '-A KUBE-SVC-A -m comment --comment "ns/a:p -> 10.0.0.1:80" -m recent --name KUBE-SEP-1 --rcheck --seconds 10800 --reap -j KUBE-SEP-1',
      '-A KUBE-SEP-1 -p tcp -m comment --comment "ns/a:p" -m recent --set --name KUBE-SEP-1 --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.0.0.1:80',
      "-A KUBE-SERVICES -m comment --comment 'single quoted, with spaces' -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS",
    ].join('\n'),
  );
  const [negated, affinity] = rules(table, 'KUBE-SVC-A');
  assert.deepEqual(negated!.source, { cidr: '192.168.0.0/16', negated: true });
  assert.deepEqual(negated!.destination, { cidr: '10.0.0.0/8', negated: true });
  assert.equal(negated!.inInterface, 'eth0');
  assert.equal(negated!.outInterface, '!eth1');
  assert.equal(negated!.dport, 443);
  assert.equal(negated!.isGoto, true);
  assert.equal(affinity!.recentModule, true);
  assert.equal(affinity!.recentAction, 'rcheck');
  const [dnat] = rules(table, 'KUBE-SEP-1');
  assert.equal(dnat!.recentAction, 'set');
  assert.equal(dnat!.dnatTo, '10.0.0.1:80');
  const [nodeports] = rules(table, 'KUBE-SERVICES');
  assert.equal(nodeports!.comment, 'single quoted, with spaces');
  assert.equal(nodeports!.dstType, 'LOCAL');

  const list = parseIptables(fixture('twin-L.txt'));
  assert.equal(rules(list, 'KUBE-SERVICES').at(-1)!.dstType, 'LOCAL');
  assert.deepEqual(rules(list, 'KUBE-SVC-6IM33IEVEEV7U3GP')[0]!.source, { cidr: '192.168.0.0/16', negated: true });
});

test('an -L rule without a target (blank target column) still lines up', () => {
  const table = parseIptables(
    'Chain X (policy ACCEPT)\ntarget     prot opt source               destination\n           tcp  --  10.0.0.0/8           0.0.0.0/0            tcp dpt:22\n',
  );
  const [rule] = rules(table, 'X');
  assert.equal(rule!.target, undefined);
  assert.equal(rule!.protocol, 'tcp');
  assert.equal(rule!.dport, 22);
  assert.equal(table.chains.get('X')!.policy, 'ACCEPT');
});

test('lines it cannot read are listed as problems with their line number; text that is no rule is set aside', () => {
  const text = [
    '-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m tcp --dport 443 -j KUBE-SVC-X',
    'this is not iptables',
    '-A KUBE-SERVICES -m comment --comment "unterminated -j X',
    '-A KUBE-SVC-X -m statistic --mode random --probability abc -j KUBE-SEP-Y',
    '-A KUBE-SVC-X -j KUBE-SEP-Z',
  ].join('\n');
  const { table, problems } = parseIptablesWithProblems(text);
  assert.equal(rules(table, 'KUBE-SERVICES').length, 1);
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems[0]!, /^line 3: unbalanced quote/);
  assert.match(problems[1]!, /^line 4: probability "abc"/);
  assert.deepEqual(table.notRules, [{ line: 2, text: 'this is not iptables' }]);
});

test('several lab recordings pasted together (-L blocks and an -S line) read as one table', () => {
  const text = [
    'iptables-S-KUBE-SERVICES.txt',
    'iptables-L-KUBE-SVC.txt',
    'iptables-L-KUBE-SEP-1.txt',
    'iptables-L-KUBE-SEP-2.txt',
  ]
    .map(recording)
    .join('\n');
  const { table, problems } = parseIptablesWithProblems(text);
  assert.deepEqual(problems, []);
  assert.deepEqual([...table.chains.keys()].sort(), [
    'KUBE-SEP-M6MI3YLHVX7DA53R',
    'KUBE-SEP-MJ46KNWYZBDUIDMY',
    'KUBE-SERVICES',
    'KUBE-SVC-6IM33IEVEEV7U3GP',
  ]);
  assert.equal(table.wholeTable, false);
});
