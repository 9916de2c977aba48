/** Workload checks: pods Ready, placed on nodes as promised, and addressed from the pod pool and node blocks. */
import type { V1DaemonSet, V1Deployment, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { cidrContains } from '../floor/address.ts';
import { blockSharing } from '../ipam/blockSharing.ts';
import { POD_READY_TIMEOUT_MS, settleBound } from '../floor/wait.ts';
import { podListCommand, podNetworkPods, summarisePod, type Workload } from './workloads.ts';
import { finding, objectEvidence, type Finding } from '../floor/finding.ts';

/** The pods a workload wants, from its own desired state (the API's default of 1 replica when unset). */
export function desiredPods(w: Workload): number | undefined {
  if (w.kind === 'Pod') return 1;
  if (w.kind === 'DaemonSet') return (w.object as V1DaemonSet).status?.desiredNumberScheduled;
  return (w.object as V1Deployment | V1StatefulSet).spec?.replicas ?? 1;
}

export function podsReady(
  w: Workload,
  pods: V1Pod[],
  timeoutMs = settleBound(POD_READY_TIMEOUT_MS),
): Finding<{ pods: number | string; notReady: string[] }> {
  const rows = pods.map(summarisePod);
  const notReady = rows.filter((r) => !r.ready).map((r) => `${r.name} (${r.phase}, on ${r.node || 'no node'})`);
  const desired = desiredPods(w);
  // a workload that wants no pod (or does not say) leaves nothing to be Ready: a finding, not a pass
  const wanted =
    desired === undefined
      ? `(${w.kind} ${w.name} reports no desired pod count)`
      : desired === 0
        ? `(${w.kind} ${w.name} wants no pod)`
        : desired;
  const wantedText = typeof wanted === 'number' ? `${w.kind}, ${wanted} wanted` : wanted.slice(1, -1);
  return finding(
    { pods: wanted, notReady: [] },
    { pods: rows.length, notReady },
    `The lab promises every ${w.name} pod Running and Ready (${wantedText}); within ${timeoutMs / 1000} s found ` +
      `${rows.length}${notReady.length ? `, not ready: ${notReady.join(', ')}` : ''}. Check ` +
      `\`${podListCommand(w)}\` and \`kubectl describe pod\` for the ones not ready.`,
    [objectEvidence(`pods of ${w.kind} ${w.name}`, rows)],
  );
}

export function oneDaemonPodPerNode(w: Workload, pods: V1Pod[], nodes: string[]): Finding<Record<string, number>> {
  const perNode: Record<string, number> = Object.fromEntries(nodes.map((n) => [n, 0]));
  for (const p of pods) {
    const n = p.spec?.nodeName ?? '(unscheduled)';
    perNode[n] = (perNode[n] ?? 0) + 1;
  }
  const expected: Record<string, number> = nodes.length
    ? Object.fromEntries(nodes.map((n) => [n, 1]))
    : { '(a node)': 1 };
  const noNode = ', but the cluster lists no node to look at';
  const counts = Object.entries(perNode)
    .map(([n, c]) => `${n}=${c}`)
    .join(', ');
  return finding(
    expected,
    perNode,
    `The lab promises one ${w.name} pod on each of the ${nodes.length || 'no'} nodes ` +
      `(a DaemonSet tolerating the control-plane taint)${nodes.length ? '' : noNode}; ` +
      `pods per node: ${counts}. Check \`${podListCommand(w)}\` and the DaemonSet's tolerations.`,
    [objectEvidence(`pods of ${w.name} by node`, pods.map(summarisePod))],
  );
}

/** The lab's `count` pods of the workload, each on a node of its own (the count is the lab's, not the pods'). */
export function podsOnDistinctNodes(
  w: Workload,
  pods: V1Pod[],
  count: number,
): Finding<{ pods: number; nodes: number }> {
  const rows = pods.map(summarisePod);
  // an unscheduled pod runs on no node: it spreads nothing
  const nodes = new Set(rows.map((r) => r.node).filter((n) => n !== ''));
  const placed = rows.map((r) => `${r.name} on ${r.node || 'no node (unscheduled)'}`).join(', ') || 'no pod';
  return finding(
    { pods: count, nodes: count },
    { pods: rows.length, nodes: nodes.size },
    `The lab shows the ${count} ${w.name} pods spread over different nodes; they run on ` +
      `${[...nodes].join(', ') || 'no node'} (${placed}). Check \`${podListCommand(w)}\`.`,
    [objectEvidence(`pods of ${w.name}`, rows)],
  );
}

export function podIpsInside(pods: V1Pod[], cidr: string): Finding<string[]> {
  const rows = podNetworkPods(pods);
  const outside = rows.filter((r) => !cidrContains(cidr, r.ip)).map((r) => `${r.name}=${r.ip || 'no IP'}`);
  const seen = rows.length
    ? `pods outside it: ${outside.join(', ') || 'none'} (of ${rows.length})`
    : 'there is no running pod on the pod network to look at';
  return finding(
    [],
    rows.length ? outside : ['(no running pod on the pod network)'],
    `The lab promises pod addresses from Calico's pool ${cidr}; ${seen}. ` +
      `Check \`kubectl get pods -o wide\` and the Calico IPPool.`,
    [objectEvidence('pods of the lab (namespace, name, node, IP)', rows)],
  );
}

export function podsShareNodeBlock(
  pods: V1Pod[],
  prefix: number,
): Finding<{ nodesWithSeveralBlocks: string[]; blocksOnSeveralNodes: string[] }> {
  const rows = podNetworkPods(pods).filter((r) => r.ip && r.node);
  const sharing = blockSharing(rows, prefix);
  const none = rows.length ? [] : ['(no running pod with an address and a node)'];
  const blocks =
    Object.entries(sharing.blocksByNode)
      .map(([n, b]) => `${n}: ${b.join(' ')}`)
      .join('; ') || 'none: no running pod on the pod network to look at';
  return finding(
    { nodesWithSeveralBlocks: [], blocksOnSeveralNodes: [] },
    {
      nodesWithSeveralBlocks: [...none, ...sharing.nodesWithSeveralBlocks],
      blocksOnSeveralNodes: sharing.blocksOnSeveralNodes,
    },
    `The lab promises /${prefix} blocks per node: pods on one node share a block, and no block spans nodes. ` +
      `Blocks by node: ${blocks}. Check \`kubectl get blockaffinities\` (Calico IPAM).`,
    [objectEvidence('pod blocks by node', sharing.blocksByNode), objectEvidence('pods (name, node, IP)', rows)],
  );
}

/** The workload runs `count` pods and every one carries the label `key=value`. */
export function podsCountAndLabel(
  w: Workload,
  pods: V1Pod[],
  count: number,
  label: string,
): Finding<{ pods: number; unlabelled: string[] }> {
  const [key, value] = label.split('=', 2) as [string, string | undefined];
  const unlabelled = pods.filter((p) => p.metadata?.labels?.[key] !== (value ?? '')).map((p) => p.metadata?.name ?? '');
  return finding(
    { pods: count, unlabelled: [] },
    { pods: pods.length, unlabelled },
    `The lab shows ${count} ${w.name} pods, each labelled ${label}; there are ` +
      `${pods.length}${unlabelled.length ? `, without the label: ${unlabelled.join(', ')}` : ''}. Check ` +
      `\`kubectl get pods -n ${w.namespace} -l ${label} -o wide\`.`,
    [
      objectEvidence(
        `pods of ${w.name} (name, labels)`,
        pods.map((p) => ({ name: p.metadata?.name, labels: p.metadata?.labels })),
      ),
    ],
  );
}
