/**
 * Checks no other test saw fail: each passes on the lab's own objects and outputs (its manifests, its recordings)
 * and fails on the one change that breaks its promise, with the observed value in its message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { V1EndpointSlice, V1Pod, V1Service, V1StatefulSet } from '@kubernetes/client-node';
import {
  serviceAtAddress,
  servicePortsAndExposure,
  serviceTypeAndVip,
  sessionAffinityNone,
  singleIPv4ClusterIP,
} from '../../../support/services/checks.ts';
import {
  endpointsCarryHostnames,
  headlessService,
  noEndpointHostnames,
  statefulSetOrdinals,
} from '../../../support/services/headlessChecks.ts';
import { noRulesForService } from '../../../support/kubeproxy/headlessRules.ts';
import {
  closedByServer,
  connectionEstablished,
  headerStartsWith,
  replyStartsWith,
  resolvesTo,
} from '../../../support/connectivity/checks.ts';
import {
  installationHasPool,
  nodeContainerCounts,
  nodesReady,
  tigeraAvailable,
} from '../../../support/cluster/checks.ts';
import { podsCountAndLabel } from '../../../support/workloads/checks.ts';
import {
  firstEndpointProbability,
  ipv6RulesOnNodes,
  serviceChainMasqueradesOutsiders,
  serviceChainNamedByHash,
} from '../../../support/kubeproxy/checks.ts';
import type { NodeNat } from '../../../support/kubeproxy/facts.ts';
import { containersLeft, kubeconfigPresent, networkListed } from '../../../support/cluster/afterDestroy.ts';
import { parseDockerPs } from '../../../support/cluster/containers.ts';
import { answersPong } from '../../../support/application/checks.ts';
import { parseRedisCli } from '../../../support/application/redisReply.ts';
import { parseLookup, parseTcpRequest } from '../../../support/connectivity/scripts.ts';
import { parseIptables } from '../../../support/kubeproxy/index.ts';
import type { Workload } from '../../../support/workloads/workloads.ts';
import type { CommandResult } from '../../../support/floor/command.ts';
import { assertFails, assertPasses } from '../network/assertFinding.ts';
import { repoRoot } from '../network/labText.ts';
import { LAB04_NGINX_PORT } from './labServicePort.ts';

const recordings = path.resolve(repoRoot, '..', 'shared', 'lab');
const recording = (name: string) => readFileSync(path.join(recordings, 'recordings', name), 'utf8');
function manifestDocs(file: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as Record<string, unknown>)
    .filter(Boolean);
}
function manifest<T>(file: string, kind: string, name: string): T {
  const doc = manifestDocs(file).find((d) => d.kind === kind && (d.metadata as { name?: string }).name === name);
  assert.ok(doc, `${kind} ${name} in ${file}`);
  return structuredClone(doc) as T;
}

// nginx-service as the lab's manifest declares it, with what the API server fills in and the recording shows
// (`kubectl get services`: ClusterIP 10.96.204.67, EXTERNAL-IP <none>, 80/TCP)
function nginxService(): V1Service {
  const svc = manifest<V1Service>(
    path.join(recordings, 'upstream-manifests', 'nginx-deployment.yaml'),
    'Service',
    'nginx-service',
  );
  const [, , vip] = recording('kubectl-get-services.txt').trim().split(/\s+/);
  svc.spec = {
    ...svc.spec,
    clusterIP: vip,
    clusterIPs: [vip!],
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    sessionAffinity: 'None',
  };
  svc.status = { loadBalancer: {} };
  return svc;
}
const edited = (edit: (s: V1Service) => void) => {
  const s = nginxService();
  edit(s);
  return s;
};
const HTTP = { port: 80, protocol: 'TCP', portName: 'http' };

test("Service checks pass on the lab's nginx-service and fail on each broken promise", () => {
  assertPasses(singleIPv4ClusterIP('nginx-service', nginxService()));
  assertFails(
    singleIPv4ClusterIP(
      'nginx-service',
      edited((s) => {
        s.spec!.clusterIPs = ['10.96.204.67', 'fd00:10:96::c3a4'];
        s.spec!.ipFamilies = ['IPv4', 'IPv6'];
      }),
    ),
    'fd00:10:96::c3a4',
  );
  assertPasses(sessionAffinityNone('nginx-service', nginxService()));
  assertFails(
    sessionAffinityNone(
      'nginx-service',
      edited((s) => {
        s.spec!.sessionAffinity = 'ClientIP';
      }),
    ),
    'it has ClientIP',
  );
  assertPasses(serviceTypeAndVip('nginx-service', nginxService(), '10.96.0.0/16'));
  assertFails(
    serviceTypeAndVip(
      'nginx-service',
      edited((s) => {
        s.spec!.type = 'NodePort';
      }),
      '10.96.0.0/16',
    ),
    'it is NodePort',
  );
  assertFails(serviceTypeAndVip('nginx-service', nginxService(), '10.97.0.0/16'), 'VIP 10.96.204.67');
  assertFails(serviceTypeAndVip('nginx-service', undefined, '10.96.0.0/16'), 'does not exist');
  assertPasses(servicePortsAndExposure('nginx-service', nginxService(), HTTP));
  assertFails(
    servicePortsAndExposure(
      'nginx-service',
      edited((s) => {
        s.spec!.externalIPs = ['172.18.0.100'];
      }),
      HTTP,
    ),
    'external 172.18.0.100',
  );
  assertFails(
    servicePortsAndExposure(
      'nginx-service',
      edited((s) => {
        s.status = { loadBalancer: { ingress: [{ ip: '172.18.0.200' }] } };
      }),
      HTTP,
    ),
    '172.18.0.200',
  );
  assertFails(
    servicePortsAndExposure(
      'nginx-service',
      edited((s) => {
        s.spec!.ports![0]!.name = 'web';
      }),
      HTTP,
    ),
    'web 80/TCP',
  );
  assertFails(
    servicePortsAndExposure(
      'nginx-service',
      edited((s) => {
        s.spec!.ports![0]!.port = 8080;
      }),
      HTTP,
    ),
    '8080/TCP',
  );
  const dns = manifest<V1Service>(
    path.join(repoRoot, 'manifests', '05-k8s-dns', 'cluster-dns.yaml'),
    'Service',
    'kube-dns',
  );
  assertPasses(serviceAtAddress('kube-dns', dns, '10.96.0.10', 'the tenth address of 10.96.0.0/16'));
  assertFails(
    serviceAtAddress(
      'kube-dns',
      { ...dns, spec: { ...dns.spec, clusterIP: '10.96.0.11' } },
      '10.96.0.10',
      'the tenth address',
    ),
    'at 10.96.0.11',
  );
  assertFails(serviceAtAddress('kube-dns', undefined, '10.96.0.10', 'the tenth address'), 'no address');
});

const LAB11 = path.join(repoRoot, 'manifests', '11-headless-services');

test("headless checks: lab 11's manifests pass; a VIP, a wrong port, pods out of order, hostnames wrong fail", () => {
  const redis = manifest<V1Service>(path.join(LAB11, '01-statefulset-headless.yaml'), 'Service', 'redis-headless');
  const port = { port: 6379, protocol: 'TCP', name: 'redis' };
  redis.spec!.type = 'ClusterIP';
  redis.spec!.ports![0]!.protocol = 'TCP';
  assertPasses(headlessService('redis-headless', redis, port));
  assertFails(
    headlessService('redis-headless', { ...redis, spec: { ...redis.spec, clusterIP: '10.96.33.7' } }, port),
    'cluster IP 10.96.33.7',
  );
  assertFails(headlessService('redis-headless', redis, { ...port, port: 6380 }), 'redis 6379/TCP');
  assertFails(headlessService('redis-headless', undefined, port), 'there is no Service redis-headless');

  const sts = manifest<V1StatefulSet>(path.join(LAB11, '01-statefulset-headless.yaml'), 'StatefulSet', 'redis');
  sts.status = { replicas: 3, readyReplicas: 3 };
  const pod = (i: number, ready = true, name = `redis-${i}`): V1Pod => ({
    metadata: { name, namespace: 'default', labels: { app: 'redis' } },
    spec: { containers: [], hostname: name, subdomain: 'redis-headless', nodeName: 'worker' },
    status: {
      phase: 'Running',
      podIP: `192.168.1.${10 + i}`,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  });
  const pods = [pod(2), pod(0), pod(1)];
  assertPasses(statefulSetOrdinals(sts, pods, 3));
  assertFails(statefulSetOrdinals(sts, [pod(0), pod(1), pod(3, true, 'redis-3')], 3), 'redis-3 hostname redis-3');
  assertFails(
    statefulSetOrdinals({ ...sts, status: { replicas: 3, readyReplicas: 2 } }, [pod(0), pod(1), pod(2, false)], 3),
    'READY 2/3',
  );

  const slice = (hostnames: boolean): V1EndpointSlice => ({
    addressType: 'IPv4',
    endpoints: pods.map((p) => ({
      addresses: [p.status!.podIP!],
      ...(hostnames ? { hostname: p.spec!.hostname } : {}),
      targetRef: { kind: 'Pod', name: p.metadata!.name!, namespace: 'default' },
    })),
  });
  assertPasses(endpointsCarryHostnames('redis-headless', [slice(true)], pods));
  assertFails(endpointsCarryHostnames('redis-headless', [slice(false)], pods), 'redis-0: (no hostname)');
  assertPasses(noEndpointHostnames('nginx-headless', [slice(false)]));
  assertFails(noEndpointHostnames('nginx-headless', [slice(true)]), 'these carry one: redis-2: redis-2');

  // kube-proxy's rules for nginx-clusterip only, then rules written for redis-headless as if it had a VIP
  const nat = (text: string): NodeNat => ({
    node: 'headless-services-worker',
    text,
    table: parseIptables(text),
    command: ['iptables-save', '-t', 'nat'],
  });
  const clean =
    '*nat\n:KUBE-SERVICES - [0:0]\n-A KUBE-SERVICES -d 10.96.80.80/32 -p tcp -m comment --comment "default/nginx-clusterip:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-AAAAAAAAAAAAAAAA\nCOMMIT\n';
  const svc = { ...redis, metadata: { ...redis.metadata, namespace: 'default' } };
  assertPasses(noRulesForService(nat(clean), svc));
  const given = clean.replace(
    'COMMIT',
    '-A KUBE-SERVICES -d 10.96.33.7/32 -p tcp -m comment --comment "default/redis-headless:redis cluster IP" -m tcp --dport 6379 -j KUBE-SVC-BBBBBBBBBBBBBBBB\nCOMMIT',
  );
  assertFails(noRulesForService(nat(given), svc), 'redis-headless:redis cluster IP');
});

// lab 04 exercise 3: `telnet nginx-service 80`, "get", nginx's 400 and "Connection closed by foreign host"
const response = recording('http-get-response.txt')
  .split('\n')
  .filter((l) => !l.startsWith('Connection closed by foreign host'))
  .join('\r\n');
const pod = { namespace: 'default', name: 'multitool-1-bgssq', container: 'multitool', node: 'k8-services-worker' };
const reply = (stdout: string, markers: string[]) =>
  parseTcpRequest('nginx-service', 80, stdout, markers.map((m) => `labgate-probe: ${m}`).join('\n'));

test('reply checks: the recorded exchange passes; another status or server, an open or refused connection fail', () => {
  const got = reply(response, ['connected', 'closed-by-peer']);
  assertPasses(connectionEstablished(pod, got));
  assertPasses(replyStartsWith(pod, got, 'HTTP/1.1 400 Bad Request'));
  assertPasses(headerStartsWith(pod, got, 'Server', 'nginx/'));
  assertPasses(closedByServer(pod, got));
  const ok = reply(response.replace('400 Bad Request', '200 OK'), ['connected', 'closed-by-peer']);
  assertFails(replyStartsWith(pod, ok, 'HTTP/1.1 400 Bad Request'), '"HTTP/1.1 200 OK"');
  assertFails(
    replyStartsWith(pod, reply('SSH-2.0-OpenSSH_9.2\r\n', ['connected', 'closed-by-peer']), 'HTTP/1.1 400 Bad Request'),
    'no HTTP status line',
  );
  assertFails(
    headerStartsWith(pod, reply(response.replace('nginx/1.28.0', 'Apache/2.4'), ['connected']), 'Server', 'nginx/'),
    '"Apache/2.4"',
  );
  assertFails(
    headerStartsWith(pod, reply(response.replace(/Server: .*\r\n/, ''), ['connected']), 'Server', 'nginx/'),
    'missing',
  );
  assertFails(
    closedByServer(pod, reply(response, ['connected', 'still-open'])),
    'still open when labgate stopped reading',
  );
  const refused = parseTcpRequest(
    'nginx-service',
    80,
    '',
    'bash: connect: Connection refused\nlabgate-probe: connect-failed',
  );
  assertFails(connectionEstablished(pod, refused), 'Connection refused');
  assertFails(closedByServer(pod, refused), 'never opened');
});

test('name lookups: the VIP passes, another address or none fails', () => {
  const lookup = parseLookup('10.96.204.67    nginx-service.default.svc.cluster.local\n', 'labgate-probe: tool=getent');
  assertPasses(resolvesTo(pod, 'nginx-service', lookup, '10.96.204.67'));
  assertFails(resolvesTo(pod, 'nginx-service', lookup, '10.96.0.1'), 'gave 10.96.204.67');
  assertFails(
    resolvesTo(pod, 'nginx-service', parseLookup('', 'labgate-probe: tool=getent'), '10.96.204.67'),
    'no address',
  );
});

test("the Installation's pool: the lab's passes; another CIDR, block size or no Installation fail", () => {
  const installation = manifest<{ spec: unknown }>(
    path.join(recordings, 'upstream-manifests', 'calico-custom-resources.yaml'),
    'Installation',
    'default',
  );
  const pool = { cidr: '192.168.0.0/16', blockSize: 26 };
  assertPasses(installationHasPool('default', installation as never, pool));
  assertFails(installationHasPool('default', installation as never, { ...pool, blockSize: 24 }), '192.168.0.0/16 /26');
  assertFails(
    installationHasPool('default', installation as never, { ...pool, cidr: '10.244.0.0/16' }),
    'IP pool 10.244.0.0/16',
  );
  assertFails(installationHasPool('default', undefined, pool), 'does not exist');
});

const nginxDeployment: Workload = {
  kind: 'Deployment',
  name: 'nginx-deployment',
  namespace: 'default',
  selector: 'app=nginx',
  object: {},
};
const nginxPod = (name: string, labels: Record<string, string> = { app: 'nginx' }): V1Pod => ({
  metadata: { name, labels },
});

test("pods count and label: the lab's two nginx pods pass; a third pod or a pod without the label fail", () => {
  const two = [nginxPod('nginx-deployment-55d7bb4b86-vg4lt'), nginxPod('nginx-deployment-55d7bb4b86-xqh9d')];
  assertPasses(podsCountAndLabel(nginxDeployment, two, 2, 'app=nginx'));
  assertFails(
    podsCountAndLabel(nginxDeployment, [...two, nginxPod('nginx-deployment-55d7bb4b86-zzzzz')], 2, 'app=nginx'),
    'there are 3',
  );
  assertFails(
    podsCountAndLabel(nginxDeployment, [two[0]!, nginxPod('x', { app: 'web' })], 2, 'app=nginx'),
    'without the label: x',
  );
});

const facts = LAB04_NGINX_PORT;
const ok = (stdout: string): CommandResult => ({ command: ['x'], stdout, stderr: '', exitCode: 0, timedOut: false });

test('single stack: an IPv6 rule for the Service on one node fails and names the node', () => {
  const clean = { node: 'k8-services-worker', text: '*nat\n:KUBE-SERVICES - [0:0]\nCOMMIT\n', result: ok('') };
  const v6 =
    '-A KUBE-SERVICES -d fd00:10:96::c3a4/128 -p tcp -m comment --comment "default/nginx-service:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-6IM33IEVEEV7U3GP';
  const dirty = {
    node: 'k8-services-worker2',
    text: clean.text.replace('COMMIT', `${v6}\nCOMMIT`),
    result: { ...ok(''), command: ['ip6tables-save', '-t', 'nat'] },
  };
  assertPasses(ipv6RulesOnNodes([clean], facts));
  const f = ipv6RulesOnNodes([clean, dirty], facts);
  assertFails(f, 'on k8-services-worker2', 'fd00:10:96::c3a4');
});

test('kube-proxy rule checks: a chain of another name, no masquerade mark, another probability fail', () => {
  const base = `*nat
:KUBE-SERVICES - [0:0]
:KUBE-SVC-6IM33IEVEEV7U3GP - [0:0]
-A KUBE-SERVICES -d 10.96.204.67/32 -p tcp -m comment --comment "default/nginx-service:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-6IM33IEVEEV7U3GP
-A KUBE-SVC-6IM33IEVEEV7U3GP ! -s 192.168.0.0/16 -d 10.96.204.67/32 -p tcp -m comment --comment "default/nginx-service:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-6IM33IEVEEV7U3GP -m comment --comment "default/nginx-service:http -> 192.168.156.5:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-M6MI3YLHVX7DA53R
-A KUBE-SVC-6IM33IEVEEV7U3GP -m comment --comment "default/nginx-service:http -> 192.168.202.196:80" -j KUBE-SEP-MJ46KNWYZBDUIDMY
COMMIT
`;
  const nat = (text: string): NodeNat => ({
    node: 'k8-services-worker',
    text,
    table: parseIptables(text),
    command: ['iptables-save'],
  });
  assertPasses(serviceChainNamedByHash(nat(base), facts));
  assertFails(
    serviceChainNamedByHash(nat(base.replaceAll('KUBE-SVC-6IM33IEVEEV7U3GP', 'KUBE-SVC-ABCDEFGHIJKLMNOP')), facts),
    'jumps to KUBE-SVC-ABCDEFGHIJKLMNOP',
  );
  assertPasses(serviceChainMasqueradesOutsiders(nat(base), facts, '192.168.0.0/16'));
  assertFails(serviceChainMasqueradesOutsiders(nat(base), facts, '10.244.0.0/16'), '! -s 192.168.0.0/16');
  assertFails(
    serviceChainMasqueradesOutsiders(
      nat(base.replace(/^-A KUBE-SVC-6IM33IEVEEV7U3GP ! -s.*\n/m, '')),
      facts,
      '192.168.0.0/16',
    ),
    'statistic',
  );
  assertPasses(firstEndpointProbability(nat(base), facts, 2, 0.5));
  assertFails(
    firstEndpointProbability(nat(base.replace('0.50000000000', '0.90000000000')), facts, 2, 0.5),
    'the first with 0.90000',
  );
  assertFails(firstEndpointProbability(nat(base), facts, 3, 1 / 3), 'has 2');
});

test("topology: the lab's containers and nodes pass; a stopped node container, a missing or NotReady node fail", () => {
  const names = [
    'k8-services-control-plane\trunning\tcontrol-plane',
    'k8-services-worker\trunning\tworker',
    'k8-services-worker2\trunning\tworker',
  ];
  const inventory = (lines: string[]) => ({
    source: 'docker-labels' as const,
    containers: parseDockerPs(lines.join('\n')),
    command: ok(lines.join('\n')),
  });
  assertPasses(nodeContainerCounts(inventory(names), 3));
  assertFails(
    nodeContainerCounts(inventory([names[0]!, names[1]!, 'k8-services-worker2\texited\tworker']), 3),
    'k8-services-worker2 (worker, exited)',
  );
  const node = (name: string, ready = 'True') => ({
    metadata: { name },
    status: { conditions: [{ type: 'Ready', status: ready }] },
  });
  const nodes = ['k8-services-control-plane', 'k8-services-worker', 'k8-services-worker2'].map((n) => node(n));
  assertPasses(nodesReady(nodes, 3));
  assertFails(nodesReady(nodes.slice(0, 2), 3), 'found 2');
  assertFails(
    nodesReady([...nodes.slice(0, 2), node('k8-services-worker2', 'False')], 3),
    'not Ready: k8-services-worker2',
  );
  const status = (available: string) => ({
    metadata: { name: 'calico' },
    status: { conditions: [{ type: 'Available', status: available }] },
  });
  assertPasses(tigeraAvailable('calico', status('True')));
  assertFails(tigeraAvailable('calico', status('False')), 'it is Available=False');
  assertFails(tigeraAvailable('calico', undefined), 'no such TigeraStatus');
});

test('redis PING: PONG passes; an error or no connection fails', () => {
  const call = (stdout: string, stderr = '', code = 0) => ({
    shown: 'redis-cli -h redis-0.redis-headless PING',
    reply: parseRedisCli(stdout, stderr, code),
    evidence: { title: 't', body: stdout, mediaType: 'text/plain' as const },
  });
  assertPasses(answersPong(call('PONG\n'), 'redis-0.redis-headless'));
  assertFails(
    answersPong(
      call('', 'Could not connect to Redis at redis-0.redis-headless:6379: Connection refused\n', 1),
      'redis-0.redis-headless',
    ),
    'Connection refused',
  );
  assertFails(answersPong(call('LOADING Redis is loading the dataset in memory\n'), 'redis-0.redis-headless'));
});

test('after destroy: a container, the network or the kubeconfig left behind fails', () => {
  assertPasses(containersLeft('k8-services', ok('')));
  assertFails(
    containersLeft('k8-services', ok('k8-services-worker\nk8-services-control-plane\n')),
    'found k8-services-control-plane, k8-services-worker',
  );
  assertPasses(networkListed('kind', ok('bridge\nhost\nnone\n')));
  assertFails(networkListed('kind', ok('bridge\nkind\n')), 'network "kind"');
  const dir = mkdtempSync(path.join(tmpdir(), 'labgate-destroy-'));
  const file = path.join(dir, 'k8-services.kubeconfig');
  assertPasses(kubeconfigPresent(file));
  writeFileSync(file, 'apiVersion: v1\n');
  assertFails(kubeconfigPresent(file), `${file} still exists`);
});
