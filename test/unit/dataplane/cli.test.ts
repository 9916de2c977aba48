import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fixturesDir, recording, recordingsDir, repoRoot } from './paths.ts';

function labgate(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'labgate.mjs'), ...args], {
    cwd: repoRoot,
    input: input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SERVICE_KEYS = [
  'name',
  'protocol',
  'clusterIP',
  'port',
  'chain',
  'chainMatchesKubeProxyHash',
  'masqueradeUnlessFrom',
  'endpoints',
];
const ENDPOINT_KEYS = ['address', 'chain', 'chainMatchesKubeProxyHash', 'ruleProbability', 'share'];

test('explain --json on the KUBE-SVC recording gives the documented JSON with the lab values', () => {
  const { code, stdout, stderr } = labgate([
    'explain',
    '--input',
    path.join(recordingsDir, 'iptables-L-KUBE-SVC.txt'),
    '--json',
  ]);
  assert.equal(code, 0, stderr);
  const json = JSON.parse(stdout);
  for (const key of ['format', 'services', 'problems']) assert.ok(key in json, key);
  assert.equal(json.format, 'iptables-L');
  assert.deepEqual(json.problems, []);
  const [service] = json.services;
  for (const key of SERVICE_KEYS) assert.ok(key in service, key);
  assert.equal(service.name, 'default/nginx-service:http');
  assert.equal(service.protocol, 'tcp');
  assert.equal(service.clusterIP, '10.96.204.67');
  assert.equal(service.port, 80);
  assert.equal(service.chain, 'KUBE-SVC-6IM33IEVEEV7U3GP');
  assert.equal(service.chainMatchesKubeProxyHash, true);
  assert.equal(service.masqueradeUnlessFrom, '192.168.0.0/16');
  for (const endpoint of service.endpoints) for (const key of ENDPOINT_KEYS) assert.ok(key in endpoint, key);
  assert.deepEqual(
    service.endpoints.map((e: Record<string, unknown>) => [
      e.address,
      e.chain,
      e.chainMatchesKubeProxyHash,
      e.ruleProbability,
      e.share,
    ]),
    [
      ['192.168.156.5:80', 'KUBE-SEP-M6MI3YLHVX7DA53R', true, 0.5, 0.5],
      ['192.168.202.196:80', 'KUBE-SEP-MJ46KNWYZBDUIDMY', true, null, 0.5],
    ],
  );
});

test('explain reads stdin with --input - and prints plain words without --json', () => {
  const { code, stdout, stderr } = labgate(['explain', '--input', '-'], recording('iptables-S-KUBE-SERVICES.txt'));
  assert.equal(code, 0, stderr);
  assert.match(
    stdout,
    /Service default\/nginx-service:http \(TCP\): new connections to 10\.96\.204\.67:80 go to chain KUBE-SVC-6IM33IEVEEV7U3GP/,
  );
  const json = labgate(['explain', '--input', '-', '--json'], recording('iptables-L-KUBE-SVC.txt'));
  assert.equal(json.code, 0, json.stderr);
  assert.equal(JSON.parse(json.stdout).services[0].endpoints.length, 2);
});

test('explain of a whole captured table lists problems in words when the rules are broken', () => {
  const { code, stdout } = labgate(['explain', '--input', path.join(fixturesDir, 'twin-save.txt')]);
  assert.equal(code, 0);
  assert.match(
    stdout,
    /192\.168\.156\.3:80 via KUBE-SEP-F3NM447VBSLXZWTO: the rule takes whatever reaches it, so it gets 33\.3% of new connections/,
  );
  assert.match(stdout, /No problems found\./);
  const broken = labgate(
    ['explain', '--input', '-'],
    recording('iptables-L-KUBE-SVC.txt').replace('0.50000000000', '0.20000000000'),
  );
  assert.equal(broken.code, 0);
  assert.match(broken.stdout, /Problems:\n  - .*rule 1 of 2.*probability 0\.2/);
});

test('a missing file, an empty input and text with no iptables lines fail with one line and a non-zero exit', () => {
  const cases: Array<[string[], string, RegExp]> = [
    [
      ['explain', '--input', path.join(fixturesDir, 'no-such-file.txt')],
      '',
      /cannot read .*no-such-file\.txt: no such file/,
    ],
    [['explain', '--input', fixturesDir], '', /cannot read .*: it is a directory/],
    [['explain', '--input', '-'], '', /the input from stdin is empty/],
    [['explain', '--input', '-'], '  \n\n', /the input from stdin is empty/],
    [
      ['explain', '--input', '-', '--json'],
      'hello world\nnothing to see\n',
      /no iptables rules or chains found in stdin/,
    ],
  ];
  for (const [args, input, message] of cases) {
    const { code, stdout, stderr } = labgate(args, input);
    assert.notEqual(code, 0, args.join(' '));
    assert.equal(stdout, '');
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line: ${stderr}`);
    assert.match(lines[0]!, /^labgate: /);
    assert.match(lines[0]!, message);
  }
  const noInput = labgate(['explain']);
  assert.notEqual(noInput.code, 0);
  assert.match(noInput.stderr, /--input/);
});

const explainDir = path.join(repoRoot, 'test', 'fixtures', 'explain');

test('explain --json reads iptables-save, -L, nftables and IPVS input into the same model', () => {
  const cases: Array<[string, string, string]> = [
    ['modern-save.txt', 'iptables-save', 'shop/front:http'],
    ['modern-L-nat.txt', 'iptables-L', 'shop/front:http'],
    ['nft-list-table.txt', 'nftables', 'shop/front:http'],
    ['ipvs-Ln.txt', 'ipvsadm', 'TCP 10.43.0.20:80'],
  ];
  for (const [file, format, name] of cases) {
    const { code, stdout, stderr } = labgate(['explain', '--input', path.join(explainDir, file), '--json']);
    assert.equal(code, 0, `${file}: ${stderr}`);
    const json = JSON.parse(stdout);
    assert.equal(json.format, format, file);
    assert.deepEqual(json.problems, [], file);
    const service = json.services.find((s: { name: string }) => s.name === name);
    assert.ok(service, `${file}: ${name}`);
    assert.ok(service.waysIn.length >= 1, file);
    for (const way of service.waysIn)
      for (const key of ['kind', 'address', 'port', 'shownAs', 'chain', 'routes'])
        assert.ok(key in way, `${file} ${key}`);
  }
});

test('explain in words lists the ways in, the Local endpoints and the lines set aside', () => {
  const text = `root@node-1:~# iptables-save\n${readFileSync(path.join(explainDir, 'modern-save.txt'), 'utf8')}`;
  const { code, stdout } = labgate(['explain', '--input', '-'], text);
  assert.equal(code, 0);
  assert.match(stdout, /Set aside 1 line\(s\) that are not rules:\n {2}line 1: root@node-1:~# iptables-save/);
  assert.match(
    stdout,
    / {4}- load-balancer IP 198\.51\.100\.10:80 \(load-balancer source ranges 192\.0\.2\.0\/25\): .*other clients -> dropped/,
  );
  assert.match(
    stdout,
    / {4}- node port 30080: pods in 10\.42\.0\.0\/16 -> the endpoints; this node -> the endpoints \(masqueraded\); other clients -> this node's endpoints only/,
  );
  assert.match(
    stdout,
    /10\.42\.1\.32:80 via KUBE-SEP-\w+: the rule takes whatever reaches it, so it gets 100\.0% of new connections\. It is terminating/,
  );
  assert.match(
    stdout,
    /Service shop\/empty:http \(TCP\): 10\.43\.0\.26:80, no chain of its own\.\n(.*\n)* {2}It has no endpoints: new connections are rejected\./,
  );
  assert.match(stdout, /Returning clients stick to their endpoint for 3600 s \(session affinity\)\./);
});

test('input explain cannot read is refused in one line with exit 2, naming what it looks like or the -n flag', () => {
  const cases: Array<[string, RegExp]> = [
    [recording('kubectl-get-services.txt'), /looks like `kubectl get services` output/],
    [
      readFileSync(path.join(explainDir, 'modern-L-KUBE-SERVICES-hostnames.txt'), 'utf8'),
      /taken without -n.*iptables -t nat -L -n -v/,
    ],
  ];
  for (const [input, message] of cases) {
    const { code, stdout, stderr } = labgate(['explain', '--input', '-'], input);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, message);
  }
});
