/** Workloads (DaemonSets, Deployments, StatefulSets, bare Pods), their pods and addresses, and Service objects. */
import type { V1DaemonSet, V1Deployment, V1Pod, V1Service, V1StatefulSet } from '@kubernetes/client-node';
import { finding, objectEvidence, type Finding } from '../report/evidence.ts';
import { blockSharing, inCidr } from './cidr.ts';
import type { KubeClients } from './client.ts';
import { getDaemonSet, getDeployment, getPod, getStatefulSet, listPods, selectorString } from './queries.ts';
import { POD_READY_TIMEOUT_MS, waitUntil } from './wait.ts';

export interface Workload {
  kind: 'DaemonSet' | 'Deployment' | 'StatefulSet' | 'Pod';
  name: string;
  namespace: string;
  /** label selector of its pods; for a bare Pod, its own name as a field selector is used instead */
  selector: string;
  object: V1DaemonSet | V1Deployment | V1StatefulSet | V1Pod;
}

/** The workload called `name` in `namespace`, whichever kind it is. */
export async function findWorkload(k: KubeClients, name: string, namespace: string): Promise<Workload | undefined> {
  const ds = await getDaemonSet(k, name, namespace);
  if (ds) return { kind: 'DaemonSet', name, namespace, selector: selectorString(ds.spec?.selector?.matchLabels), object: ds };
  const dep = await getDeployment(k, name, namespace);
  if (dep) return { kind: 'Deployment', name, namespace, selector: selectorString(dep.spec?.selector?.matchLabels), object: dep };
  const sts = await getStatefulSet(k, name, namespace);
  if (sts) return { kind: 'StatefulSet', name, namespace, selector: selectorString(sts.spec?.selector?.matchLabels), object: sts };
  const pod = await getPod(k, name, namespace);
  if (pod) return { kind: 'Pod', name, namespace, selector: '', object: pod };
  return undefined;
}

/** Says plainly what is missing, with the lab's own explanation when its descriptor has one (known drift). */
export function missingWorkloadMessage(name: string, namespaces: string[], labWords?: string): string {
  const where = `nothing named "${name}" in namespace${namespaces.length > 1 ? 's' : ''} ${namespaces.join(', ')} (kubectl get daemonset,deployment,statefulset,pod ${name})`;
  return `The lab text expects the workload ${name}, but there is ${where}. ${labWords ?? "Re-run the lab's deploy script."}`;
}

/** The kubectl command that lists the workload's pods, as a reader would type it. */
export function podListCommand(w: Workload): string {
  return `kubectl get pods -n ${w.namespace} ${w.kind === 'Pod' ? w.name : `-l ${w.selector}`} -o wide`;
}

export function podIsReady(p: V1Pod): boolean {
  return p.status?.phase === 'Running' && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

export interface PodSummary {
  name: string;
  node: string;
  ip: string;
  phase: string;
  ready: boolean;
}

export function summarisePod(p: V1Pod): PodSummary {
  return {
    name: p.metadata?.name ?? '',
    node: p.spec?.nodeName ?? '',
    ip: p.status?.podIP ?? '',
    phase: p.status?.phase ?? 'Unknown',
    ready: podIsReady(p),
  };
}

/** The workload's pods once all are Running and Ready, or as they are when POD_READY_TIMEOUT_MS runs out. */
export async function workloadPods(k: KubeClients, w: Workload, timeoutMs = POD_READY_TIMEOUT_MS): Promise<V1Pod[]> {
  const outcome = await waitUntil(
    async () => (w.kind === 'Pod' ? [await getPod(k, w.name, w.namespace)].filter((p): p is V1Pod => p !== undefined) : listPods(k, w.namespace, w.selector)),
    (pods) => pods.length > 0 && pods.every(podIsReady),
    timeoutMs,
  );
  return outcome.value;
}

export function podsReady(w: Workload, pods: V1Pod[], timeoutMs = POD_READY_TIMEOUT_MS): Finding<{ pods: number; notReady: string[] }> {
  const rows = pods.map(summarisePod);
  const notReady = rows.filter((r) => !r.ready).map((r) => `${r.name} (${r.phase}, on ${r.node || 'no node'})`);
  const desired = w.kind === 'DaemonSet'
    ? (w.object as V1DaemonSet).status?.desiredNumberScheduled ?? rows.length
    : w.kind === 'Pod' ? 1 : (w.object as V1Deployment | V1StatefulSet).spec?.replicas ?? rows.length;
  return finding(
    { pods: desired, notReady: [] },
    { pods: rows.length, notReady },
    `The lab promises every ${w.name} pod Running and Ready (${w.kind}, ${desired} wanted); within ${timeoutMs / 1000} s found ${rows.length}${notReady.length ? `, not ready: ${notReady.join(', ')}` : ''}. Check \`${podListCommand(w)}\` and \`kubectl describe pod\` for the ones not ready.`,
    [objectEvidence(`pods of ${w.kind} ${w.name}`, rows)],
  );
}

export function oneDaemonPodPerNode(w: Workload, pods: V1Pod[], nodes: string[]): Finding<Record<string, number>> {
  const perNode: Record<string, number> = Object.fromEntries(nodes.map((n) => [n, 0]));
  for (const p of pods) {
    const n = p.spec?.nodeName ?? '(unscheduled)';
    perNode[n] = (perNode[n] ?? 0) + 1;
  }
  const expected = Object.fromEntries(nodes.map((n) => [n, 1]));
  return finding(
    expected,
    perNode,
    `The lab promises one ${w.name} pod on each of the ${nodes.length} nodes (a DaemonSet tolerating the control-plane taint); pods per node: ${Object.entries(perNode).map(([n, c]) => `${n}=${c}`).join(', ')}. Check \`${podListCommand(w)}\` and the DaemonSet's tolerations.`,
    [objectEvidence(`pods of ${w.name} by node`, pods.map(summarisePod))],
  );
}

export function podsOnDistinctNodes(w: Workload, pods: V1Pod[]): Finding<number> {
  const rows = pods.map(summarisePod);
  const nodes = new Set(rows.map((r) => r.node));
  return finding(
    rows.length,
    nodes.size,
    `The lab shows the ${rows.length} ${w.name} pods spread over different nodes; they run on ${[...nodes].join(', ') || 'no node'} (${rows.map((r) => `${r.name} on ${r.node}`).join(', ')}). Check \`${podListCommand(w)}\`.`,
    [objectEvidence(`pods of ${w.name}`, rows)],
  );
}

/** Pods that have their own address (not hostNetwork), Running. */
export function podNetworkPods(pods: V1Pod[]): PodSummary[] {
  return pods.filter((p) => !p.spec?.hostNetwork && p.status?.phase === 'Running').map(summarisePod);
}

export function podIpsInside(pods: V1Pod[], cidr: string): Finding<string[]> {
  const rows = podNetworkPods(pods);
  const outside = rows.filter((r) => !inCidr(r.ip, cidr)).map((r) => `${r.name}=${r.ip || 'no IP'}`);
  return finding(
    [],
    outside,
    `The lab promises pod addresses from Calico's pool ${cidr}; pods outside it: ${outside.join(', ') || 'none'} (of ${rows.length}). Check \`kubectl get pods -o wide\` and the Calico IPPool.`,
    [objectEvidence('pods of the lab (namespace, name, node, IP)', rows)],
  );
}

export function podsShareNodeBlock(pods: V1Pod[], prefix: number): Finding<{ nodesWithSeveralBlocks: string[]; blocksOnSeveralNodes: string[] }> {
  const rows = podNetworkPods(pods).filter((r) => r.ip && r.node);
  const sharing = blockSharing(rows, prefix);
  return finding(
    { nodesWithSeveralBlocks: [], blocksOnSeveralNodes: [] },
    { nodesWithSeveralBlocks: sharing.nodesWithSeveralBlocks, blocksOnSeveralNodes: sharing.blocksOnSeveralNodes },
    `The lab promises /${prefix} blocks per node: pods on one node share a block, and no block spans nodes. Blocks by node: ${Object.entries(sharing.blocksByNode).map(([n, b]) => `${n}: ${b.join(' ')}`).join('; ')}. Check \`kubectl get blockaffinities\` (Calico IPAM).`,
    [objectEvidence('pod blocks by node', sharing.blocksByNode), objectEvidence('pods (name, node, IP)', rows)],
  );
}

export interface ServiceShape {
  type: string;
  clusterIPInside: boolean;
  ports: string[]; // "name port/PROTOCOL"
  externalIPs: string[];
}

export function serviceShape(name: string, svc: V1Service | undefined, serviceCidr: string): ServiceShape {
  return {
    type: svc?.spec?.type ?? (svc ? 'ClusterIP' : 'missing'),
    clusterIPInside: inCidr(svc?.spec?.clusterIP ?? '', serviceCidr),
    ports: (svc?.spec?.ports ?? []).map((p) => `${p.name ?? ''} ${p.port}/${p.protocol ?? 'TCP'}`),
    externalIPs: [...(svc?.spec?.externalIPs ?? []), ...(svc?.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '')],
  };
}

export function serviceTypeAndVip(name: string, svc: V1Service | undefined, serviceCidr: string): Finding<{ type: string; clusterIPInside: boolean }> {
  const shape = serviceShape(name, svc, serviceCidr);
  return finding(
    { type: 'ClusterIP', clusterIPInside: true },
    { type: shape.type, clusterIPInside: shape.clusterIPInside },
    svc === undefined
      ? `The lab's Service ${name} does not exist. Check \`kubectl get svc -A\` and re-apply the lab's manifests.`
      : `The lab promises ${name} as type ClusterIP with a VIP inside the service CIDR ${serviceCidr}; it is ${shape.type} with VIP ${svc.spec?.clusterIP ?? 'none'}. Check \`kubectl get svc ${name} -o yaml\` and the cluster's serviceSubnet.`,
    [objectEvidence(`service ${name}`, svc ?? null)],
  );
}

export function servicePortsAndExposure(
  name: string,
  svc: V1Service | undefined,
  expected: { port: number; protocol: string; portName: string },
): Finding<{ ports: string[]; externalIPs: string[] }> {
  const shape = serviceShape(name, svc, '0.0.0.0/0');
  return finding(
    { ports: [`${expected.portName} ${expected.port}/${expected.protocol}`], externalIPs: [] },
    { ports: shape.ports, externalIPs: shape.externalIPs },
    `The lab shows ${name} with port ${expected.port}/${expected.protocol} named ${expected.portName} and no external IP ("<none>"); it has ports ${shape.ports.join(', ') || 'none'} and external ${shape.externalIPs.join(', ') || 'none'}. Check \`kubectl get svc ${name} -o yaml\`.`,
    [objectEvidence(`service ${name} ports`, svc?.spec?.ports ?? null)],
  );
}
