/** Workloads (DaemonSets, Deployments, StatefulSets, bare Pods): finding them, their pods and summaries. */
import type { V1DaemonSet, V1Deployment, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import type { KubeClients } from '../access/kubeClient.ts';
import {
  getDaemonSet,
  getDeployment,
  getPod,
  getStatefulSet,
  listPods,
  selectorString,
} from '../access/kubeQueries.ts';
import { POD_READY_TIMEOUT_MS, settleBound, waitUntil } from '../floor/wait.ts';

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
  if (ds)
    return { kind: 'DaemonSet', name, namespace, selector: selectorString(ds.spec?.selector?.matchLabels), object: ds };
  const dep = await getDeployment(k, name, namespace);
  if (dep)
    return {
      kind: 'Deployment',
      name,
      namespace,
      selector: selectorString(dep.spec?.selector?.matchLabels),
      object: dep,
    };
  const sts = await getStatefulSet(k, name, namespace);
  if (sts)
    return {
      kind: 'StatefulSet',
      name,
      namespace,
      selector: selectorString(sts.spec?.selector?.matchLabels),
      object: sts,
    };
  const pod = await getPod(k, name, namespace);
  if (pod) return { kind: 'Pod', name, namespace, selector: '', object: pod };
  return undefined;
}

/** Says plainly what is missing, with the lab's own explanation when its descriptor has one (known drift). */
export function missingWorkloadMessage(name: string, namespaces: string[], labWords?: string): string {
  const where =
    `nothing named "${name}" in namespace${namespaces.length > 1 ? 's' : ''} ${namespaces.join(', ')} (kubectl ` +
    `get daemonset,deployment,statefulset,pod ${name})`;
  return (
    `The lab text expects the workload ${name}, but there is ${where}. ` +
    `${labWords ?? "Re-run the lab's deploy script."}`
  );
}

/** The kubectl command that lists the workload's pods, as a reader would type it. */
export function podListCommand(w: Workload): string {
  return `kubectl get pods -n ${w.namespace} ${w.kind === 'Pod' ? w.name : `-l ${w.selector}`} -o wide`;
}

export function podIsReady(p: V1Pod): boolean {
  return (
    p.status?.phase === 'Running' && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
  );
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
export async function workloadPods(
  k: KubeClients,
  w: Workload,
  timeoutMs = settleBound(POD_READY_TIMEOUT_MS),
): Promise<V1Pod[]> {
  const outcome = await waitUntil(
    async () =>
      w.kind === 'Pod'
        ? [await getPod(k, w.name, w.namespace)].filter((p): p is V1Pod => p !== undefined)
        : listPods(k, w.namespace, w.selector),
    (pods) => pods.length > 0 && pods.every(podIsReady),
    timeoutMs,
  );
  return outcome.value;
}

/** Pods that have their own address (not hostNetwork), Running. */
export function podNetworkPods(pods: V1Pod[]): PodSummary[] {
  return pods.filter((p) => !p.spec?.hostNetwork && p.status?.phase === 'Running').map(summarisePod);
}
