/**
 * A node command through the engine's socket reads exactly as through the docker CLI: output, exit code,
 * a program missing from the node, a container that does not exist. Needs the lab-04 twin up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localEngineSocket } from '../../support/access/dockerEngine.ts';
import { commandFailure, missingProgramOnNode, runHost, runOnNode } from '../../support/access/nodeRunner.ts';
import type { CommandResult } from '../../support/floor/command.ts';
import { loadLab } from '../../support/lab/catalog.ts';

const node = `${loadLab('04-k8s-services').cluster.name}-worker`;
// iptables-save stamps its output with the time
const unstamped = (text: string) => text.replace(/ on \w{3} \w{3} +\d+ [\d:]+ \d{4}/g, '');
const shown = (r: CommandResult) => ({
  exitCode: r.exitCode,
  stdout: unstamped(r.stdout),
  stderr: r.stderr,
  timedOut: r.timedOut,
  command: r.command,
});

test('the twin host has a local engine socket, so node commands do not start the docker CLI', () => {
  assert.ok(localEngineSocket(), 'no local Docker socket found');
});

for (const args of [
  ['iptables-save', '-t', 'nat'],
  ['no-such-program', '-x'],
  ['sh', '-c', 'echo out; echo err >&2; exit 3'],
]) {
  test(`docker exec ${args.join(' ')}: the engine's answer equals the CLI's`, async () => {
    // read between two CLI readings that agree (the twin's kube-proxy may be rewriting the table)
    let before = await runHost(['docker', 'exec', node, ...args]);
    let viaEngine = await runOnNode(node, args);
    let viaCli = await runHost(['docker', 'exec', node, ...args]);
    for (let i = 0; i < 5 && JSON.stringify(shown(before)) !== JSON.stringify(shown(viaCli)); i++) {
      await new Promise((r) => setTimeout(r, 500));
      [before, viaEngine, viaCli] = [
        viaCli,
        await runOnNode(node, args),
        await runHost(['docker', 'exec', node, ...args]),
      ];
    }
    assert.deepEqual(shown(viaEngine), shown(viaCli));
    assert.deepEqual(missingProgramOnNode(viaEngine), missingProgramOnNode(viaCli));
    assert.equal(unstamped(commandFailure(viaEngine)), unstamped(commandFailure(viaCli)));
  });
}

test("a container that does not exist: the daemon's words, exit 1, as the CLI says it", async () => {
  const viaEngine = await runOnNode('labgate-no-such-node', ['true']);
  const viaCli = await runHost(['docker', 'exec', 'labgate-no-such-node', 'true']);
  assert.deepEqual(shown(viaEngine), shown(viaCli));
});

test('a command that outlives its bound is reported as timed out', async () => {
  const r = await runOnNode(node, ['sleep', '5'], 300);
  assert.equal(r.timedOut, true);
  assert.match(commandFailure(r), /timed out$/);
});
