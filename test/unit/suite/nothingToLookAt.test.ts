/**
 * A check over nothing to look at fails, and its message says what was missing: an empty list of endpoints,
 * pods, nodes, affinities or interfaces is a finding, never "none expected, none observed".
 */
import { test } from 'node:test';
import type { V1EndpointSlice, V1Pod } from '@kubernetes/client-node';
import { parseIptables } from '../../../support/kubeproxy/index.ts';
import {
  dnatTargetsEqualEndpoints,
  endpointRuleProbabilities,
  ipv6RulesOnNodes,
  noAffinityRules,
  tracedShares,
} from '../../../support/kubeproxy/checks.ts';
import type { ServicePortFacts } from '../../../support/services/portFacts.ts';
import type { NodeNat } from '../../../support/kubeproxy/facts.ts';
import {
  endpointsHaveNoNotReady,
  legacyEndpointsAgree,
  sliceRefsPointAtPods,
  slicesListReadyPods,
} from '../../../support/services/endpointChecks.ts';
import { endpointsCarryHostnames, noEndpointHostnames } from '../../../support/services/headlessChecks.ts';
import { noRulesForService } from '../../../support/kubeproxy/headlessRules.ts';
import {
  oneDaemonPodPerNode,
  podIpsInside,
  podsOnDistinctNodes,
  podsReady,
  podsShareNodeBlock,
} from '../../../support/workloads/checks.ts';
import { everyWorkerGot } from '../../../support/connectivity/checks.ts';
import {
  blocksAreBlocksOfPool,
  blocksConfirmed,
  everyNodeHasBlock,
  noBlockShared,
  podsInsideTheirNodeBlocks,
} from '../../../support/ipam/index.ts';
import { caliInterfacesHaveMac, nodeRoutesEveryPod, parseIpLink, parseIpRoute } from '../../../support/podnet/index.ts';
import { overNodes } from '../../../support/session/podNetwork.ts';
import { lookupAnswersExactly } from '../../../support/dns/checks.ts';
import { isMasterOf, keyReadBack } from '../../../support/application/checks.ts';
import { parseRedisCli } from '../../../support/application/redisReply.ts';
import type { Workload } from '../../../support/workloads/workloads.ts';
import { assertFails, assertPasses } from '../network/assertFinding.ts';
import { networkFixture } from '../network/labText.ts';
import { LAB04_NGINX_PORT } from './labServicePort.ts';

// lab 04's recorded nginx-service rules, one endpoint chain per pod (the lab text's iptables -S output)
const LAB_RULES = `*nat
:KUBE-SERVICES - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-SVC-6IM33IEVEEV7U3GP - [0:0]
:KUBE-SEP-M6MI3YLHVX7DA53R - [0:0]
:KUBE-SEP-MJ46KNWYZBDUIDMY - [0:0]
-A KUBE-SERVICES -d 10.96.204.67/32 -p tcp -m comment --comment "default/nginx-service:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-6IM33IEVEEV7U3GP
-A KUBE-SVC-6IM33IEVEEV7U3GP ! -s 192.168.0.0/16 -d 10.96.204.67/32 -p tcp -m comment --comment "default/nginx-service:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-6IM33IEVEEV7U3GP -m comment --comment "default/nginx-service:http -> 192.168.156.5:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-M6MI3YLHVX7DA53R
-A KUBE-SVC-6IM33IEVEEV7U3GP -m comment --comment "default/nginx-service:http -> 192.168.202.196:80" -j KUBE-SEP-MJ46KNWYZBDUIDMY
-A KUBE-SEP-M6MI3YLHVX7DA53R -s 192.168.156.5/32 -m comment --comment "default/nginx-service:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-M6MI3YLHVX7DA53R -p tcp -m comment --comment "default/nginx-service:http" -m tcp -j DNAT --to-destination 192.168.156.5:80
-A KUBE-SEP-MJ46KNWYZBDUIDMY -s 192.168.202.196/32 -m comment --comment "default/nginx-service:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-MJ46KNWYZBDUIDMY -p tcp -m comment --comment "default/nginx-service:http" -m tcp -j DNAT --to-destination 192.168.202.196:80
COMMIT
`;

function nat(text: string): NodeNat {
  return { node: 'k8-services-worker', text, table: parseIptables(text), command: ['iptables-save', '-t', 'nat'] };
}

const facts = LAB04_NGINX_PORT;
const noEndpoints: ServicePortFacts = { ...facts, endpoints: [] };
const EMPTY_NAT = nat('*nat\n:KUBE-SERVICES - [0:0]\nCOMMIT\n');

test('kube-proxy checks: no endpoints, or no rules for the Service, fail naming what is missing', () => {
  assertPasses(dnatTargetsEqualEndpoints(nat(LAB_RULES), facts));
  assertFails(endpointRuleProbabilities(EMPTY_NAT, noEndpoints), 'list no ready endpoint');
  assertFails(dnatTargetsEqualEndpoints(EMPTY_NAT, noEndpoints), 'list no ready endpoint');
  assertFails(tracedShares(EMPTY_NAT, noEndpoints), 'list no ready endpoint');
  assertPasses(noAffinityRules(nat(LAB_RULES), facts));
  assertFails(noAffinityRules(EMPTY_NAT, facts), 'no jump for 10.96.204.67:80', 'no chain to look in');
});

test('the IPv6 check over no node at all fails', () => {
  assertFails(ipv6RulesOnNodes([], facts), "No node's IPv6 NAT table was read");
  const dump = {
    node: 'k8-services-worker',
    text: '*nat\n:KUBE-SERVICES - [0:0]\nCOMMIT\n',
    result: { command: ['ip6tables-save', '-t', 'nat'], stdout: '', stderr: '', exitCode: 0 },
  };
  assertPasses(ipv6RulesOnNodes([dump as never], facts));
});

function pod(name: string, ip: string, node: string, ready = true, extra: Partial<V1Pod['spec']> = {}): V1Pod {
  return {
    metadata: { name, namespace: 'default', labels: { app: 'nginx' } },
    spec: { nodeName: node, containers: [{ name: 'c' }], ...extra },
    status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

const nginxPods = [
  pod('nginx-deployment-55d7bb4b86-vg4lt', '192.168.156.5', 'k8-services-worker2'),
  pod('nginx-deployment-55d7bb4b86-xqh9d', '192.168.202.196', 'k8-services-worker'),
];

test('endpoint checks: no ready pod, no endpoint, or an Endpoints object with no address fail', () => {
  const none = slicesListReadyPods(
    'nginx-service',
    'nginx-deployment',
    [],
    nginxPods.map((p) => pod(p.metadata!.name!, p.status!.podIP!, p.spec!.nodeName!, false)),
    80,
  );
  assertFails(none, 'no nginx-deployment pod is Ready');
  assertFails(sliceRefsPointAtPods('nginx-service', [], nginxPods), 'list no endpoint');
  const emptySlice: V1EndpointSlice = { addressType: 'IPv4', endpoints: [], ports: [{ port: 80, protocol: 'TCP' }] };
  assertFails(legacyEndpointsAgree('nginx-service', { subsets: [] }, [emptySlice]), 'the slices list no ready address');
  assertFails(
    endpointsHaveNoNotReady('nginx-service', { metadata: { name: 'nginx-service' }, subsets: [] }),
    '0 ready',
  );
  assertPasses(endpointsHaveNoNotReady('nginx-service', { subsets: [{ addresses: [{ ip: '192.168.156.5' }] }] }));
});

test('headless checks: no endpoint, no pod with a hostname, no KUBE-SERVICES chain fail', () => {
  assertFails(noEndpointHostnames('nginx-headless', []), 'nothing to look at');
  assertFails(endpointsCarryHostnames('redis-headless', [], []), 'none sets spec.hostname');
  const svc = {
    metadata: { name: 'redis-headless', namespace: 'default' },
    spec: { clusterIP: 'None', ports: [{ name: 'redis', port: 6379, protocol: 'TCP' }] },
  };
  assertFails(noRulesForService(nat('*nat\nCOMMIT\n'), svc), 'no KUBE-SERVICES chain');
  assertPasses(noRulesForService(nat(LAB_RULES), svc));
});

const deployment: Workload = {
  kind: 'Deployment',
  name: 'nginx-deployment',
  namespace: 'default',
  selector: 'app=nginx',
  object: { spec: { replicas: 2, selector: {}, template: {} } },
};
const daemonSet = (desired?: number): Workload => ({
  kind: 'DaemonSet',
  name: 'multitool-1',
  namespace: 'default',
  selector: 'app=multitool-1',
  object:
    desired === undefined
      ? {}
      : {
          status: { desiredNumberScheduled: desired, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 },
        },
});

test('workload checks: no pod, no node, or a workload that states no wanted count fail', () => {
  assertPasses(podsReady(deployment, nginxPods));
  assertFails(podsReady(daemonSet(), []), 'reports no desired pod count');
  assertFails(podsReady(daemonSet(0), []), 'wants no pod');
  assertFails(oneDaemonPodPerNode(daemonSet(3), [], []), 'lists no node');
  assertFails(podsOnDistinctNodes(deployment, [], 2), 'no pod');
  assertFails(podIpsInside([], '192.168.0.0/16'), 'no running pod on the pod network');
  assertFails(podsShareNodeBlock([], 26), 'no running pod on the pod network');
});

test('every worker asked: the expected workers come from the nodes, not from the replies', () => {
  const ok = (node: string) => ({
    node,
    pod: `multitool-1-${node}`,
    statusLine: 'HTTP/1.1 400 Bad Request',
    closed: true,
  });
  const workers = ['k8-services-worker', 'k8-services-worker2'];
  assertPasses(everyWorkerGot('multitool-1', 'get', workers, workers.map(ok), 'HTTP/1.1 400 Bad Request', []));
  assertFails(
    everyWorkerGot('multitool-1', 'get', workers, [ok('k8-services-worker')], 'HTTP/1.1 400 Bad Request', []),
    'k8-services-worker2',
  );
  assertFails(everyWorkerGot('multitool-1', 'get', [], [], 'HTTP/1.1 400 Bad Request', []), 'the cluster lists none');
  assertFails(
    everyWorkerGot(
      'multitool-1',
      'get',
      workers,
      [...workers.map(ok), ok('k8-services-control-plane')],
      'HTTP/1.1 400 Bad Request',
      [],
    ),
  );
});

test('IPAM checks: no node, no affinity, no pod on the pod network fail', () => {
  assertFails(everyNodeHasBlock([], []), 'no node to look at');
  assertFails(
    blocksAreBlocksOfPool(
      [],
      [{ name: 'default-ipv4-ippool', cidr: '192.168.0.0/16', blockSize: 26, disabled: false }],
    ),
    'no live block affinity',
  );
  assertFails(blocksConfirmed([]), 'no block affinity to look at');
  assertFails(noBlockShared([]), 'no live block affinity');
  assertFails(
    podsInsideTheirNodeBlocks(
      [{ namespace: 'kube-system', name: 'kube-proxy-x', node: 'n', ips: ['172.18.0.2'], hostNetwork: true }],
      [],
    ),
    'no pod on the pod network',
  );
});

test('node checks: a node without cali interfaces or pods, and no node at all, fail', () => {
  const links = parseIpLink(networkFixture('node1-ip-j-link.json')).value;
  const routes = parseIpRoute(networkFixture('node1-ip-j-route.json')).value;
  const noCali = links.filter((l) => !l.ifname.startsWith('cali'));
  assertFails(caliInterfacesHaveMac('node1', noCali, 'ee:ee:ee:ee:ee:ee', []), 'no cali… interface to look at');
  assertFails(nodeRoutesEveryPod('node1', [], routes, links, []), 'runs no pod of the lab');
  assertFails(overNodes([], 'cali interfaces'), 'No node was looked at for cali interfaces');
  assertPasses(overNodes([caliInterfacesHaveMac('node1', links, 'ee:ee:ee:ee:ee:ee', [])], 'cali interfaces'));
});

test('DNS and redis: no address to expect, no replica to read from fail', () => {
  const lookup = {
    command: 'dig +search nginx-headless',
    output: ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1\n',
    where: 'pod multitool',
  };
  assertFails(
    lookupAnswersExactly(lookup, {
      name: 'nginx-headless.default.svc.cluster.local',
      addresses: [],
      ttl: 30,
      what: 'the ready pod IPs',
    }),
    'none known',
  );
  const call = (stdout: string) => ({
    shown: 'redis-cli',
    reply: parseRedisCli(stdout, '', 0),
    evidence: { title: 't', body: stdout, mediaType: 'text/plain' as const },
  });
  assertFails(keyReadBack(call('OK\n'), [], 'redis-0.redis-headless', 'k', 'v', []));
  assertFails(isMasterOf(call('# Replication\nrole:master\nconnected_slaves:0\n'), 'redis-0.redis-headless', []));
});
