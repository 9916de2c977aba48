/**
 * The twin's WireGuard as Felix programs it, rendered as shell: the device with the lab's port, fwmark and MTU,
 * the rule and table 1 before the peers, a fault's rule left out, and a teardown that removes it all.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deviceScript, peersScript, teardownScript, WIREGUARD_DEFAULTS } from '../../../twin/nodes/wireguard.ts';

test('the device: wireguard-go as wireguard.cali, port 51820, fwmark 0x200000, MTU 1440, the /32', () => {
  const s = deviceScript('192.168.1.65', WIREGUARD_DEFAULTS);
  assert.match(s, /setsid wireguard-go 'wireguard\.cali'/);
  assert.match(s, /listen-port 51820 fwmark 0x200000/);
  assert.match(s, /mtu 1440 up/);
  assert.match(s, /ip addr replace '192\.168\.1\.65\/32' dev 'wireguard\.cali'/);
});

test('rule 99 and table 1 come before the peers; a fault leaves the rule out', () => {
  const peers = [
    { node: 'b', publicKey: 'K=', address: '172.29.7.3', allowedIps: ['192.168.2.0/26', '192.168.2.1/32'] },
  ];
  const s = peersScript(peers, ['192.168.2.0/26'], WIREGUARD_DEFAULTS);
  const rule = s.indexOf('ip rule add priority 99 not fwmark 0x200000/0x200000 table 1');
  const route = s.indexOf("ip route replace '192.168.2.0/26' dev 'wireguard.cali' table 1 proto 80 scope link");
  const peer = s.indexOf("peer 'K=' endpoint '172.29.7.3:51820' allowed-ips '192.168.2.0/26,192.168.2.1/32'");
  assert.ok(rule >= 0 && route > rule && peer > route, s);
  assert.doesNotMatch(peersScript(peers, [], WIREGUARD_DEFAULTS, false), /ip rule add/);
});

test('teardown: the rule, table 1 and the device go', () => {
  const s = teardownScript(WIREGUARD_DEFAULTS);
  assert.match(s, /ip rule del priority 99/);
  assert.match(s, /ip route flush table 1/);
  assert.match(s, /ip link del dev 'wireguard\.cali'/);
});
