/** Topology checks: node containers, Ready nodes, Calico's status and its IP pool. */
import type { V1Node } from '@kubernetes/client-node';
import type { CustomObject } from '../access/kubeQueries.ts';
import { installationIpPools, nodeIsReady, type IpPool } from './nodesAndInstallation.ts';
import type { NodeContainerInventory } from './containers.ts';
import { finding, objectEvidence, commandEvidence, type Finding } from '../floor/finding.ts';

export interface ContainerCounts {
  running: number;
  controlPlanes: number;
  workers: number;
}

export function nodeContainerCounts(inv: NodeContainerInventory, expectedTotal: number): Finding<ContainerCounts> {
  const running = inv.containers.filter((c) => c.state === 'running');
  const observed = {
    running: running.length,
    controlPlanes: running.filter((c) => c.role === 'control-plane').length,
    workers: running.filter((c) => c.role === 'worker').length,
  };
  const listing = inv.containers.map((c) => `${c.name} (${c.role || 'no role'}, ${c.state})`).join('; ') || 'none';
  const how =
    inv.source === 'containerlab' ? 'containerlab inspect' : 'Docker containers labelled with the Kind cluster';
  return finding(
    { running: expectedTotal, controlPlanes: 1, workers: expectedTotal - 1 },
    observed,
    `The lab promises a ${expectedTotal}-node Kind cluster (1 control-plane, ${expectedTotal - 1} workers) ` +
      `with every node container running; ${how} shows: ${listing}. Check \`docker ps -a\` and redeploy the lab ` +
      `if nodes are missing.`,
    [commandEvidence(`node containers (${inv.source})`, inv.command)],
  );
}

export function nodesReady(nodes: V1Node[], expectedCount: number): Finding<{ count: number; notReady: string[] }> {
  const notReady = nodes.filter((n) => !nodeIsReady(n)).map((n) => n.metadata?.name ?? '?');
  return finding(
    { count: expectedCount, notReady: [] },
    { count: nodes.length, notReady },
    `The lab promises ${expectedCount} Kubernetes nodes, all Ready; found ` +
      `${nodes.length}${notReady.length ? `, not Ready: ${notReady.join(', ')}` : ''}. Check \`kubectl get ` +
      `nodes\` and the kubelet/CNI on those nodes (Calico must be up before nodes turn Ready).`,
    [
      objectEvidence(
        'nodes (name, Ready)',
        nodes.map((n) => ({ name: n.metadata?.name, ready: nodeIsReady(n), labels: n.metadata?.labels })),
      ),
    ],
  );
}

type Condition = { type?: string; status?: string; reason?: string; message?: string };

export function tigeraAvailable(name: string, obj: CustomObject | undefined): Finding<string> {
  const conditions = (obj?.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
  const available = conditions.find((c) => c.type === 'Available');
  const observed = obj === undefined ? 'no such TigeraStatus' : `Available=${available?.status ?? 'absent'}`;
  const degraded = conditions.find((c) => c.type === 'Degraded' && c.status === 'True');
  return finding(
    'Available=True',
    observed,
    `The deploy script waits for Calico's tigerastatus "${name}" to be Available; it is ` +
      `${observed}${degraded?.message ? ` (Degraded: ${degraded.message})` : ''}. Check \`kubectl get ` +
      `tigerastatus ${name} -o yaml\` and the tigera-operator logs.`,
    [objectEvidence(`tigerastatus ${name}`, obj ?? null)],
  );
}

/** The lab's "DEGRADED False": a TigeraStatus without a Degraded condition that is True. */
export function tigeraNotDegraded(name: string, obj: CustomObject | undefined): Finding<string> {
  const conditions = (obj?.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
  const degraded = conditions.find((c) => c.type === 'Degraded');
  const observed = obj === undefined ? 'no such TigeraStatus' : `Degraded=${degraded?.status ?? 'absent'}`;
  const ok = obj !== undefined && degraded?.status !== 'True';
  const why =
    degraded?.status === 'True' && degraded.message ? ` (${degraded.reason ?? 'no reason'}: ${degraded.message})` : '';
  return finding(
    'not Degraded',
    ok ? 'not Degraded' : observed,
    `The lab says a healthy install shows Calico's tigerastatus "${name}" with DEGRADED False; it is ` +
      `${observed}${why}. ` +
      `Check \`kubectl get tigerastatus ${name} -o yaml\` and the tigera-operator logs.`,
    [objectEvidence(`tigerastatus ${name}`, obj ?? null)],
  );
}

export function installationHasPool(name: string, obj: CustomObject | undefined, expected: IpPool): Finding<IpPool[]> {
  const pools = installationIpPools(obj);
  const match = pools.filter((p) => p.cidr === expected.cidr && p.blockSize === expected.blockSize);
  return finding(
    [expected],
    match.length ? match : pools,
    obj === undefined
      ? `The lab's Calico Installation "${name}" does not exist. Check \`kubectl get installation ${name}\` ` +
          `(operator.tigera.io/v1) and the deploy script's custom resources.`
      : `The lab configures Calico with an IP pool ${expected.cidr} and block size ${expected.blockSize}; ` +
          `Installation "${name}" has ` +
          `${pools.map((p) => `${p.cidr} /${p.blockSize}`).join(', ') || 'no IP pools'}. Check \`kubectl get ` +
          `installation ${name} -o yaml\`.`,
    [objectEvidence(`installation ${name} spec`, obj?.spec ?? null)],
  );
}
