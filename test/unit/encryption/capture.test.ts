/**
 * Captures recorded on lab 13's twin (`tcpdump -i eth0 -nn -l -x -s 0 ip` on backend-api's node for 4 s, real
 * packets through the real dataplane): before WireGuard, the pods' HTTP in clear; after, WireGuard's UDP 51820.
 * The packets are decoded from their bytes; each check passes on what the lab promises and fails on the other.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseHexCapture, wordsSeen } from '../../../support/encryption/capture.ts';
import { type ClusterNode, onlyEncrypted, secretsInClear } from '../../../support/encryption/checks.ts';

const WORDS = ['password', 'secret', 'Bearer', 'API-Key', 'aws_', 'stripe_'];
const read = (name: string) => {
  const parsed = parseHexCapture(readFileSync(`test/fixtures/wireguard/${name}`, 'utf8'));
  assert.deepEqual(parsed.problems, []);
  return parsed.value;
};
const clear = read('capture-clear.txt');
const meta = JSON.parse(readFileSync('test/fixtures/wireguard/capture-nodes.json', 'utf8')) as {
  nodes: ClusterNode[];
  client: string;
  server: string;
};
const pair = { client: meta.client, server: meta.server };

test("the clear capture: TCP between the pods, the lab's secret words readable in the packets' bytes", () => {
  assert.ok(clear.length > 0);
  assert.ok(clear.some((p) => p.proto === 'tcp' && (p.srcPort === 8080 || p.dstPort === 8080)));
  assert.ok(wordsSeen(clear, WORDS).length >= 2, `seen: ${wordsSeen(clear, WORDS).join(', ')}`);
  const f = secretsInClear('eth0', clear, WORDS, []);
  assert.equal(f.observed, f.expected);
  const headers = clear.filter((p) => p.proto === 'tcp' && p.payload.length === 0);
  const none = secretsInClear('eth0', headers, WORDS, []);
  assert.notEqual(none.observed, none.expected);
  assert.match(none.message, /shows none of password, secret, Bearer, API-Key, aws_, stripe_ in clear/);
});

test('the encrypted promise fails on the clear capture: TCP between the pods, the secrets readable', () => {
  const onClear = onlyEncrypted('eth0', clear, meta.nodes, 51820, pair, WORDS, []);
  assert.notDeepEqual(onClear.observed, onClear.expected);
  assert.match(onClear.message, /traffic other than WireGuard: tcp .*readable; no encrypted data both ways/);
});

test('a hex dump line without a packet, or a line tcpdump never prints, is a problem', () => {
  assert.deepEqual(parseHexCapture('\t0x0000:  4500 0054\n').problems, [
    'line 1: "0x0000:  4500 0054" is neither a packet nor its hex dump',
  ]);
  const one = parseHexCapture('12:00:00.000001 IP 1.2.3.4 > 5.6.7.8: ICMP echo request, id 1, seq 1, length 64\n');
  assert.equal(one.value.length, 1);
  assert.equal(one.value[0]!.src, undefined);
});
