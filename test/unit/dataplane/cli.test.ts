import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
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

const SERVICE_KEYS = ['name', 'protocol', 'clusterIP', 'port', 'chain', 'chainMatchesKubeProxyHash', 'masqueradeUnlessFrom', 'endpoints'];
const ENDPOINT_KEYS = ['address', 'chain', 'chainMatchesKubeProxyHash', 'ruleProbability', 'share'];

test('explain --json on the KUBE-SVC recording gives the documented JSON with the lab values', () => {
  const { code, stdout, stderr } = labgate(['explain', '--input', path.join(recordingsDir, 'iptables-L-KUBE-SVC.txt'), '--json']);
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
    service.endpoints.map((e: Record<string, unknown>) => [e.address, e.chain, e.chainMatchesKubeProxyHash, e.ruleProbability, e.share]),
    [
      ['192.168.156.5:80', 'KUBE-SEP-M6MI3YLHVX7DA53R', true, 0.5, 0.5],
      ['192.168.202.196:80', 'KUBE-SEP-MJ46KNWYZBDUIDMY', true, null, 0.5],
    ],
  );
});

test('explain reads stdin with --input - and prints plain words without --json', () => {
  const { code, stdout, stderr } = labgate(['explain', '--input', '-'], recording('iptables-S-KUBE-SERVICES.txt'));
  assert.equal(code, 0, stderr);
  assert.match(stdout, /Service default\/nginx-service:http \(TCP\): new connections to 10\.96\.204\.67:80 go to chain KUBE-SVC-6IM33IEVEEV7U3GP/);
  const json = labgate(['explain', '--input', '-', '--json'], recording('iptables-L-KUBE-SVC.txt'));
  assert.equal(json.code, 0, json.stderr);
  assert.equal(JSON.parse(json.stdout).services[0].endpoints.length, 2);
});

test('explain of a whole captured table lists problems in words when the rules are broken', () => {
  const { code, stdout } = labgate(['explain', '--input', path.join(fixturesDir, 'twin-save.txt')]);
  assert.equal(code, 0);
  assert.match(stdout, /192\.168\.156\.3:80 via KUBE-SEP-F3NM447VBSLXZWTO: the rule takes whatever reaches it, so it gets 33\.3% of new connections/);
  assert.match(stdout, /No problems found\./);
  const broken = labgate(['explain', '--input', '-'], recording('iptables-L-KUBE-SVC.txt').replace('0.50000000000', '0.20000000000'));
  assert.equal(broken.code, 0);
  assert.match(broken.stdout, /Problems:\n  - .*rule 1 of 2.*probability 0\.2/);
});

test('a missing file, an empty input and text with no iptables lines fail with one line and a non-zero exit', () => {
  const cases: Array<[string[], string, RegExp]> = [
    [['explain', '--input', path.join(fixturesDir, 'no-such-file.txt')], '', /cannot read .*no-such-file\.txt: no such file/],
    [['explain', '--input', fixturesDir], '', /cannot read .*: it is a directory/],
    [['explain', '--input', '-'], '', /the input from stdin is empty/],
    [['explain', '--input', '-'], '  \n\n', /the input from stdin is empty/],
    [['explain', '--input', '-', '--json'], 'hello world\nnothing to see\n', /no iptables rules or chains found in stdin/],
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
