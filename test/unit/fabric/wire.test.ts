import assert from 'node:assert/strict';
import { test } from 'node:test';
import { echoCrossesLink, echoCrossings } from '../../../support/fabric/checks.ts';
import { parseTcpdump } from '../../../support/podnet/index.ts';
import { networkFixture } from '../network/labText.ts';

const vxlan = parseTcpdump(networkFixture('tcpdump-vxlan.txt')).value;
const plain = parseTcpdump(networkFixture('tcpdump-cross-node.txt')).value;
const a = { pod: 'a', ip: '192.168.50.1', nodeIp: '10.77.0.1' };
const b = { pod: 'b', ip: '192.168.50.2', nodeIp: '10.77.0.2' };
const ok = (f: { expected: string[]; observed: string[] }) => JSON.stringify(f.observed) === JSON.stringify(f.expected);

test('the echo requests inside VXLAN from node to node pass the VXLAN promise and fail the unencapsulated one', () => {
  assert.deepEqual(echoCrossings(vxlan, a.ip, b.ip), ['VXLAN 10.77.0.1 > 10.77.0.2:4789']);
  const across = echoCrossesLink(vxlan, a, b, 4789, "tor's eth4 to w3", []);
  assert.ok(ok(across), across.message);
  assert.match(across.message, /inside VXLAN \(UDP 4789\) from node 10\.77\.0\.1 to node 10\.77\.0\.2/);
  const inside = echoCrossesLink(vxlan, a, b, undefined, "tor's eth3 to w2", []);
  assert.equal(ok(inside), false);
  assert.match(
    inside.message,
    /promises no encapsulation inside a subnet: .* observed: VXLAN 10\.77\.0\.1 > 10\.77\.0\.2:4789/,
  );
});

test('VXLAN to another node, on another port, or the replies only fail the VXLAN promise', () => {
  assert.equal(ok(echoCrossesLink(vxlan, a, { ...b, nodeIp: '10.77.0.9' }, 4789, 'l', [])), false);
  assert.equal(ok(echoCrossesLink(vxlan, a, b, 8472, 'l', [])), false);
  // b's requests to a: none in the capture (only replies go that way)
  const back = echoCrossesLink(vxlan, b, a, 4789, 'l', []);
  assert.equal(ok(back), false);
  assert.match(back.message, /observed: none of them on l/);
});

test('plain ICMP between the pods passes the unencapsulated promise and fails the VXLAN one; nothing fails both', () => {
  const src = { pod: 's', ip: '192.168.93.201', nodeIp: '172.18.0.2' };
  const dst = { pod: 'd', ip: '192.168.112.197', nodeIp: '172.18.0.3' };
  assert.ok(ok(echoCrossesLink(plain, src, dst, undefined, 'l', [])));
  assert.equal(ok(echoCrossesLink(plain, src, dst, 4789, 'l', [])), false);
  for (const port of [undefined, 4789]) {
    const none = echoCrossesLink({ packets: [] }, src, dst, port, 'l', []);
    assert.equal(ok(none), false);
    assert.match(none.message, /observed: none of them on l/);
  }
});
