import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { V1Endpoints, V1EndpointSlice } from '@kubernetes/client-node';
import { makePlan, type TwinPlan } from '../../../twin/plan.ts';
import { buildSnapshot, computeEndpoints, podStates } from '../../../twin/control/snapshot.ts';
import { computeLegacyEndpoints } from '../../../twin/control/endpointsController.ts';
import { claimBlocks } from '../../../twin/control/ipam.ts';
import type { ObservedNode } from '../../../twin/dataplane/observe.ts';
import { netnsName } from '../../../twin/dataplane/pods.ts';
import { corefileFromUnbound } from '../../../twin/dns/corefileFromConfig.ts';
import { clusterDnsConfig } from '../../../twin/dns/index.ts';
import { planKubeProxyFilterSync } from '../../../twin/proxy/filterRules.ts';
import { legacyEndpointsAgree } from '../../../support/services/endpointChecks.ts';
import { corefileForwardsToNodeResolver, corefileServesClusterDomain } from '../../../support/dns/checks.ts';
import type { KubeObject } from '../../../twin/api/types.ts';

const lab = {
  name: 'test-lab',
  cluster: { name: 'tl', kubeconfig: 'tl.kubeconfig', context: 'kind-tl' },
  namespaces: ['default'],
  nodes: [
    { name: 'tl-control-plane', role: 'control-plane' as const },
    { name: 'tl-worker', role: 'worker' as const },
  ],
  podSubnet: '192.168.0.0/16',
  serviceSubnet: '10.96.0.0/16',
} as unknown as Parameters<typeof makePlan>[0];

const manifests = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:stable', ports: [{ containerPort: 80 }] }] },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] },
  },
] as unknown as KubeObject[];

function observe(plan: TwinPlan, moved: Record<string, string> = {}): Map<string, ObservedNode> {
  return new Map(
    plan.nodes.map((n) => [
      n.name,
      {
        name: n.name,
        running: true,
        routes: [],
        pods: new Map(
          plan.pods
            .filter((p) => p.node === n.name)
            .map((p) => [netnsName(p), { netns: netnsName(p), ip: moved[p.name] ?? p.ip, alive: true }]),
        ),
      },
    ]),
  );
}

function served<T>(snapshot: { objects: KubeObject[] }, kind: string): T[] {
  return snapshot.objects.filter((o) => o.kind === kind) as unknown as T[];
}

test('Endpoints come from their own controller: when the slice controller lags, the two disagree', () => {
  const plan = makePlan(lab, manifests);
  const before = podStates(plan, observe(plan));
  const slices = computeEndpoints(plan, before); // the EndpointSlice controller's last pass, then it stalls
  const pod = plan.pods[0]!;
  const after = podStates(plan, observe(plan, { [pod.name]: '192.168.250.250' }));
  const snapshot = buildSnapshot(plan, observe(plan), slices, 1, {
    legacyEndpoints: computeLegacyEndpoints(plan, after),
    ipam: claimBlocks(plan),
  });
  const [endpoints] = served<V1Endpoints>(snapshot, 'Endpoints');
  const sliceObjects = served<V1EndpointSlice>(snapshot, 'EndpointSlice');
  assert.ok(endpoints?.subsets?.[0]?.addresses?.some((a) => a.ip === '192.168.250.250'));
  assert.ok(!sliceObjects[0]!.endpoints.some((e) => e.addresses.includes('192.168.250.250')));
  const f = legacyEndpointsAgree('web', endpoints, sliceObjects);
  assert.notDeepEqual(f.observed, f.expected);
  // both controllers up to date: they agree
  const fresh = buildSnapshot(plan, observe(plan), computeEndpoints(plan, before), 1, {
    legacyEndpoints: computeLegacyEndpoints(plan, before),
    ipam: claimBlocks(plan),
  });
  const agree = legacyEndpointsAgree(
    'web',
    served<V1Endpoints>(fresh, 'Endpoints')[0],
    served<V1EndpointSlice>(fresh, 'EndpointSlice'),
  );
  assert.deepEqual(agree.observed, agree.expected);
});

test('no Endpoints object for a Service the Endpoints controller has not written', () => {
  const plan = makePlan(lab, manifests);
  const snapshot = buildSnapshot(plan, observe(plan), new Map(), 1, {
    legacyEndpoints: new Map(),
    ipam: claimBlocks(plan),
  });
  assert.equal(served(snapshot, 'Endpoints').length, 0);
  assert.equal(served(snapshot, 'ConfigMap').length, 0);
});

const dnsInput = {
  domain: 'cluster.local',
  ttl: 30,
  podIp: '192.168.1.2',
  confDir: '/etc/x',
  runDir: '/run/x',
  pods: [],
  services: [
    {
      namespace: 'kube-system',
      name: 'kube-dns',
      clusterIP: '10.96.0.10',
      ports: [{ name: 'dns', protocol: 'UDP' as const, port: 53 }],
      endpoints: [],
    },
  ],
};

test("the Corefile is rendered from the server's configuration: the lab's checks pass on the healthy one", () => {
  const c = clusterDnsConfig(dnsInput);
  assert.deepEqual(corefileServesClusterDomain(c.corefile, 'cluster.local', 30).observed, { served: true, ttl: 30 });
  assert.deepEqual(corefileForwardsToNodeResolver(c.corefile).observed, { from: '.', to: ['/etc/resolv.conf'] });
  assert.match(c.corefile, /^ {4}cache 30$/m);
  assert.match(c.corefile, /^ {4}loadbalance$/m);
});

test("the Corefile follows the configuration: the records' TTL, the real forward target, cache, round robin", () => {
  const conf = clusterDnsConfig({ ...dnsInput, ttl: 5 }).files['/etc/x/unbound.conf']!;
  assert.deepEqual(
    corefileServesClusterDomain(corefileFromUnbound(conf, 'nameserver 127.0.0.53\n', 'x'), 'cluster.local', 30)
      .observed,
    { served: true, ttl: 5 },
  );
  // the server forwards somewhere its pod's resolv.conf does not name: the Corefile says where, not /etc/resolv.conf
  const elsewhere = corefileFromUnbound(conf, 'nameserver 10.0.0.2\n', 'x');
  assert.match(elsewhere, /^ {4}forward \. 127\.0\.0\.53$/m);
  assert.deepEqual(corefileForwardsToNodeResolver(elsewhere).observed, { from: '.', to: ['127.0.0.53'] });
  const other = conf
    .replace('forward-addr: 127.0.0.53@53', 'forward-addr: 127.0.0.54@5353')
    .replace('cache-max-ttl: 30', 'cache-max-ttl: 300')
    .replace('rrset-roundrobin: yes', 'rrset-roundrobin: no');
  const text = corefileFromUnbound(other, 'nameserver 127.0.0.53\n', 'x');
  assert.match(text, /^ {4}forward \. 127\.0\.0\.54:5353$/m);
  assert.match(text, /^ {4}cache 300$/m);
  assert.doesNotMatch(text, /loadbalance/);
  assert.throws(() => corefileFromUnbound('server:\n  port: 53\n', '', 'pod-x'), /pod-x serves no zone/);
});

test("kube-proxy's filter rules: a REJECT for each Service port without endpoints, jumps only where missing", () => {
  const input = {
    clusterCidr: '192.168.0.0/16',
    services: [
      {
        namespace: 'kube-system',
        name: 'kube-dns',
        portName: 'dns',
        protocol: 'UDP' as const,
        clusterIP: '10.96.0.10',
        port: 53,
        endpoints: [],
      },
      {
        namespace: 'default',
        name: 'web',
        portName: '',
        protocol: 'TCP' as const,
        clusterIP: '10.96.3.4',
        port: 80,
        endpoints: [{ ip: '192.168.1.1', port: 80 }],
      },
    ],
  };
  const text = planKubeProxyFilterSync('*filter\n:FORWARD ACCEPT [0:0]\nCOMMIT\n', input);
  assert.deepEqual(
    text.split('\n').filter((l) => l.includes('REJECT')),
    [
      '-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns has no endpoints"' +
        ' -m udp --dport 53 -j REJECT --reject-with icmp-port-unreachable',
    ],
  );
  assert.equal(text.split('\n').filter((l) => / -j KUBE-SERVICES$/.test(l)).length, 2);
  const installed =
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n' +
    '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n';
  assert.equal(
    planKubeProxyFilterSync(installed, input)
      .split('\n')
      .filter((l) => / -j KUBE-SERVICES$/.test(l)).length,
    0,
  );
});
