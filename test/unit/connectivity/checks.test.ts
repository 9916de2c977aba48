/**
 * The connectivity checks on what lab 04's recorded telnet session shows (the reply nginx sends to "get"),
 * read through the probe's own parser, and on each way a lookup or a request can go wrong.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  closedByServer,
  connectionEstablished,
  everyWorkerGot,
  headerStartsWith,
  replyStartsWith,
  resolvesTo,
} from '../../../support/connectivity/checks.ts';
import type { PodRef } from '../../../support/access/podExec.ts';
import { parseLookup, parseTcpRequest, type HttpReply } from '../../../support/connectivity/scripts.ts';
import { textEvidence } from '../../../support/floor/finding.ts';
import { assertFails, assertPasses } from '../network/assertFinding.ts';
import { repoRoot } from '../network/labText.ts';

const recording = (name: string) => readFileSync(`${repoRoot}/../shared/lab/recordings/${name}`, 'utf8');
// telnet's own lines around the server's bytes are what the probe's markers say instead
const served = recording('http-get-response.txt')
  .replace(/^Connected to .*\n/, '')
  .replace(/Connection closed by foreign host\n?$/, '');
const pod: PodRef = {
  namespace: 'default',
  name: 'multitool-1-bgssq',
  container: 'network-multitool',
  node: 'k8-services-worker',
};
const VIP = '10.96.204.67';

function reply(stderr: string, stdout = served.replaceAll('\n', '\r\n'), host = 'nginx-service'): HttpReply {
  return parseTcpRequest(host, 80, stdout, stderr);
}

const answered = reply('labgate-probe: connected\nlabgate-probe: closed-by-peer\n');
const unresolved = reply('labgate-request: line 2: nginx-service: Name or service not known\n', '');

test("resolves to the VIP: getent's answer passes; another address, none, or no tool fails, naming what it got", () => {
  const getent = parseLookup(`${VIP}      nginx-service.default.svc.cluster.local\n`, 'labgate-probe: tool=getent\n');
  assertPasses(resolvesTo(pod, 'nginx-service', getent, VIP));
  const wrong = resolvesTo(
    pod,
    'nginx-service',
    { tool: 'nslookup', addresses: ['10.96.204.68', '10.96.204.69'], missingTool: false },
    VIP,
  );
  assert.deepEqual([wrong.expected, wrong.observed], [[VIP], ['10.96.204.68', '10.96.204.69']]);
  assertFails(
    wrong,
    `The lab promises that "nginx-service" resolves through cluster DNS to the Service VIP ${VIP}; from pod multitool-1-bgssq on k8-services-worker nslookup gave 10.96.204.68, 10.96.204.69. Check the pod's /etc/resolv.conf`,
    '`kubectl get svc nginx-service`',
  );
  assertFails(
    resolvesTo(pod, 'nginx-service', { tool: null, addresses: [], missingTool: true }, VIP),
    'the lookup gave no address.',
  );
});

test("connection established: the recorded session passes; a name that does not resolve fails with the shell's words", () => {
  assertPasses(connectionEstablished(pod, answered));
  const f = connectionEstablished(pod, unresolved);
  assert.deepEqual([f.expected, f.observed], [true, false]);
  assertFails(
    f,
    'The lab promises a TCP connection from pod multitool-1-bgssq on k8-services-worker to nginx-service:80 (telnet shows "Connected"); it was not established (nginx-service: Name or service not known). Check the KUBE-SERVICES rules on k8-services-worker',
  );
  assertFails(connectionEstablished(pod, reply('', '')), 'it was not established. Check');
});

test("reply starts with the status line: nginx's 400 passes; another status or no HTTP at all fails", () => {
  assertPasses(replyStartsWith(pod, answered, 'HTTP/1.1 400 Bad Request'));
  const other = replyStartsWith(
    pod,
    reply('labgate-probe: connected\n', 'HTTP/1.1 200 OK\r\n\r\n', 'nginx-service.default.svc.cluster.local'),
    'HTTP/1.1 400 Bad Request',
  );
  assert.deepEqual([other.expected, other.observed], ['HTTP/1.1 400 Bad Request', 'HTTP/1.1 200 OK']);
  assertFails(
    other,
    'The lab promises that its request to nginx-service.default.svc.cluster.local:80 draws "HTTP/1.1 400 Bad Request"; from pod multitool-1-bgssq on k8-services-worker the reply began with "HTTP/1.1 200 OK". Check which backend answered: `kubectl get endpointslice -l kubernetes.io/service-name=nginx-service`.',
  );
  // not HTTP: the raw bytes are shown, cut at 120 characters
  const garbage = `SSH-2.0-OpenSSH_9.2 ${'x'.repeat(150)}`;
  const raw = replyStartsWith(pod, reply('labgate-probe: connected\n', garbage), 'HTTP/1.1 400 Bad Request');
  assertFails(raw, `the reply began with no HTTP status line (raw: ${JSON.stringify(garbage.slice(0, 120))})`);
});

test('header starts with: the recorded Server header passes; another server or a missing header fails', () => {
  assertPasses(headerStartsWith(pod, answered, 'Server', 'nginx'));
  const apache = headerStartsWith(pod, answered, 'Server', 'Apache');
  assert.deepEqual([apache.expected, apache.observed], [true, false]);
  assertFails(
    apache,
    'The lab\'s reply carries "Server: Apache/..." (the request reached that server); from pod multitool-1-bgssq on k8-services-worker the Server header is "nginx/1.28.0".',
  );
  const missing = headerStartsWith(pod, answered, 'X-Backend', 'nginx');
  assert.equal(missing.observed, false);
  assertFails(missing, 'the X-Backend header is missing.');
});

test('closed by the server: the recorded session passes; one left open or never opened fails, saying which', () => {
  const closed = closedByServer(pod, answered);
  assertPasses(closed);
  // the message of a pass says what was seen, not what a failure would have
  assert.match(closed.message, /it was closed by the server after its reply\.$/);
  const open = closedByServer(pod, reply('labgate-probe: connected\nlabgate-probe: still-open\n'));
  assert.deepEqual([open.expected, open.observed], [true, false]);
  assertFails(
    open,
    'The lab shows nginx-service\'s server closing the connection after its reply ("Connection closed by foreign host"); from pod multitool-1-bgssq on k8-services-worker it was still open when labgate stopped reading.',
  );
  assertFails(closedByServer(pod, unresolved), 'it was never opened (nginx-service: Name or service not known).');
  assertFails(closedByServer(pod, reply('', '')), 'it was never opened.');
});

test('every worker got the reply: two answering workers pass; a worker with another reply, none, or an open connection fails', () => {
  const evidence = [textEvidence('requests', 'get')];
  // the workers come from the nodes the API lists, never from the replies
  const workers = ['k8-services-worker', 'k8-services-worker2'];
  const good = [
    { node: 'k8-services-worker', pod: 'multitool-1-bgssq', statusLine: 'HTTP/1.1 400 Bad Request', closed: true },
    { node: 'k8-services-worker2', pod: 'multitool-1-vfr5n', statusLine: 'HTTP/1.1 400 Bad Request', closed: true },
  ];
  const healthy = everyWorkerGot('multitool-1', 'get', workers, good, 'HTTP/1.1 400 Bad Request', evidence);
  assertPasses(healthy);
  assert.deepEqual(healthy.expected, [
    'k8-services-worker: HTTP/1.1 400 Bad Request, closed by the server',
    'k8-services-worker2: HTTP/1.1 400 Bad Request, closed by the server',
  ]);
  assert.deepEqual(healthy.evidence, evidence);
  const bad = [
    { ...good[0]!, statusLine: 'HTTP/1.1 200 OK', closed: false },
    { ...good[1]!, statusLine: null, closed: false, failure: 'connect: Connection refused' },
    { node: 'k8-services-worker3', pod: 'multitool-1-zzzzz', statusLine: null, closed: true },
  ];
  const f = everyWorkerGot('multitool-1', 'get', workers, bad, 'HTTP/1.1 400 Bad Request', evidence);
  assert.deepEqual(f.observed, [
    'k8-services-worker: HTTP/1.1 200 OK, not closed',
    'k8-services-worker2: no connection (connect: Connection refused)',
    'k8-services-worker3 (not a worker): no status line, closed by the server',
  ]);
  assertFails(
    f,
    'The lab promises that from the multitool-1 pod on every worker (k8-services-worker, k8-services-worker2), "get" to the Service draws "HTTP/1.1 400 Bad Request" and the server closes; got k8-services-worker: HTTP/1.1 200 OK, not closed; k8-services-worker2: no connection (connect: Connection refused); k8-services-worker3 (not a worker): no status line, closed by the server.',
  );
  // a worker that was not asked is named as such
  const unasked = everyWorkerGot('multitool-1', 'get', workers, good.slice(0, 1), 'HTTP/1.1 400 Bad Request', []);
  assertFails(unasked, '; k8-services-worker2: no reply (not asked).');
});
