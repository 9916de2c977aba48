/** The topology checks on lab 01's nodes, TigeraStatus and Installation as its text shows them, and each broken. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Node } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import {
  installationHasPool,
  nodeContainerCounts,
  nodesReady,
  tigeraAvailable,
} from '../../../support/cluster/checks.ts';
import { parseDockerPs, type NodeContainerInventory } from '../../../support/cluster/containers.ts';
import { assertFails, assertPasses } from '../network/assertFinding.ts';
import { labOutput, labTable, labText } from '../network/labText.ts';

const LAB = '01-calico-ipam';
const lab = labText(LAB);
const nodeRows = labTable(labOutput(lab, 'kubectl get nodes'));
const installation = parseYaml(labText(LAB, 'calico-cni-config/custom-resources.yaml').split('\n---')[0]!) as Record<
  string,
  unknown
>;

/** `kubectl get nodes` rows as Node objects: STATUS Ready is a Ready condition True. */
const labNodes: V1Node[] = nodeRows.map((r) => ({
  metadata: {
    name: r.NAME!,
    labels:
      r.ROLES === 'control-plane' ? { 'node-role.kubernetes.io/control-plane': '' } : ({} as Record<string, string>),
  },
  status: { conditions: [{ type: 'Ready', status: r.STATUS === 'Ready' ? 'True' : 'False' }] },
}));

/** What `docker ps` lists for the lab's Kind nodes (name, state, role label), with one container changed. */
function inventory(
  edit: (line: string) => string = (l) => l,
  source: NodeContainerInventory['source'] = 'docker-labels',
): NodeContainerInventory {
  const stdout = nodeRows
    .map((r) => edit(`${r.NAME}\trunning\t${r.ROLES === 'control-plane' ? 'control-plane' : 'worker'}`))
    .join('\n');
  const command = [
    'docker',
    'ps',
    '-a',
    '--filter',
    'label=io.x-k8s.kind.cluster=calico-ipam',
    '--format',
    '{{.Names}}\t{{.State}}',
  ];
  return {
    source,
    containers: parseDockerPs(stdout),
    command: { command, stdout, stderr: '', exitCode: 0, timedOut: false },
  };
}

function tigeraStatus(conditions: { type: string; status: string; message?: string }[]) {
  return {
    apiVersion: 'operator.tigera.io/v1',
    kind: 'TigeraStatus',
    metadata: { name: 'calico' },
    status: { conditions },
  };
}

test("node containers: lab 01's three running nodes pass; a stopped worker, a second control plane or no role fails", () => {
  assert.equal(nodeRows.length, 3);
  const healthy = nodeContainerCounts(inventory(), 3);
  assertPasses(healthy);
  assert.deepEqual(healthy.expected, { running: 3, controlPlanes: 1, workers: 2 });
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['node containers (docker-labels)'],
  );
  assert.match(
    healthy.evidence[0]!.body,
    /^\$ docker ps -a --filter label=io\.x-k8s\.kind\.cluster=calico-ipam --format '\{\{\.Names\}\}\t\{\{\.State\}\}'\ncalico-ipam-control-plane\trunning/,
  );

  const stopped = nodeContainerCounts(
    inventory((l) => l.replace('calico-ipam-worker\trunning', 'calico-ipam-worker\texited')),
    3,
  );
  assert.deepEqual(stopped.observed, { running: 2, controlPlanes: 1, workers: 1 });
  assertFails(
    stopped,
    'The lab promises a 3-node Kind cluster (1 control-plane, 2 workers) with every node container running; Docker containers labelled with the Kind cluster shows: calico-ipam-control-plane (control-plane, running); calico-ipam-worker (worker, exited); calico-ipam-worker2 (worker, running). Check `docker ps -a`',
  );

  const twoPlanes = nodeContainerCounts(
    inventory((l) => l.replace(/worker2\trunning\tworker/, 'worker2\trunning\tcontrol-plane'), 'containerlab'),
    3,
  );
  assert.deepEqual(twoPlanes.observed, { running: 3, controlPlanes: 2, workers: 1 });
  assertFails(twoPlanes, '; containerlab inspect shows:');
  assert.deepEqual(
    twoPlanes.evidence.map((e) => e.title),
    ['node containers (containerlab)'],
  );
  const unlabelled = nodeContainerCounts(
    inventory((l) => l.replace(/\tworker$/, '\t')),
    3,
  );
  assert.deepEqual(unlabelled.observed, { running: 3, controlPlanes: 1, workers: 0 });
  assertFails(unlabelled, 'calico-ipam-worker (no role, running)');
  assertFails(
    nodeContainerCounts(
      inventory(() => ''),
      2,
    ),
    'a 2-node Kind cluster (1 control-plane, 1 workers)',
    'shows: none.',
  );
});

test("nodes Ready: lab 01's nodes pass; a NotReady node, a node without conditions or a missing node fails", () => {
  const healthy = nodesReady(labNodes, 3);
  assertPasses(healthy);
  assert.deepEqual(healthy.expected, { count: 3, notReady: [] });
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['nodes (name, Ready)'],
  );
  assert.match(
    healthy.evidence[0]!.body,
    /- name: calico-ipam-control-plane\n {2}ready: true\n {2}labels:\n {4}node-role\.kubernetes\.io\/control-plane: ""/,
  );

  const notReady = nodesReady(
    [labNodes[0]!, { ...labNodes[1]!, status: { conditions: [{ type: 'Ready', status: 'False' }] } }, { metadata: {} }],
    3,
  );
  assert.deepEqual(notReady.observed, { count: 3, notReady: ['calico-ipam-worker', '?'] });
  assertFails(
    notReady,
    'The lab promises 3 Kubernetes nodes, all Ready; found 3, not Ready: calico-ipam-worker, ?. Check `kubectl get nodes`',
  );
  assertFails(nodesReady(labNodes.slice(0, 2), 3), 'found 2. Check');
});

test("TigeraStatus Available: lab 01's calico passes; not Available, absent, or no object fails with the Degraded message", () => {
  const healthy = tigeraAvailable(
    'calico',
    tigeraStatus([
      { type: 'Available', status: 'True' },
      { type: 'Degraded', status: 'False' },
    ]),
  );
  assertPasses(healthy);
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['tigerastatus calico'],
  );
  assert.match(healthy.evidence[0]!.body, /type: Available/);

  const degraded = tigeraAvailable(
    'calico',
    tigeraStatus([
      { type: 'Available', status: 'False' },
      { type: 'Degraded', status: 'True', message: 'calico-node not ready on calico-ipam-worker' },
    ]),
  );
  assert.deepEqual([degraded.expected, degraded.observed], ['Available=True', 'Available=False']);
  assertFails(
    degraded,
    'The deploy script waits for Calico\'s tigerastatus "calico" to be Available; it is Available=False (Degraded: calico-node not ready on calico-ipam-worker). Check `kubectl get tigerastatus calico -o yaml`',
  );
  const wasDegraded = tigeraAvailable(
    'calico',
    tigeraStatus([
      { type: 'Available', status: 'False' },
      { type: 'Degraded', status: 'False', message: 'old news' },
    ]),
  );
  assertFails(wasDegraded, 'it is Available=False. Check');
  assertFails(
    tigeraAvailable('calico', tigeraStatus([{ type: 'Degraded', status: 'True' }])),
    'it is Available=absent. Check',
  );
  assert.equal(tigeraAvailable('calico', { metadata: { name: 'calico' } }).observed, 'Available=absent');
  const missing = tigeraAvailable('apiserver', undefined);
  assert.equal(missing.observed, 'no such TigeraStatus');
  assert.equal(missing.evidence[0]!.body, 'null\n');
});

test("the Installation's pool: lab 01's custom resources pass; another CIDR or block size, no pool or no Installation fails", () => {
  const expected = { cidr: '192.168.0.0/16', blockSize: 26 };
  const healthy = installationHasPool('default', installation, expected);
  assertPasses(healthy);
  assert.deepEqual(
    healthy.evidence.map((e) => e.title),
    ['installation default spec'],
  );
  assert.match(healthy.evidence[0]!.body, /cidr: 192\.168\.0\.0\/16/);

  const spec = installation.spec as { calicoNetwork: { ipPools: Record<string, unknown>[] } };
  const withPools = (ipPools: Record<string, unknown>[]) => ({
    ...installation,
    spec: { ...spec, calicoNetwork: { ...spec.calicoNetwork, ipPools } },
  });
  const pool = spec.calicoNetwork.ipPools[0]!;
  const wrongBlock = installationHasPool('default', withPools([{ ...pool, blockSize: 24 }]), expected);
  assert.deepEqual(wrongBlock.observed, [{ cidr: '192.168.0.0/16', blockSize: 24 }]);
  assertFails(
    wrongBlock,
    'The lab configures Calico with an IP pool 192.168.0.0/16 and block size 26; Installation "default" has 192.168.0.0/16 /24. Check `kubectl get installation default -o yaml`.',
  );
  const twoPools = installationHasPool('default', withPools([{ ...pool, cidr: '10.244.0.0/16' }, pool]), expected);
  assertPasses(twoPools);
  const wrongCidr = installationHasPool(
    'default',
    withPools([
      { ...pool, cidr: '10.244.0.0/16' },
      { ...pool, cidr: '192.168.0.0/24', blockSize: 26 },
    ]),
    expected,
  );
  assertFails(wrongCidr, 'has 10.244.0.0/16 /26, 192.168.0.0/24 /26.');
  assertFails(installationHasPool('default', withPools([]), expected), 'Installation "default" has no IP pools.');
  const missing = installationHasPool('default', undefined, expected);
  assert.deepEqual(missing.observed, []);
  assertFails(
    missing,
    'The lab\'s Calico Installation "default" does not exist. Check `kubectl get installation default` (operator.tigera.io/v1)',
  );
  assert.equal(missing.evidence[0]!.body, 'null\n');
});
