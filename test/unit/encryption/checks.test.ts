/**
 * Lab 13's promises judged on the lab's own outputs (its README: wg show, ip addr, ip rule, table 1, the
 * FelixConfiguration) and on captures recorded on the twin: each check passes on what the lab shows and fails, in
 * its own words, on the one change that breaks the promise.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import {
  type ClusterNode,
  devicesOnEveryNode,
  felixWireguardLines,
  type NodeDevice,
  noWireguardDevice,
  podsApart,
  policyRule,
  tunnelRoutes,
  wgShowMatchesCluster,
} from '../../../support/encryption/checks.ts';
import { parseWgShow } from '../../../support/encryption/wgShow.ts';
import { labWgShow } from './labText.ts';

// the lab's three nodes as its outputs show them (exercise 1, 4.4, 4.5)
const worker: ClusterNode = { name: 'wireguard-worker', address: '172.18.0.3', blocks: ['192.168.128.64/26'] };
const worker2: ClusterNode = { name: 'wireguard-worker2', address: '172.18.0.4', blocks: ['192.168.58.192/26'] };
const cp: ClusterNode = { name: 'wireguard-control-plane', address: '172.18.0.2', blocks: ['192.168.141.128/26'] };
const keys = new Map([
  ['FJ8Dm2CABHZGF7fQd1vKqrGTyccDQajiDdrLqjJ2G0c=', worker2.name],
  ['/ANe/52zDtjZyaiDpHOYsM7KeyHwbvO0NagdNZzWi3M=', cp.name],
  ['eD2VBB3lnJqVkkYVk4BIhkfmw/BIVChjFA88CH6MREs=', worker.name],
]);
const want = { device: 'wireguard.cali', port: 51820, fwmark: '0x200000' };
const ok = <T>(f: { expected: T; observed: T }) => assert.deepEqual(f.observed, f.expected);
const broken = <T>(f: { expected: T; observed: T; message: string }, message: RegExp) => {
  assert.notDeepEqual(f.observed, f.expected);
  assert.match(f.message, message);
};

test("wg show: the lab's output passes; a missing peer, a wrong allowed IP, a stranger's key, another port fail", () => {
  const shown = labWgShow();
  const check = (text: string) => wgShowMatchesCluster(worker, [worker2, cp], parseWgShow(text).value, keys, want, []);
  ok(check(shown));
  const withoutPeer = shown.slice(0, shown.indexOf('peer: /ANe'));
  broken(check(withoutPeer), /no peer with wireguard-control-plane's key, endpoint 172\.18\.0\.2:51820/);
  broken(
    check(shown.replace('192.168.58.192/26,', '192.168.59.0/26,')),
    /a peer with wireguard-worker2's key, endpoint 172\.18\.0\.4:51820, allowed ips 192\.168\.59\.0\/26 that no/,
  );
  broken(check(shown.replace('peer: FJ8D', 'peer: XX8D')), /a peer with an unknown node's key/);
  broken(check(shown.replace('listening port: 51820', 'listening port: 51821')), /listening port 51821/);
  broken(check(shown.replace('  fwmark: 0x200000\n', '')), /fwmark off/);
  broken(check(''), /shows no interface wireguard\.cali/);
});

test('the device on every node: MTU 1440 and a /32 of its block pass; another MTU, address or no device fail', () => {
  const nodes = [worker, worker2];
  const dev = (node: string, over: Partial<NodeDevice> = {}): NodeDevice => ({
    node,
    listedByWg: true,
    mtu: 1440,
    addresses: [node === worker.name ? '192.168.128.67/32' : '192.168.58.201/32'],
    ...over,
  });
  ok(devicesOnEveryNode('wireguard.cali', 1440, nodes, [dev(worker.name), dev(worker2.name)], []));
  broken(
    devicesOnEveryNode('wireguard.cali', 1440, nodes, [dev(worker.name, { mtu: 1420 }), dev(worker2.name)], []),
    /wireguard-worker: listed by wg, mtu 1420, \/32 of its block/,
  );
  broken(
    devicesOnEveryNode('wireguard.cali', 1440, nodes, [dev(worker.name, { addresses: ['192.168.58.201/32'] })], []),
    /wireguard-worker: listed by wg, mtu 1440, addresses 192\.168\.58\.201\/32; wireguard-worker2: no WireGuard/,
  );
  broken(
    devicesOnEveryNode('wireguard.cali', 1440, nodes, [dev(worker.name, { listedByWg: false }), dev(worker2.name)], []),
    /not listed by wg/,
  );
});

test('no WireGuard device: none passes; a node listing one, or with the link, fails naming it', () => {
  const none = (node: string): NodeDevice => ({ node, listedByWg: false, addresses: [] });
  ok(noWireguardDevice('wireguard.cali', [none('a'), none('b')], []));
  broken(noWireguardDevice('wireguard.cali', [none('a'), { ...none('b'), mtu: 1440 }], []), /^b has a WireGuard/);
  broken(noWireguardDevice('wireguard.cali', [{ ...none('a'), listedByWg: true }, none('b')], []), /^a has/);
});

test('ip rule and table 1 as the lab shows them pass; the rule missing or another route fail', () => {
  const rules = [
    '0:\tfrom all lookup local',
    '99:\tnot from all fwmark 0x200000/0x200000 lookup 1',
    '32766:\tfrom all lookup main',
  ];
  const rule = 'not from all fwmark 0x200000/0x200000 lookup 1';
  ok(policyRule(worker.name, rules, 99, rule, []));
  broken(policyRule(worker.name, [rules[0]!, rules[2]!], 99, rule, []), /has no rule 99; the lab shows/);
  broken(policyRule(worker.name, ['99:\tfrom all lookup 1'], 99, rule, []), /has "99: from all lookup 1"/);
  const routes = [
    '192.168.58.192/26 dev wireguard.cali proto 80 scope link',
    '192.168.141.128/26 dev wireguard.cali scope link',
  ];
  ok(tunnelRoutes(worker.name, routes, 'wireguard.cali', [worker2, cp], []));
  broken(
    tunnelRoutes(worker.name, routes.slice(1), 'wireguard.cali', [worker2, cp], []),
    /routes 192\.168\.141\.128\/26 into/,
  );
  broken(
    tunnelRoutes(
      worker.name,
      ['192.168.58.192/26 via 172.18.0.4 dev eth0', routes[1]!],
      'wireguard.cali',
      [worker2, cp],
      [],
    ),
    /the lab promises the other nodes' blocks 192\.168\.141\.128\/26, 192\.168\.58\.192\/26/,
  );
});

test("the FelixConfiguration: the lab's (no WireGuard line) passes before, the patched one after", () => {
  // as the API serves it: the manifest's object, no comments
  const object = parse(readFileSync('manifests/13-wireguard/felix.yaml', 'utf8'));
  const felix = stringify(object);
  ok(felixWireguardLines(felix, []));
  broken(
    felixWireguardLines(felix, ['wireguardEnabled: true']),
    /shows nothing, where the lab shows wireguardEnabled: true/,
  );
  const patched = stringify({ ...object, spec: { ...object.spec, wireguardEnabled: true } });
  ok(felixWireguardLines(patched, ['wireguardEnabled: true']));
  broken(felixWireguardLines(patched, []), /shows wireguardEnabled: true, where the lab shows nothing/);
});

test('the two pods on different nodes pass; on one node fail', () => {
  ok(podsApart('backend-api', worker2.name, 'frontend-client', worker.name));
  broken(podsApart('backend-api', worker.name, 'frontend-client', worker.name), /both run on wireguard-worker/);
});

test('wg show recorded on the twin passes for its cluster; the same output fails for another node', () => {
  const twin = parseWgShow(readFileSync('test/fixtures/wireguard/wg-show-twin.txt', 'utf8')).value;
  // the twin's nodes when it was recorded: addresses and blocks from its nodes and BlockAffinities
  const w: ClusterNode = { name: 'wireguard-worker', address: '172.29.7.3', blocks: ['192.168.215.128/26'] };
  const w2: ClusterNode = { name: 'wireguard-worker2', address: '172.29.7.4', blocks: ['192.168.193.0/26'] };
  const c: ClusterNode = { name: 'wireguard-control-plane', address: '172.29.7.2', blocks: ['192.168.74.128/26'] };
  const owners = new Map([
    ['K/pDzEi1kVQWDBOwc1i0i3oEmG8JpaLbULY0mQdATgU=', w2.name],
    ['obecabUi1GogJKYQzRR15wUzcecnOr9l0kAda0EfeEA=', c.name],
  ]);
  ok(wgShowMatchesCluster(w, [w2, c], twin, owners, want, []));
  broken(wgShowMatchesCluster(w2, [w, c], twin, owners, want, []), /no peer with wireguard-worker's key/);
});
