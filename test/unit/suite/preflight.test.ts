import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { isAfterDestroyRun } from '../../../bin/cli/run.ts';
import { LabgateError } from '../../../support/floor/errors.ts';
import { preflight } from '../../../support/session/preflight.ts';
import { makeTarget } from '../../../support/lab/target.ts';
import { loadLab } from '../../../support/lab/catalog.ts';
import { tempDir } from '../../tempDir.ts';

function kubeconfigFor(server: string): string {
  const dir = tempDir('labgate-preflight-');
  const file = path.join(dir, 'lab.kubeconfig');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: c',
      `  cluster: { server: "${server}", insecure-skip-tls-verify: true }`,
      'users:',
      '- name: u',
      '  user: { token: wrong }',
      'contexts:',
      '- name: lab',
      '  context: { cluster: c, user: u }',
      'current-context: lab',
      '',
    ].join('\n'),
  );
  return file;
}

async function preflightError(kubeconfig: string, context = 'lab'): Promise<LabgateError> {
  try {
    await preflight(makeTarget(loadLab('04-k8s-services'), 'lab', kubeconfig, context, {}));
  } catch (err) {
    assert.ok(err instanceof LabgateError, `expected a LabgateError, got ${String(err)}`);
    assert.doesNotMatch(err.oneLine(), /\n/);
    return err;
  }
  assert.fail('the preflight passed');
}

test('an API server that refuses the credentials: one line naming HTTP 401', async () => {
  const server = http.createServer((_req, res) => {
    res.writeHead(401, { 'Content-Type': 'application/json' });
    res.end('{"kind":"Status","code":401}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const err = await preflightError(kubeconfigFor(`http://127.0.0.1:${port}`));
    assert.match(err.message, /refused the kubeconfig's credentials \(HTTP 401\)/);
  } finally {
    server.close();
  }
});

test('a closed port: the API is unreachable', async () => {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  const err = await preflightError(kubeconfigFor(`https://127.0.0.1:${port}`));
  assert.match(err.message, /unreachable \(ECONNREFUSED\)/);
});

test('missing kubeconfig and unknown context are named', async () => {
  const missing = await preflightError('/nonexistent/lab.kubeconfig');
  assert.match(missing.message, /does not exist/);
  const unknown = await preflightError(kubeconfigFor('https://127.0.0.1:1'), 'nope');
  assert.match(unknown.message, /context "nope" is not in .* \(contexts: lab\)/);
});

test('after-destroy runs are recognised from the profile or tags passed to cucumber', () => {
  assert.equal(isAfterDestroyRun(['--profile', 'after-destroy']), true);
  assert.equal(isAfterDestroyRun(['-p', 'after-destroy']), true);
  assert.equal(isAfterDestroyRun(['--profile=after-destroy']), true);
  assert.equal(isAfterDestroyRun(['--tags', '@after-destroy']), true);
  assert.equal(isAfterDestroyRun(['--tags', 'not @after-destroy']), false);
  assert.equal(isAfterDestroyRun(['--tags', '@exercise:3']), false);
  assert.equal(isAfterDestroyRun([]), false);
});
