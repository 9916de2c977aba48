/** `wg show` read as the lab prints it (its README, exercise 4.4) and as the twin's nodes printed it (recorded). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseWgShow } from '../../../support/encryption/wgShow.ts';
import { labWgShow } from './labText.ts';

test("the lab's wg show: interface, port, fwmark and two peers with endpoints and allowed IPs", () => {
  const parsed = parseWgShow(labWgShow());
  assert.deepEqual(parsed.problems, []);
  const [iface] = parsed.value;
  assert.equal(iface!.name, 'wireguard.cali');
  assert.equal(iface!.publicKey, 'eD2VBB3lnJqVkkYVk4BIhkfmw/BIVChjFA88CH6MREs=');
  assert.equal(iface!.listeningPort, 51820);
  assert.equal(iface!.fwmark, '0x200000');
  assert.deepEqual(
    iface!.peers.map((p) => [p.endpoint, p.allowedIps]),
    [
      ['172.18.0.4:51820', ['192.168.58.192/26', '192.168.58.192/32', '192.168.58.201/32']],
      ['172.18.0.2:51820', ['192.168.141.128/32', '192.168.141.128/26', '192.168.141.130/32']],
    ],
  );
  assert.equal(iface!.peers[0]!.latestHandshake, '34 seconds ago');
});

test('wg show recorded on the twin (wireguard-go) reads the same way: every node a peer, no problem', () => {
  const parsed = parseWgShow(readFileSync('test/fixtures/wireguard/wg-show-twin.txt', 'utf8'));
  assert.deepEqual(parsed.problems, []);
  const [iface] = parsed.value;
  assert.equal(iface!.listeningPort, 51820);
  assert.equal(iface!.fwmark, '0x200000');
  assert.equal(iface!.peers.length, 2);
  for (const p of iface!.peers) assert.match(p.endpoint ?? '', /^[\d.]+:51820$/);
});

test('fwmark off, no allowed IPs, and a line wg never prints', () => {
  const parsed = parseWgShow(
    'interface: wg0\n  public key: k=\n  private key: (hidden)\n  listening port: 1\n  fwmark: off\n\n' +
      'peer: p=\n  allowed ips: (none)\n  bogus: 1\nnonsense\n',
  );
  assert.equal(parsed.value[0]!.fwmark, undefined);
  assert.deepEqual(parsed.value[0]!.peers[0]!.allowedIps, []);
  assert.deepEqual(parsed.problems, [
    'line 9: unknown peer field "bogus"',
    'line 10: "nonsense" is not a line of wg show',
  ]);
});

test('a peer before any interface is a problem, not a peer', () => {
  const parsed = parseWgShow('peer: p=\n');
  assert.deepEqual(parsed.value, []);
  assert.deepEqual(parsed.problems, ['line 1: a peer before any interface']);
});
