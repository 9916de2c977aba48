import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import net from 'node:net';
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
  silent = net.createServer((sock) => sock.on('error', () => {}));
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

test('the sh fallback (nc) or its missing-tool report', async () => {
  const out = await runProbe(tcpRequestCommand('127.0.0.1', answeringPort, 'get', 'sh'));
  const reply = parseTcpRequest('127.0.0.1', answeringPort, out.stdout, out.stderr);
  const hasNc = await runProbe(['sh', '-c', 'command -v nc']).then((r) => r.stdout.trim() !== '');
  if (hasNc) assert.equal(reply.statusLine, 'HTTP/1.1 400 Bad Request');
  else assert.equal(reply.missingTool, true);
});

test('the burst opens exactly N new connections and counts them', async () => {
  connections = 0;
  const out = await runProbe(tcpBurstCommand('127.0.0.1', answeringPort, 25));
  assert.deepEqual(parseBurst(out.stdout), { ok: 25, failed: 0 });
  // each connection is closed once established: the server may still be accepting them from its backlog
  for (let waited = 0; connections < 25 && waited < 2_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  assert.equal(connections, 25);
});

test('the lookup probe resolves a name through the system resolver', async () => {
  const out = await runProbe(lookupCommand('localhost'));
  const lookup = parseLookup(out.stdout, out.stderr);
  assert.notEqual(lookup.tool, null);
  assert.ok(lookup.addresses.includes('127.0.0.1'), `addresses: ${lookup.addresses.join(', ')}`);
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
