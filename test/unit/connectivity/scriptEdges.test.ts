/**
 * The probe scripts run for real on this machine where their other branches are reached (a PATH without getent,
 * without any lookup tool, a server that stays silent), and the parsers on the odd lines those branches print.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  lookupCommand,
  markers,
  parseBurst,
  parseLookup,
  parseTcpRequest,
  tcpRequestCommand,
} from '../../../support/connectivity/scripts.ts';

const which = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();

/** Runs a probe command with PATH holding only the given tools (the shell's builtins still work). */
function runWith(tools: string[], command: string[]): { stdout: string; stderr: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'labgate-path-'));
  try {
    for (const tool of tools) symlinkSync(which(tool), join(dir, tool));
    const [file, ...args] = command;
    const r = spawnSync(which(file!), args, { encoding: 'utf8', env: { PATH: dir }, timeout: 20_000 });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let silent: net.Server;
let silentPort = 0;
before(async () => {
  silent = net.createServer((sock) => sock.on('error', () => {}));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentPort = (silent.address() as net.AddressInfo).port;
});
after(() => silent.close());

test('the lookup script: nslookup when getent is missing; neither tool is a missing-tool marker and exit 127', () => {
  const viaNslookup = runWith(['nslookup'], lookupCommand('localhost'));
  assert.deepEqual(markers(viaNslookup.stderr), ['tool=nslookup']);
  assert.equal(parseLookup(viaNslookup.stdout, viaNslookup.stderr).tool, 'nslookup');
  const none = runWith([], lookupCommand('localhost'));
  assert.deepEqual(markers(none.stderr), ['missing-tool getent nslookup']);
  assert.equal(none.status, 127);
  assert.equal(parseLookup(none.stdout, none.stderr).missingTool, true);
});

test('the request script: a silent server is "still open" when the wait runs out', () => {
  const cmd = tcpRequestCommand('127.0.0.1', silentPort, 'get');
  cmd[cmd.length - 1] = '1';
  const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', timeout: 20_000 });
  assert.deepEqual(markers(r.stderr), ['connected', 'still-open']);
  assert.equal(r.status, 0);
});

test('the nc fallback without nc: a missing-tool marker, not a failed connection', () => {
  const r = runWith(['printf'], tcpRequestCommand('127.0.0.1', silentPort, 'get', 'sh'));
  assert.deepEqual(markers(r.stderr), ['missing-tool bash nc']);
  assert.equal(r.status, 127);
});

test('parser edges: the tool marker among others, "Name:" at the very start or mid-line, octet 255', () => {
  assert.equal(parseLookup('', 'labgate-probe: note\nlabgate-probe: tool=nslookup\n').tool, 'nslookup');
  assert.deepEqual(parseLookup('Name:\tx\nAddress: 10.96.0.5\n', 'labgate-probe: tool=nslookup\n').addresses, [
    '10.96.0.5',
  ]);
  assert.deepEqual(
    parseLookup('Server: 10.96.0.10 Name: 10.96.0.99\n', 'labgate-probe: tool=nslookup\n').addresses,
    [],
  );
  assert.deepEqual(parseLookup('10.96.0.255 x\n255.255.255.255 y\n', 'labgate-probe: tool=getent\n').addresses, [
    '10.96.0.255',
    '255.255.255.255',
  ]);
});

test('parser edges: a status line with a colon, a blank line of spaces, a header name with a space before its colon', () => {
  const r = parseTcpRequest(
    'h',
    80,
    'HTTP/1.1 400 Bad Request: odd\nServer : nginx\n  \nBody: x\n',
    'labgate-probe: connected\n',
  );
  assert.equal(r.statusLine, 'HTTP/1.1 400 Bad Request: odd');
  assert.deepEqual(r.headers, { server: 'nginx' });
  assert.equal(
    parseTcpRequest('h', 80, '', 'labgate-probe: connected\nlabgate-probe: missing-tool x\n').missingTool,
    true,
  );
  assert.deepEqual(parseBurst('labgate-probe: connections ok=188 failed=12\n'), { ok: 188, failed: 12 });
});

test("the shell's words: only its own prefixes are cut, at the start of the line", () => {
  const why = (stderr: string) => parseTcpRequest('h', 80, '', stderr).failure;
  assert.equal(
    why('bash: line 12: nginx-service: Name or service not known\n'),
    'nginx-service: Name or service not known',
  );
  assert.equal(why('x y: line 1: z\n'), 'x y: line 1: z');
  assert.equal(why('nc: sh: odd\n'), 'nc: sh: odd');
  assert.equal(why('nc: labgate-x: odd\n'), 'nc: labgate-x: odd');
});
