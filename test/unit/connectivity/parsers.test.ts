/**
 * The probe's parsers on what its scripts print (the markers on stderr, getent/nslookup, an HTTP reply, a burst's
 * count) and the commands it hands to the pod: values as arguments after the script, never inside it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  LOOKUP_SCRIPT,
  MARKER,
  REPLY_WAIT_SECONDS,
  TCP_BURST_SCRIPT,
  TCP_REQUEST_NC_SCRIPT,
  TCP_REQUEST_SCRIPT,
  isMissingExecutable,
  lookupCommand,
  markers,
  parseBurst,
  parseLookup,
  parseTcpRequest,
  programMissing,
  tcpBurstCommand,
  tcpRequestCommand,
} from '../../../support/connectivity/scripts.ts';

test('commands carry the script, a name for $0 and the values as arguments', () => {
  // the lookup's wait (8 s) and the burst's limit (20 s) bound what a dropped query or connection can hold
  assert.deepEqual(lookupCommand('nginx-service'), ['sh', '-c', LOOKUP_SCRIPT, 'labgate-lookup', 'nginx-service', '8']);
  assert.deepEqual(tcpRequestCommand('nginx-service', 80, 'get'), [
    'bash',
    '-c',
    TCP_REQUEST_SCRIPT,
    'labgate-request',
    'nginx-service',
    '80',
    'get',
    String(REPLY_WAIT_SECONDS),
  ]);
  assert.deepEqual(tcpRequestCommand('nginx-service', 80, 'get', 'sh'), [
    'sh',
    '-c',
    TCP_REQUEST_NC_SCRIPT,
    'labgate-request',
    'nginx-service',
    '80',
    'get',
    '5',
  ]);
  assert.deepEqual(tcpBurstCommand('10.96.204.67', 80, 200), [
    'bash',
    '-c',
    TCP_BURST_SCRIPT,
    'labgate-burst',
    '10.96.204.67',
    '80',
    '200',
    '20',
  ]);
  assert.equal(MARKER, 'labgate-probe:');
});

test("markers: only the probe's own stderr lines, without the prefix", () => {
  assert.deepEqual(markers('  labgate-probe:  connected  \nbash: warning\nlabgate-probe: closed-by-peer\n\n'), [
    'connected',
    'closed-by-peer',
  ]);
  assert.deepEqual(markers('no marker here\n'), []);
});

test('getent: the first word of each line is the address, once each; names that look like addresses are not', () => {
  const ahosts =
    '10.96.204.67    STREAM nginx-service.default.svc.cluster.local\n10.96.204.67    DGRAM\n10.96.204.67    RAW\n';
  assert.deepEqual(parseLookup(ahosts, 'labgate-probe: tool=getent\n'), {
    tool: 'getent',
    addresses: ['10.96.204.67'],
    missingTool: false,
  });
  const aliases = '  10.96.204.67 web.10.0.0.1.nip.io 10.0.0.2\n10.96.0.10 kube-dns\n';
  assert.deepEqual(parseLookup(aliases, 'labgate-probe: tool=getent\n').addresses, ['10.96.204.67', '10.96.0.10']);
  assert.deepEqual(
    parseLookup('300.1.2.3 bad\n1.2.3.256 bad\n10.96.0.10 ok\n', 'labgate-probe: tool=getent\n').addresses,
    ['10.96.0.10'],
  );
  assert.deepEqual(parseLookup('fd00::1 v6\n1234.1.1.1 x\n', 'labgate-probe: tool=getent\n').addresses, []);
  // no marker (an old image): parsed like getent, the tool unknown
  assert.deepEqual(parseLookup('10.96.0.10 kube-dns\n', ''), {
    tool: null,
    addresses: ['10.96.0.10'],
    missingTool: false,
  });
  assert.equal(parseLookup('', 'labgate-probe: tool=dig\n').tool, null);
  assert.deepEqual(parseLookup('', 'labgate-probe: missing-tool getent nslookup\n'), {
    tool: null,
    addresses: [],
    missingTool: true,
  });
});

test('nslookup: only the lines from the first "Name:" on, every address there', () => {
  const bind =
    'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tredis-headless.default.svc.cluster.local\nAddress: 192.168.202.195\nName:\tredis-headless.default.svc.cluster.local\nAddress: 192.168.156.4\n';
  assert.deepEqual(parseLookup(bind, 'labgate-probe: tool=nslookup\n'), {
    tool: 'nslookup',
    addresses: ['192.168.202.195', '192.168.156.4'],
    missingTool: false,
  });
  assert.deepEqual(
    parseLookup(
      "Server: 10.96.0.10\nAddress: 10.96.0.10#53\n** server can't find x: NXDOMAIN\n",
      'labgate-probe: tool=nslookup\n',
    ).addresses,
    [],
  );
  // "Name:" only counts at the start of a line
  assert.deepEqual(parseLookup('Server: 10.96.0.10 Name: x\n', 'labgate-probe: tool=nslookup\n').addresses, []);
});

const NGINX =
  'HTTP/1.1 400 Bad Request\r\nServer: nginx/1.28.0\r\nContent-Type: text/html\r\nX-Odd:  spaced : value \r\nno colon here\r\n: empty name\r\n\r\nBody: not a header\r\n';

test('an HTTP reply: status line, headers up to the blank line (names lower-cased), markers, raw text', () => {
  const r = parseTcpRequest('nginx-service', 80, NGINX, 'labgate-probe: connected\nlabgate-probe: closed-by-peer\n');
  assert.deepEqual(r, {
    host: 'nginx-service',
    port: 80,
    connected: true,
    closedByPeer: true,
    missingTool: false,
    statusLine: 'HTTP/1.1 400 Bad Request',
    headers: { server: 'nginx/1.28.0', 'content-type': 'text/html', 'x-odd': 'spaced : value' },
    raw: NGINX,
  });
  // a reply that is not HTTP has no status line and no headers, whatever it looks like
  const ssh = parseTcpRequest(
    'h',
    22,
    'SSH-2.0-OpenSSH_9.2\r\nServer: x\r\n',
    'labgate-probe: connected\nlabgate-probe: still-open\n',
  );
  assert.deepEqual([ssh.statusLine, ssh.headers, ssh.closedByPeer], [null, {}, false]);
  assert.equal(parseTcpRequest('h', 80, ' HTTP/1.1 200 OK\n', '').statusLine, null);
  assert.equal(parseTcpRequest('h', 80, 'HTTP/1.0 200 OK  \nA: b\n', '').statusLine, 'HTTP/1.0 200 OK');
  assert.deepEqual(parseTcpRequest('h', 80, 'HTTP/1.0 200 OK\nA: b\n', '').headers, { a: 'b' });
  assert.equal(parseTcpRequest('h', 80, '', 'labgate-probe: missing-tool bash nc\n').missingTool, true);
});

test("a failed connection says why in the shell's words, without the shell's prefix; a connected one has no failure", () => {
  const why = (stderr: string) => parseTcpRequest('h', 80, '', stderr).failure;
  assert.equal(
    why(
      'bash: line 1: nginx-service: Name or service not known\nbash: line 1: /dev/tcp/nginx-service/80: Invalid argument\nlabgate-probe: connect-failed\n',
    ),
    'nginx-service: Name or service not known',
  );
  assert.equal(why('labgate-probe: connect-failed\nsh: connect: Connection refused\n'), 'connect: Connection refused');
  assert.equal(why('bash: connect: Network is unreachable\n'), 'connect: Network is unreachable');
  assert.equal(why('labgate-request: line 2: connect: Connection timed out\n'), 'connect: Connection timed out');
  assert.equal(why('labgate-burst: connect: No route to host\n'), 'connect: No route to host');
  assert.equal(why('  \nnc: getaddrinfo: Name does not resolve\n'), 'nc: getaddrinfo: Name does not resolve');
  assert.equal(why('labgate-probe: connect-failed\n'), undefined);
  assert.equal(why(''), undefined);
  const connected = parseTcpRequest('h', 80, '', 'bash: warning: something\nlabgate-probe: connected\n');
  assert.equal('failure' in connected, false);
});

test("a burst's count, or null when the script printed none", () => {
  assert.deepEqual(parseBurst('labgate-probe: connections ok=198 failed=2\n'), { ok: 198, failed: 2 });
  assert.equal(parseBurst('labgate-probe: connections ok= failed=2\n'), null);
  assert.equal(parseBurst(''), null);
});

test("a program missing from the image: the API's exec status or the runtime's own words, not the script's", () => {
  for (const failure of [
    'OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown',
    'exec: "bash": stat bash: No such file or directory',
    'bash: Not Found In $PATH',
    'command terminated with exit code 127',
  ])
    assert.equal(isMissingExecutable(failure), true, failure);
  assert.equal(isMissingExecutable('command terminated with exit code 1'), false);
  assert.equal(isMissingExecutable(''), false);

  assert.equal(programMissing('bash', 'exec: "bash": executable file not found in $PATH', '', 1), true);
  assert.equal(programMissing('bash', undefined, 'exec of "bash" failed: No such file or directory\n', 1), true);
  assert.equal(programMissing('bash', undefined, 'runtime: "bash": executable file not found\n', 126), true);
  assert.equal(programMissing('bash', undefined, 'runtime: "bash": No such File or Directory\n', 126), true);
  // the program ran: it exited 0, or its script printed a marker
  assert.equal(programMissing('bash', undefined, 'exec of "bash" failed: No such file or directory\n', 0), false);
  assert.equal(programMissing('bash', undefined, 'labgate-probe: connect-failed\nexec of "bash" failed\n', 20), false);
  // another program's complaint, or the name unquoted, is not this program missing
  assert.equal(programMissing('bash', undefined, 'exec of "nc" failed: No such file or directory\n', 1), false);
  assert.equal(programMissing('bash', undefined, 'bash: executable file not found\n', 1), false);
  assert.equal(programMissing('bash', undefined, 'runtime: "bash": permission denied\n', 126), false);
  assert.equal(programMissing('bash', undefined, '', undefined), false);
});
