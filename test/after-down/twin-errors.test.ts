/**
 * Bad states for `labgate twin up`, checked while no twin is up (npm test runs this after `twin down`):
 * each is one `labgate:` line, a non-zero exit, and nothing left behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { execa } from 'execa';
import { PROJECT_ROOT } from '../../twin/control/state.ts';

const up = (env: Record<string, string>) =>
  execa('node', ['bin/labgate.mjs', 'twin', 'up', '--lab', '04-k8s-services'], {
    cwd: PROJECT_ROOT,
    reject: false,
    env,
  });

function assertOneLineError(r: { exitCode?: number; stderr: unknown }, pattern: RegExp): void {
  assert.notEqual(r.exitCode, 0);
  const lines = String(r.stderr).trim().split('\n');
  assert.equal(lines.length, 1, String(r.stderr));
  assert.match(lines[0]!, /^labgate: /);
  assert.match(lines[0]!, pattern);
}

async function twinContainers(): Promise<string> {
  return (await execa('docker', ['ps', '-aq', '--filter', 'label=io.labgate.twin'])).stdout.trim();
}

test('twin up with its API port held by another process fails at once and builds nothing', async () => {
  const holder = createServer();
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
  const port = (holder.address() as { port: number }).port;
  try {
    const r = await up({ LABGATE_TWIN_API_PORT: String(port) });
    assertOneLineError(r, new RegExp(`port 127\\.0\\.0\\.1:${port} .*in use`));
    assert.equal(await twinContainers(), '');
  } finally {
    holder.close();
  }
});

test('twin up refuses a node container of the same name that the twin did not make', async () => {
  await execa('docker', ['rm', '-f', 'k8-services-worker'], { reject: false });
  const image = (
    await execa('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}', 'labgate/twin-node'])
  ).stdout.split('\n')[0]!;
  await execa('docker', ['run', '-d', '--name', 'k8-services-worker', image]);
  try {
    const r = await up({});
    assertOneLineError(r, /container named k8-services-worker exists and was not made by the twin/);
  } finally {
    await execa('docker', ['rm', '-f', 'k8-services-worker'], { reject: false });
    await execa('node', ['bin/labgate.mjs', 'twin', 'down'], { cwd: PROJECT_ROOT, reject: false });
  }
});

test('twin up with the Docker engine unreachable says so in one line', async () => {
  const r = await up({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
  assertOneLineError(r, /Docker engine/);
});

test('an unknown lab name is refused before anything runs', async () => {
  const r = await execa('node', ['bin/labgate.mjs', 'twin', 'up', '--lab', 'Lab;rm -rf /'], {
    cwd: PROJECT_ROOT,
    reject: false,
  });
  assertOneLineError(r, /not a lab name/);
});
