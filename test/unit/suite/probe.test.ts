import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import {
  lookupCommand,
  parseBurst,
  parseLookup,
  parseTcpRequest,
  tcpBurstCommand,
  tcpRequestCommand,
  isMissingExecutable,
} from '../../../support/connectivity/scripts.ts';

import { tempDir } from '../../tempDir.ts';
import { requireTool } from '../../tools.ts';

const run = promisify(execFile);

/** Runs a probe command on this machine the way the pod would (argument array, no shell in between). */
async function runProbe(command: string[]): Promise<{ stdout: string; stderr: string }> {
  const [file, ...args] = command;
  try {
    return await run(file!, args, { timeout: 20_000 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const NGINX_400 =
  'HTTP/1.1 400 Bad Request\r\nServer: nginx/1.28.0\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html>400</html>\r\n';

let answering: net.Server; // answers like nginx to a bare line, then closes
let silent: net.Server; // accepts and never answers nor closes
let received: string[] = [];
let answeringPort = 0;
let silentPort = 0;
let connections = 0;

before(async () => {
  answering = net.createServer((sock) => {
    connections++;
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\n')) {
        received.push(buf);
        sock.end(NGINX_400);
      }
    });
    sock.on('error', () => {});
  });
  silent = net.createServer({ allowHalfOpen: true }, (sock) => sock.on('error', () => {}));
  await new Promise<void>((r) => answering.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  answeringPort = (answering.address() as net.AddressInfo).port;
  silentPort = (silent.address() as net.AddressInfo).port;
});

after(() => {
  answering.close();
  silent.close();
});

test('the request probe sends the line with CRLF, reads the 400 and sees the server close', async () => {
  received = [];
  const cmd = tcpRequestCommand('127.0.0.1', answeringPort, 'get');
  const out = await runProbe(cmd);
  const reply = parseTcpRequest('127.0.0.1', answeringPort, out.stdout, out.stderr);
  assert.deepEqual(received, ['get\r\n']);
  assert.equal(reply.connected, true);
  assert.equal(reply.statusLine, 'HTTP/1.1 400 Bad Request');
  assert.equal(reply.headers.server, 'nginx/1.28.0');
  assert.equal(reply.closedByPeer, true);
});

test('a payload with shell syntax reaches the server verbatim (arguments, not script text)', async () => {
  received = [];
  const payload = 'get $(touch /tmp/labgate-pwned) `id`; "x"';
  const out = await runProbe(tcpRequestCommand('127.0.0.1', answeringPort, payload));
  assert.equal(
    parseTcpRequest('127.0.0.1', answeringPort, out.stdout, out.stderr).statusLine,
    'HTTP/1.1 400 Bad Request',
  );
  assert.deepEqual(received, [`${payload}\r\n`]);
});

test('a refused connection is reported as not connected, with no reply', async () => {
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const out = await runProbe(tcpRequestCommand('127.0.0.1', port, 'get'));
  const reply = parseTcpRequest('127.0.0.1', port, out.stdout, out.stderr);
  assert.equal(reply.connected, false);
  assert.equal(reply.statusLine, null);
  assert.equal(reply.closedByPeer, false);
});

test('a server that keeps the connection open is reported as not closing it', async () => {
  const cmd = tcpRequestCommand('127.0.0.1', silentPort, 'get');
  cmd[cmd.length - 1] = '1'; // wait 1 s instead of the default
  const out = await runProbe(cmd);
  const reply = parseTcpRequest('127.0.0.1', silentPort, out.stdout, out.stderr);
  assert.equal(reply.connected, true);
  assert.equal(reply.closedByPeer, false);
  assert.equal(reply.statusLine, null);
});

/**
 * The sh fallback run for real: `sh -c <script>` with nc from PATH (OpenBSD nc, whose -w also ends an idle
 * connection) and busybox's sh and nc (whose -w bounds only the connect), against a server that stays silent,
 * one that answers and closes, one that answers and keeps the connection open, and a closed port.
 */
test('the sh fallback (nc) tells a server that closed from one that kept the connection open, or never answered', async () => {
  requireTool('nc', 'netcat-openbsd');
  const busybox = requireTool('busybox', 'busybox');
  const bin = mkdtempSync(path.join(tmpdir(), 'labgate-busybox-'));
  symlinkSync(busybox, path.join(bin, 'nc'));
  // allowHalfOpen: the client's end of input (busybox nc shuts its side down) does not close the server's
  const keepOpen = net.createServer({ allowHalfOpen: true }, (sock) => {
    sock.on('data', () => sock.write(NGINX_400));
    sock.on('error', () => {});
  });
  await new Promise<void>((r) => keepOpen.listen(0, '127.0.0.1', r));
  const keepOpenPort = (keepOpen.address() as net.AddressInfo).port;
  const closedPort = await freePort();
  const secs = 2;
  const ask = async (shell: string[], pathPrefix: string, port: number) => {
    const cmd = tcpRequestCommand('127.0.0.1', port, 'get', 'sh');
    const [, flag, script, ...args] = cmd;
    cmd[cmd.length - 1] = String(secs);
    const env = { ...process.env, PATH: `${pathPrefix}${process.env.PATH}` };
    const out = await run(shell[0]!, [...shell.slice(1), flag!, script!, ...args.slice(0, -1), String(secs)], {
      env,
      timeout: 20_000,
    }).catch((err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? '' }));
    return parseTcpRequest('127.0.0.1', port, out.stdout, out.stderr);
  };
  const variants: [string, string[], string][] = [
    ['sh with OpenBSD nc', ['sh'], ''],
    ['busybox sh and nc', [busybox, 'sh'], `${bin}:`],
  ];
  try {
    await Promise.all(
      variants.map(async ([name, shell, prefix]) => {
        const [closes, open, silentOne, refused] = await Promise.all([
          ask(shell, prefix, answeringPort),
          ask(shell, prefix, keepOpenPort),
          ask(shell, prefix, silentPort),
          ask(shell, prefix, closedPort),
        ]);
        const seen = (r: ReturnType<typeof parseTcpRequest>) => ({
          connected: r.connected,
          closedByPeer: r.closedByPeer,
          statusLine: r.statusLine,
        });
        assert.deepEqual(
          seen(closes),
          { connected: true, closedByPeer: true, statusLine: 'HTTP/1.1 400 Bad Request' },
          `${name}: answers and closes`,
        );
        assert.deepEqual(
          seen(open),
          { connected: true, closedByPeer: false, statusLine: 'HTTP/1.1 400 Bad Request' },
          `${name}: answers, keeps it open`,
        );
        assert.deepEqual(
          seen(silentOne),
          { connected: true, closedByPeer: false, statusLine: null },
          `${name}: silent`,
        );
        assert.deepEqual(
          seen(refused),
          { connected: false, closedByPeer: false, statusLine: null },
          `${name}: refused`,
        );
      }),
    );
  } finally {
    keepOpen.close();
  }
});

test('the sh fallback without nc says which tools are missing', async () => {
  const sh = requireTool('sh', 'dash');
  const out = await run(sh, tcpRequestCommand('127.0.0.1', answeringPort, 'get', 'sh').slice(1), {
    env: { PATH: '/nonexistent' },
  }).catch((err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? '' }));
  assert.equal(parseTcpRequest('127.0.0.1', answeringPort, out.stdout, out.stderr).missingTool, true);
});

async function freePort(): Promise<number> {
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  return port;
}

test('the burst opens exactly N new connections and counts them', async () => {
  connections = 0;
  const out = await runProbe(tcpBurstCommand('127.0.0.1', answeringPort, 25));
  assert.deepEqual(parseBurst(out.stdout), { ok: 25, failed: 0 });
  // each connection is closed once established: the server may still be accepting them from its backlog
  for (let waited = 0; connections < 25 && waited < 2_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  assert.equal(connections, 25);
});

test('a burst cut short by its limit counts what was established and the rest as failed', async () => {
  // far more connections than the limit of 1 s allows: the burst stops there, as it does when connections hang
  const [file, ...args] = tcpBurstCommand('127.0.0.1', answeringPort, 1_000_000);
  const out = await runProbe([file!, ...args.slice(0, -1), '1']);
  const counted = parseBurst(out.stdout);
  assert.ok(counted, `no count in ${out.stdout}`);
  assert.ok(counted.ok > 0 && counted.ok < 1_000_000, `established ${counted.ok} of 1000000`);
  assert.equal(counted.ok + counted.failed, 1_000_000);
});

test('a burst to a port nothing listens on counts every connection as failed', async () => {
  const out = await runProbe(tcpBurstCommand('127.0.0.1', await freePort(), 5));
  assert.deepEqual(parseBurst(out.stdout), { ok: 0, failed: 5 });
});

test('the lookup probe resolves a name through the system resolver', async () => {
  const out = await runProbe(lookupCommand('localhost'));
  const lookup = parseLookup(out.stdout, out.stderr);
  assert.notEqual(lookup.tool, null);
  assert.ok(lookup.addresses.includes('127.0.0.1'), `addresses: ${lookup.addresses.join(', ')}`);
});

test('a lookup that gets no answer ends at its wait with no address, saying it timed out', async () => {
  // a resolver whose queries are dropped retries for far longer than the probe waits: a getent that hangs
  const bin = tempDir('labgate-hanging-getent-');
  writeFileSync(path.join(bin, 'getent'), '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
  const [sh, ...args] = lookupCommand('nginx-service');
  const t0 = Date.now();
  const out = await run(sh!, [...args.slice(0, -1), '1'], { env: { PATH: `${bin}:${process.env.PATH}` } }).catch(
    (err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? '' }),
  );
  assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
  assert.deepEqual(parseLookup(out.stdout, out.stderr).addresses, []);
  assert.match(out.stderr, /labgate-probe: lookup-timeout/);
});

test('nslookup output: only the answer counts, not the DNS server (bind and busybox spellings)', () => {
  const bind =
    'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tnginx-service.default.svc.cluster.local\nAddress: 10.96.204.67\n';
  const busybox =
    'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      nginx-service\nAddress 1: 10.96.204.67 nginx-service.default.svc.cluster.local\n';
  const marker = 'labgate-probe: tool=nslookup\n';
  assert.deepEqual(parseLookup(bind, marker).addresses, ['10.96.204.67']);
  assert.deepEqual(parseLookup(busybox, marker).addresses, ['10.96.204.67']);
  assert.deepEqual(parseLookup('', 'labgate-probe: tool=nslookup\n').addresses, []);
  assert.equal(parseLookup('', 'labgate-probe: missing-tool getent nslookup\n').missingTool, true);
});

test('exec failures for a program missing from the image are recognised', () => {
  assert.equal(
    isMissingExecutable(
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown',
    ),
    true,
  );
  assert.equal(isMissingExecutable('pods "x" not found'), false);
  assert.equal(isMissingExecutable(undefined), false);
});

test("a request that could not connect says why, in the shell's words", () => {
  // what bash printed in a twin pod when the DNS record of nginx-service was missing
  const unresolved = parseTcpRequest(
    'nginx-service',
    80,
    '',
    'labgate-request: line 2: nginx-service: Name or service not known\nlabgate-request: line 2: /dev/tcp/nginx-service/80: Invalid argument\n',
  );
  assert.equal(unresolved.connected, false);
  assert.equal(unresolved.failure, 'nginx-service: Name or service not known');
  const refused = parseTcpRequest('10.96.0.1', 80, '', 'labgate-request: connect: Connection refused\n');
  assert.equal(refused.failure, 'connect: Connection refused');
});
