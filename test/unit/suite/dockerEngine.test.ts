import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { demultiplex, localEngineSocket } from '../../../support/access/dockerEngine.ts';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

test('the multiplexed stream is split into stdout and stderr, in order, without the final newline', () => {
  const raw = Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err\n'), frame(1, 'out 2\n')]);
  assert.deepEqual(demultiplex(raw), { stdout: 'out 1\nout 2', stderr: 'err' });
  assert.deepEqual(demultiplex(Buffer.alloc(0)), { stdout: '', stderr: '' });
  // a frame cut short is read as far as it goes, as a closed stream would leave it
  assert.deepEqual(demultiplex(Buffer.concat([frame(1, 'whole\n'), frame(2, 'cut').subarray(0, 6)])), {
    stdout: 'whole',
    stderr: '',
  });
});

test('the socket is used only where the CLI would go too', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'labgate-engine-'));
  try {
    const socket = path.join(dir, 'docker.sock');
    writeFileSync(socket, '');
    const config = path.join(dir, 'config');
    mkdirSync(config);
    const base = { DOCKER_CONFIG: config, DOCKER_HOST: `unix://${socket}` };
    assert.equal(localEngineSocket(base), socket);
    assert.equal(localEngineSocket({ ...base, DOCKER_HOST: 'tcp://10.0.0.1:2376' }), undefined, 'a remote engine');
    assert.equal(
      localEngineSocket({ ...base, DOCKER_HOST: `unix://${path.join(dir, 'none.sock')}` }),
      undefined,
      'no socket there',
    );
    assert.equal(localEngineSocket({ ...base, DOCKER_CONTEXT: 'remote' }), undefined, 'a context in the environment');
    assert.equal(localEngineSocket({ ...base, LABGATE_DOCKER_CLI: '1' }), undefined, 'asked for the CLI');
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'rootless' }));
    assert.equal(localEngineSocket(base), undefined, 'a current context in the CLI config');
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'default' }));
    assert.equal(localEngineSocket(base), socket);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
