import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResolvConf } from '../../../support/dns/resolvConf.ts';
import {
  clusterDnsAddress,
  dashedAddress,
  podFqdn,
  podSearchList,
  serviceFqdn,
  srvName,
} from '../../../support/dns/names.ts';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { labFile, outputAfter } from './labText.ts';

const LAB05 = ['05-k8s-dns', 'Readme.md'] as const;

test("lab 05: the node's resolv.conf (Docker's comments, edns0 trust-ad ndots:0)", () => {
  const rc = parseResolvConf(outputAfter(...LAB05, 'cat /etc/resolv.conf', 0));
  assert.deepEqual(rc.nameservers, ['172.18.0.1']);
  assert.deepEqual(rc.search, ['ec2.internal']);
  assert.deepEqual(rc.optionWords, ['edns0', 'trust-ad', 'ndots:0']);
  assert.deepEqual(rc.options, { edns0: true, 'trust-ad': true, ndots: '0' });
  assert.equal(rc.ndots, 0);
});

test("lab 05: the pods' resolv.conf in default and in foo", () => {
  const def = parseResolvConf(outputAfter(...LAB05, 'cat /etc/resolv.conf', 1));
  assert.deepEqual(def.nameservers, ['10.96.0.10']);
  assert.deepEqual(def.search, ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'ec2.internal']);
  assert.equal(def.ndots, 5);
  const foo = parseResolvConf(outputAfter(...LAB05, 'cat /etc/resolv.conf', 2));
  assert.deepEqual(foo.search, ['foo.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'ec2.internal']);
});

test('resolv.conf(5) rules: ndots defaults to 1 and caps at 15, the last search/domain wins', () => {
  assert.equal(parseResolvConf('nameserver 1.1.1.1\n').ndots, 1);
  assert.equal(parseResolvConf('options ndots:30\n').ndots, 15);
  assert.deepEqual(parseResolvConf('search a b\ndomain c\n').search, ['c']);
  assert.deepEqual(parseResolvConf('domain c\nsearch a b\n').search, ['a', 'b']);
  assert.deepEqual(parseResolvConf('; comment\n# another\nnameserver 10.0.0.1\nnameserver 10.0.0.2\n').nameservers, [
    '10.0.0.1',
    '10.0.0.2',
  ]);
});

test('names: FQDNs, SRV names, dashed pod records and the search list kubelet writes', () => {
  assert.equal(serviceFqdn('nginx-service', 'default', 'cluster.local'), 'nginx-service.default.svc.cluster.local.');
  assert.equal(
    srvName('redis', 'TCP', 'redis-headless', 'default', 'cluster.local.'),
    '_redis._tcp.redis-headless.default.svc.cluster.local.',
  );
  assert.equal(dashedAddress('192.168.202.195'), '192-168-202-195');
  assert.equal(podFqdn('192.168.202.195', 'default', 'cluster.local'), '192-168-202-195.default.pod.cluster.local.');
  assert.throws(() => dashedAddress('nope'), /not an IP address/);
  assert.deepEqual(podSearchList('foo', 'cluster.local', ['ec2.internal', 'cluster.local']), [
    'foo.svc.cluster.local',
    'svc.cluster.local',
    'cluster.local',
    'ec2.internal',
  ]);
});

test("the cluster DNS address is the tenth of the Service CIDR: the lab's kube-dns VIP from its Kind config", () => {
  const table = outputAfter(...LAB05, 'kubectl get services -n kube-system');
  const vip = /kube-dns\s+ClusterIP\s+(\S+)/.exec(table)![1];
  const kind = YAML.parse(readFileSync(labFile('05-k8s-dns', 'k8s-dns-no-cni.yaml'), 'utf8')) as {
    networking: { serviceSubnet: string };
  };
  assert.equal(clusterDnsAddress(kind.networking.serviceSubnet), vip);
  assert.equal(clusterDnsAddress('10.100.0.0/12'), '10.96.0.10');
  assert.throws(() => clusterDnsAddress('10.96.0.10'), /not an IPv4 CIDR/);
});
