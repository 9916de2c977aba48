/**
 * Connections that get no answer (dropped, as a real cluster drops traffic no rule takes anywhere) end the pod probes
 * in bounded time with what they saw: the request says its connect timed out, the burst counts them as failed.
 * Runs the real probe scripts in a network namespace whose OUTPUT chain drops the SYNs (root, ip, iptables, bash).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, test } from 'node:test';
import { parseBurst, parseTcpRequest, tcpBurstCommand, tcpRequestCommand } from '../../support/connectivity/scripts.ts';
import { requireNetns, withNetns } from './netns.ts';

const DROPPED_PORT = 9;

before(() => requireNetns());

function inNetns(ns: string, argv: string[]): { stdout: string; stderr: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync('ip', ['netns', 'exec', ns, ...argv], { encoding: 'utf8', timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

test('a request whose connect gets no answer fails with "timed out", within its wait', async () => {
  await withNetns((ns) => {
    ns.run(['ip', 'link', 'set', 'lo', 'up']);
    ns.run(['iptables', '-A', 'OUTPUT', '-p', 'tcp', '--dport', String(DROPPED_PORT), '-j', 'DROP']);
    const r = inNetns(ns.name, tcpRequestCommand('127.0.0.1', DROPPED_PORT, 'get'));
    const reply = parseTcpRequest('127.0.0.1', DROPPED_PORT, r.stdout, r.stderr);
    assert.equal(reply.connected, false);
    assert.match(reply.failure ?? '', /^connect: timed out/);
    assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
  });
});

test('a burst whose connections get no answer stops at its limit and counts them as failed', async () => {
  await withNetns((ns) => {
    ns.run(['ip', 'link', 'set', 'lo', 'up']);
    ns.run(['iptables', '-A', 'OUTPUT', '-p', 'tcp', '--dport', String(DROPPED_PORT), '-j', 'DROP']);
    const [bash, ...args] = tcpBurstCommand('127.0.0.1', DROPPED_PORT, 10);
    const r = inNetns(ns.name, [bash!, ...args.slice(0, -1), '2']);
    assert.deepEqual(parseBurst(r.stdout), { ok: 0, failed: 10 });
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
  });
});
