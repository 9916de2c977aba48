/** Bad inputs about Docker, which labgate reads the lab nodes through. */
import { strict as assert } from 'node:assert';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { problemLine, runCli, tempDir, twinEnv } from './harness.ts';

test('5. no docker CLI on PATH', async () => {
  const { dir, cleanup } = tempDir('nodocker');
  try {
    // a PATH with node and nothing else
    symlinkSync(process.execPath, path.join(dir, 'node'));
    const run = await runCli(['run'], twinEnv({ PATH: dir }));
    const line = problemLine(run, 2);
    assert.equal(
      line,
      'labgate: the docker CLI is not installed (or not on PATH) (labgate reads lab nodes with `docker exec`; install the Docker CLI)',
    );
  } finally {
    cleanup();
  }
});

test('6. DOCKER_HOST points at a socket where no engine listens', async () => {
  const run = await runCli(['run'], twinEnv({ DOCKER_HOST: 'unix:///nonexistent.sock' }));
  const line = problemLine(run, 2);
  assert.match(
    line,
    /^labgate: the Docker engine is not answering \(Cannot connect to the Docker daemon at unix:\/\/\/nonexistent\.sock\..*\) \(start Docker, or check that you may use its socket\)$/,
  );
});
