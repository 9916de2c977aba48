import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corefileForwardsToNodeResolver, corefileServesClusterDomain } from '../../../support/dns/checks.ts';
import {
  clusterDnsConfig,
  clusterRecords,
  type ClusterDnsInput,
  type ResourceRecord,
} from '../../../twin/dns/index.ts';

const base: ClusterDnsInput = {
  domain: 'cluster.local',
  ttl: 30,
  podIp: '192.168.206.6',
  confDir: '/etc/labgate/pods/coredns-a',
  runDir: '/run/labgate/coredns-a',
  services: [
    {
      namespace: 'kube-system',
      name: 'kube-dns',
      clusterIP: '10.96.0.10',
      ports: [{ name: 'dns', protocol: 'UDP', port: 53 }],
      endpoints: [],
    },
    {
      namespace: 'default',
      name: 'web',
      clusterIP: '10.96.5.5',
      ports: [
        { name: 'http', protocol: 'TCP', port: 80 },
        { protocol: 'TCP', port: 8080 },
      ],
      endpoints: [{ ip: '192.168.1.2', ready: true }],
    },
    {
      namespace: 'default',
      name: 'db',
      clusterIP: null,
      ports: [{ name: 'pg', protocol: 'TCP', port: 5432 }],
      endpoints: [
        { ip: '192.168.1.10', hostname: 'db-0', ready: true },
        { ip: '192.168.1.11', ready: true },
        { ip: '192.168.1.12', hostname: 'db-2', ready: false },
      ],
    },
    {
      namespace: 'default',
      name: 'empty',
      clusterIP: 'None',
      ports: [{ name: 'x', protocol: 'UDP', port: 1 }],
      endpoints: [{ ip: '192.168.1.13', ready: false }],
    },
  ],
  pods: [{ namespace: 'default', ip: '192.168.1.2' }],
};

function lines(records: ResourceRecord[]): string[] {
  return records.map((r) => `${r.name} ${r.ttl} ${r.type} ${r.data}`);
}

test('a ClusterIP Service: A to the VIP, SRV for the named port only, PTR back to the name', () => {
  const out = lines(clusterRecords(base)).filter((l) => l.includes('web.default') || l.startsWith('5.5.96.10'));
  assert.deepEqual(out, [
    'web.default.svc.cluster.local. 30 A 10.96.5.5',
    '_http._tcp.web.default.svc.cluster.local. 30 SRV 0 100 80 web.default.svc.cluster.local.',
    '5.5.96.10.in-addr.arpa. 30 PTR web.default.svc.cluster.local.',
  ]);
});

test('a headless Service: ready endpoints only, by hostname or dashed address, SRV weights split, PTR to the endpoint name', () => {
  const out = lines(clusterRecords(base)).filter((l) => l.includes('db.default') || /^1[01]\.1\.168\.192/.test(l));
  assert.deepEqual(out.sort(), [
    '10.1.168.192.in-addr.arpa. 30 PTR db-0.db.default.svc.cluster.local.',
    '11.1.168.192.in-addr.arpa. 30 PTR 192-168-1-11.db.default.svc.cluster.local.',
    '192-168-1-11.db.default.svc.cluster.local. 30 A 192.168.1.11',
    '_pg._tcp.db.default.svc.cluster.local. 30 SRV 0 50 5432 192-168-1-11.db.default.svc.cluster.local.',
    '_pg._tcp.db.default.svc.cluster.local. 30 SRV 0 50 5432 db-0.db.default.svc.cluster.local.',
    'db-0.db.default.svc.cluster.local. 30 A 192.168.1.10',
    'db.default.svc.cluster.local. 30 A 192.168.1.10',
    'db.default.svc.cluster.local. 30 A 192.168.1.11',
  ]);
  assert.deepEqual(
    lines(clusterRecords(base)).filter((l) => l.includes('empty.default') || l.includes('192.168.1.13')),
    [],
  );
});

test('the zone: SOA with the TTL as minimum, NS ns.dns to the kube-dns VIP, the schema version, verified pod records', () => {
  const all = lines(clusterRecords({ ...base, ttl: 7 }));
  assert.equal(all[0], 'cluster.local. 7 SOA ns.dns.cluster.local. hostmaster.cluster.local. 1 7200 1800 86400 7');
  assert.ok(all.includes('dns-version.cluster.local. 28800 TXT "1.1.0"'));
  assert.ok(all.includes('cluster.local. 7 NS ns.dns.cluster.local.'));
  assert.ok(all.includes('ns.dns.cluster.local. 7 A 10.96.0.10'));
  assert.ok(all.includes('192-168-1-2.default.pod.cluster.local. 7 A 192.168.1.2'));
  assert.equal(all.filter((l) => l.includes('.pod.')).length, 1);
});

test('bad input is refused before it reaches a configuration file', () => {
  const svc = base.services[1]!;
  for (const [change, message] of [
    [{ domain: 'cluster..local' }, /cluster domain/],
    [{ ttl: 3601 }, /TTL 3601/],
    [{ services: [{ ...svc, name: 'Web"; evil' }] }, /not a DNS-1123 label/],
    [{ services: [{ ...svc, clusterIP: '10.96.5' }] }, /cluster IP "10\.96\.5"/],
    [
      { services: [{ ...svc, ports: [{ name: 'a-very-long-port-name', protocol: 'TCP' as const, port: 1 }] }] },
      /port name/,
    ],
    [{ services: [{ ...svc, endpoints: [{ ip: '192.168.1.2', hostname: 'x y', ready: true }] }] }, /endpoint hostname/],
    [{ pods: [{ namespace: 'default', ip: 'localhost' }] }, /pod address/],
    [{ podIp: 'pod' }, /pod address "pod"/],
    [{ podIp: 'fd00::6' }, /not an IPv4 address/],
    [{ confDir: 'relative/dir' }, /absolute path/],
  ] as const) {
    assert.throws(
      () => clusterDnsConfig({ ...base, ...change } as ClusterDnsInput),
      (e: Error) => e.name === 'LabgateError' && message.test(e.message),
      JSON.stringify(change),
    );
  }
});

test('nothing is forwarded off the machine: the only forward targets are loopback addresses', () => {
  for (const upstream of ['unreachable', 'nxdomain'] as const) {
    const c = clusterDnsConfig({ ...base, upstream });
    const targets = Object.values(c.files).flatMap((f) => [...f.matchAll(/forward-addr:\s*(\S+)/g)].map((m) => m[1]!));
    assert.ok(targets.length >= 1);
    for (const t of targets) assert.match(t, /^127\.\d+\.\d+\.\d+@\d+$/, upstream);
    assert.equal(c.resolvConf, 'nameserver 127.0.0.53\n');
  }
  const server = clusterDnsConfig(base).files['/etc/labgate/pods/coredns-a/unbound.conf']!;
  assert.match(server, /^ {2}interface: 192\.168\.206\.6$/m);
  assert.match(server, /^ {2}local-zone: "cluster\.local\." static$/m);
  for (const r of clusterRecords(base)) assert.ok(server.includes(`${r.name} ${r.ttl} IN ${r.type} ${r.data}`), r.name);
});

test("the ConfigMap's Corefile passes labgate's own Corefile checks for the domain and TTL it was made with", () => {
  const c = clusterDnsConfig({ ...base, ttl: 30 });
  assert.deepEqual(corefileServesClusterDomain(c.corefile, 'cluster.local', 30).observed, { served: true, ttl: 30 });
  assert.deepEqual(corefileForwardsToNodeResolver(c.corefile).observed, { from: '.', to: ['/etc/resolv.conf'] });
  const changed = clusterDnsConfig({ ...base, ttl: 5 });
  assert.deepEqual(corefileServesClusterDomain(changed.corefile, 'cluster.local', 30).observed, {
    served: true,
    ttl: 5,
  });
});

test('commands run in the pod when told how to enter it, and name their pid files', () => {
  const c = clusterDnsConfig({ ...base, exec: ['ip', 'netns', 'exec', 'coredns-a'] });
  assert.equal(c.startCommand.split(' && ').length, 3);
  for (const part of c.startCommand.split(' && ')) assert.ok(part.startsWith("'ip' 'netns' 'exec' 'coredns-a' "), part);
  assert.equal(c.reloadCommand, `kill -HUP "$(cat '/run/labgate/coredns-a/unbound.pid')"`);
  assert.deepEqual(c.pidFiles, {
    server: '/run/labgate/coredns-a/unbound.pid',
    upstream: '/run/labgate/coredns-a/upstream.pid',
    metrics: '/run/labgate/coredns-a/metrics.pid',
  });
});
