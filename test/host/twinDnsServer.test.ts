/**
 * The twin's cluster DNS for real: unbound, its upstream stand-in and nginx started from
 * clusterDnsConfig() in a network namespace of this host, queried with real dig from two client
 * namespaces (a pod in default, a pod in foo). Needs root and the Debian packages unbound, bind9-dnsutils and
 * nginx-light (test/host-packages.sh installs them); everything it creates is named lgdns-<pid>-* and removed
 * afterwards.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseDig, type DigReply } from '../../support/dns/dig.ts';
import { clusterDnsConfig, type ClusterDnsInput } from '../../twin/dns/index.ts';

const tag = `lgdns-${process.pid}`;
const NS = { dns: `${tag}-s`, def: `${tag}-d`, foo: `${tag}-f` };
const DNS_IP = '192.168.206.6';
const CLIENT = { def: '192.168.202.194', foo: '192.168.156.3' };
const VIP = { kubeDns: '10.96.0.10', nginx: '10.96.169.109' };
const REDIS = { 'redis-0': '192.168.202.195', 'redis-1': '192.168.156.4', 'redis-2': '192.168.145.10' };
const NGINX = { ready: ['192.168.156.5', '192.168.202.196'], notReady: '192.168.145.11' };

const missing = ['unbound', 'dig', 'nginx', 'ip'].filter(
  (b) => spawnSync('sh', ['-c', `command -v ${b}`]).status !== 0,
);

function input(overrides: Partial<ClusterDnsInput> = {}): ClusterDnsInput {
  return {
    domain: 'cluster.local',
    ttl: 30,
    podIp: DNS_IP,
    confDir: join(work, 'conf'),
    runDir: join(work, 'run'),
    exec: ['ip', 'netns', 'exec', NS.dns],
    services: [
      {
        namespace: 'kube-system',
        name: 'kube-dns',
        clusterIP: VIP.kubeDns,
        ports: [
          { name: 'dns', protocol: 'UDP', port: 53 },
          { name: 'dns-tcp', protocol: 'TCP', port: 53 },
          { name: 'metrics', protocol: 'TCP', port: 9153 },
        ],
        endpoints: [{ ip: DNS_IP, ready: true }],
      },
      {
        namespace: 'default',
        name: 'nginx-service',
        clusterIP: VIP.nginx,
        ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
        endpoints: NGINX.ready.map((ip) => ({ ip, ready: true })),
      },
      {
        namespace: 'default',
        name: 'nginx-headless',
        clusterIP: null,
        ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
        endpoints: [...NGINX.ready.map((ip) => ({ ip, ready: true })), { ip: NGINX.notReady, ready: false }],
      },
      {
        namespace: 'default',
        name: 'redis-headless',
        clusterIP: 'None',
        ports: [{ name: 'redis', protocol: 'TCP', port: 6379 }],
        endpoints: Object.entries(REDIS).map(([hostname, ip]) => ({ ip, hostname, ready: true })),
      },
      {
        namespace: 'default',
        name: 'nobody-home',
        clusterIP: null,
        ports: [{ protocol: 'TCP', port: 80 }],
        endpoints: [],
      },
    ],
    pods: [
      { namespace: 'default', ip: CLIENT.def },
      { namespace: 'foo', ip: CLIENT.foo },
      ...Object.values(REDIS).map((ip) => ({ namespace: 'default', ip })),
    ],
    ...overrides,
  };
}

let work = '';

function sh(command: string): string {
  return execFileSync('sh', ['-c', command], { encoding: 'utf8', timeout: 20_000 });
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}

/** dig from a client pod; one reply expected unless the test says otherwise. */
function dig(from: keyof typeof CLIENT, ...args: string[]): DigReply {
  const r = spawnSync('ip', ['netns', 'exec', NS[from], 'dig', '+time=3', '+tries=1', ...args], {
    encoding: 'utf8',
    timeout: 15_000,
  });
  const out = parseDig(r.stdout);
  assert.equal(
    out.replies.length,
    1,
    `dig ${args.join(' ')} from ${from}: ${out.failure?.line ?? 'no single reply'}\n${r.stdout}${r.stderr}`,
  );
  return out.replies[0]!;
}

function addresses(r: DigReply, type = 'A'): string[] {
  return r.answer
    .filter((a) => a.type === type)
    .map((a) => a.data)
    .sort();
}

function apply(config: ReturnType<typeof clusterDnsConfig>): void {
  for (const [path, content] of Object.entries(config.files)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

function connect(client: keyof typeof CLIENT, index: number): void {
  const [inDns, inClient] = [`lgd${process.pid % 100000}s${index}`, `lgd${process.pid % 100000}c${index}`];
  ip('link', 'add', inDns, 'netns', NS.dns, 'type', 'veth', 'peer', 'name', inClient, 'netns', NS[client]);
  ip('-n', NS[client], 'addr', 'add', `${CLIENT[client]}/32`, 'dev', inClient);
  ip('-n', NS[client], 'link', 'set', inClient, 'up');
  ip('-n', NS[client], 'route', 'add', `${DNS_IP}/32`, 'dev', inClient, 'scope', 'link');
  ip('-n', NS.dns, 'link', 'set', inDns, 'up');
  ip('-n', NS.dns, 'route', 'add', `${CLIENT[client]}/32`, 'dev', inDns, 'scope', 'link');
}

function resolvConf(client: 'def' | 'foo', namespace: string): void {
  mkdirSync(`/etc/netns/${NS[client]}`, { recursive: true });
  writeFileSync(
    `/etc/netns/${NS[client]}/resolv.conf`,
    `search ${namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${DNS_IP}\noptions ndots:5\n`,
  );
}

describe('the twin cluster DNS answers like the Kubernetes DNS specification says', () => {
  let config: ReturnType<typeof clusterDnsConfig>;

  before(() => {
    assert.equal(process.getuid?.(), 0, 'needs root to create network namespaces (run the host tests as root)');
    assert.deepEqual(
      missing,
      [],
      `install the Debian packages unbound, bind9-dnsutils and nginx-light (missing: ${missing.join(', ')})`,
    );
    work = mkdtempSync(join(tmpdir(), `${tag}-`));
    for (const ns of Object.values(NS)) {
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    ip('-n', NS.dns, 'addr', 'add', `${DNS_IP}/32`, 'dev', 'lo');
    connect('def', 1);
    connect('foo', 2);
    resolvConf('def', 'default');
    resolvConf('foo', 'foo');
    config = clusterDnsConfig(input());
    apply(config);
    mkdirSync(join(work, 'run'), { recursive: true });
    sh(config.startCommand);
  });

  after(() => {
    if (config) spawnSync('sh', ['-c', config.stopCommand], { timeout: 20_000 });
    for (const ns of Object.values(NS)) {
      spawnSync('ip', ['netns', 'del', ns]);
      rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('a short Service name from default expands by the search list to the VIP, TTL 30, authoritative, over UDP and TCP', () => {
    const r = dig('def', '+search', 'nginx-service');
    assert.equal(r.status, 'NOERROR');
    assert.ok(r.flags.includes('aa'));
    assert.deepEqual(
      r.question.map((q) => q.name),
      ['nginx-service.default.svc.cluster.local.'],
    );
    assert.deepEqual(
      r.answer.map((a) => [a.name, a.ttl, a.type, a.data]),
      [['nginx-service.default.svc.cluster.local.', 30, 'A', VIP.nginx]],
    );
    const tcp = dig('def', '+tcp', `@${DNS_IP}`, 'nginx-service.default.svc.cluster.local');
    assert.equal(tcp.transport, 'TCP');
    assert.deepEqual(addresses(tcp), [VIP.nginx]);
  });

  test('the bare name goes to the upstream stand-in and comes back SERVFAIL; from foo the short name ends the same way', () => {
    const bare = dig('def', 'nginx-service');
    assert.equal(bare.status, 'SERVFAIL');
    assert.equal(bare.question[0]!.name, 'nginx-service.');
    const fromFoo = dig('foo', '+search', 'nginx-service');
    assert.equal(fromFoo.status, 'SERVFAIL');
    assert.equal(fromFoo.question[0]!.name, 'nginx-service.');
    assert.deepEqual(addresses(fromFoo), []);
    const qualified = dig('foo', '+search', 'nginx-service.default');
    assert.equal(qualified.question[0]!.name, 'nginx-service.default.svc.cluster.local.');
    assert.deepEqual(addresses(qualified), [VIP.nginx]);
    assert.equal(dig('def', 'www.example.org').status, 'SERVFAIL');
  });

  test('unknown names inside the cluster domain are NXDOMAIN with the zone SOA; namespaces with Services are empty, not missing', () => {
    const nx = dig('def', 'nope.default.svc.cluster.local');
    assert.equal(nx.status, 'NXDOMAIN');
    assert.deepEqual(
      nx.authority.map((a) => [a.name, a.ttl, a.type]),
      [['cluster.local.', 30, 'SOA']],
    );
    assert.equal(dig('def', 'nobody-home.default.svc.cluster.local').status, 'NXDOMAIN');
    const empty = dig('def', 'default.svc.cluster.local');
    assert.equal(empty.status, 'NOERROR');
    assert.deepEqual(empty.answer, []);
    const aaaa = dig('def', 'AAAA', 'nginx-service.default.svc.cluster.local');
    assert.equal(aaaa.status, 'NOERROR');
    assert.deepEqual(aaaa.answer, []);
  });

  test('headless Services answer every ready endpoint and nothing else; StatefulSet pods by hostname, others by dashed address', () => {
    assert.deepEqual(addresses(dig('def', '+search', 'nginx-headless')), [...NGINX.ready].sort());
    assert.deepEqual(addresses(dig('def', '+search', 'redis-headless')), Object.values(REDIS).sort());
    for (const [host, addr] of Object.entries(REDIS)) {
      const r = dig('def', '+search', `${host}.redis-headless`);
      assert.equal(r.question[0]!.name, `${host}.redis-headless.default.svc.cluster.local.`);
      assert.deepEqual(
        r.answer.map((a) => [a.ttl, a.data]),
        [[30, addr]],
      );
    }
    const dashed = NGINX.ready[0]!.replace(/\./g, '-');
    assert.deepEqual(addresses(dig('def', `${dashed}.nginx-headless.default.svc.cluster.local`)), [NGINX.ready[0]]);
    assert.equal(
      dig('def', `${NGINX.notReady.replace(/\./g, '-')}.nginx-headless.default.svc.cluster.local`).status,
      'NXDOMAIN',
    );
  });

  test('SRV per named port, PTR for VIPs and endpoints, pod records for existing pods, the schema version', () => {
    const srv = dig('def', 'SRV', '_redis._tcp.redis-headless.default.svc.cluster.local');
    assert.deepEqual(
      srv.answer.map((a) => a.data).sort(),
      Object.keys(REDIS).map((h) => `0 33 6379 ${h}.redis-headless.default.svc.cluster.local.`),
    );
    assert.deepEqual(
      dig('def', 'SRV', '_http._tcp.nginx-service.default.svc.cluster.local').answer.map((a) => a.data),
      ['0 100 80 nginx-service.default.svc.cluster.local.'],
    );
    assert.deepEqual(
      dig('def', 'SRV', '_dns._udp.kube-dns.kube-system.svc.cluster.local').answer.map((a) => a.data),
      ['0 100 53 kube-dns.kube-system.svc.cluster.local.'],
    );
    assert.deepEqual(
      dig('def', '-x', VIP.nginx).answer.map((a) => a.data),
      ['nginx-service.default.svc.cluster.local.'],
    );
    assert.deepEqual(
      dig('def', '-x', REDIS['redis-1']).answer.map((a) => a.data),
      ['redis-1.redis-headless.default.svc.cluster.local.'],
    );
    // an address the cluster does not know falls through to the upstream, as CoreDNS's fallthrough does
    assert.equal(dig('def', '-x', '10.96.1.1').status, 'SERVFAIL');
    const podName = `${CLIENT.foo.replace(/\./g, '-')}.foo.pod.cluster.local`;
    assert.deepEqual(addresses(dig('def', podName)), [CLIENT.foo]);
    assert.equal(dig('def', `${CLIENT.foo.replace(/\./g, '-')}.default.pod.cluster.local`).status, 'NXDOMAIN');
    assert.deepEqual(
      dig('def', 'TXT', 'dns-version.cluster.local').answer.map((a) => a.data),
      ['"1.1.0"'],
    );
    assert.deepEqual(addresses(dig('def', 'ns.dns.cluster.local')), [VIP.kubeDns]);
  });

  test('port 9153 answers HTTP with a metrics page', () => {
    const body = sh(
      `ip netns exec ${NS.def} curl -sS --max-time 5 -w '\\n%{http_code} %{content_type}' http://${DNS_IP}:9153/metrics`,
    );
    assert.match(
      body,
      /labgate_twin_dns_info\{server="unbound",domain="cluster\.local",ttl="30",upstream="unreachable"\} 1/,
    );
    assert.match(body, /\n200 text\/plain; version=0\.0\.4$/);
  });

  test('a reload picks up new records and a new TTL without a restart', () => {
    const pid = sh(`cat ${config.pidFiles.server}`).trim();
    const next = clusterDnsConfig(
      input({
        ttl: 5,
        services: [
          ...input().services,
          {
            namespace: 'foo',
            name: 'late',
            clusterIP: '10.96.7.7',
            ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
            endpoints: [],
          },
        ],
      }),
    );
    apply(next);
    sh(next.reloadCommand);
    const late = dig('foo', '+search', 'late');
    assert.deepEqual(
      late.answer.map((a) => [a.name, a.ttl, a.data]),
      [['late.foo.svc.cluster.local.', 5, '10.96.7.7']],
    );
    assert.equal(dig('def', '+search', 'nginx-service').answer[0]!.ttl, 5);
    assert.equal(sh(`cat ${config.pidFiles.server}`).trim(), pid);
    apply(config);
    sh(config.reloadCommand);
    assert.equal(dig('def', '+search', 'nginx-service').answer[0]!.ttl, 30);
  });

  test('with the answering stand-in the names outside the domain get NXDOMAIN, and back to SERVFAIL after', () => {
    const answering = clusterDnsConfig(input({ upstream: 'nxdomain' }));
    apply(answering);
    sh(answering.restartUpstreamCommand);
    assert.equal(dig('def', 'nginx-service').status, 'NXDOMAIN');
    const fromFoo = dig('foo', '+search', 'nginx-service');
    assert.equal(fromFoo.status, 'NXDOMAIN');
    assert.deepEqual(addresses(fromFoo), []);
    apply(config);
    sh(config.restartUpstreamCommand);
    assert.equal(dig('def', 'nginx-service').status, 'SERVFAIL');
  });

  test('stop ends all three processes', () => {
    const pids = Object.values(config.pidFiles).map((f) => sh(`cat ${f}`).trim());
    sh(config.stopCommand);
    for (const pid of pids) assert.notEqual(spawnSync('kill', ['-0', pid]).status, 0, `process ${pid} still runs`);
    const r = spawnSync(
      'ip',
      ['netns', 'exec', NS.def, 'dig', '+time=1', '+tries=1', `@${DNS_IP}`, 'nginx-service.default.svc.cluster.local'],
      { encoding: 'utf8' },
    );
    assert.notEqual(parseDig(r.stdout).failure, null);
  });
});
