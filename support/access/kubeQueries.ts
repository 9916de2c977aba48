/** Read-only queries the features need; every call is a GET. */
import type {
  V1ConfigMap,
  V1DaemonSet,
  V1Deployment,
  V1EndpointSlice,
  V1Endpoints,
  V1Node,
  V1Pod,
  V1Service,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { apiStatus, type KubeClients } from './kubeClient.ts';
import { assertDns1123 } from '../floor/names.ts';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export async function listNodes(k: KubeClients): Promise<V1Node[]> {
  const list = await k.core.listNode();
  return [...list.items].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
}

export async function listPods(k: KubeClients, namespace: string, labelSelector?: string): Promise<V1Pod[]> {
  assertDns1123(namespace, 'namespace');
  const list = await k.core.listNamespacedPod({ namespace, labelSelector });
  return [...list.items].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
}

export async function getService(k: KubeClients, name: string, namespace: string): Promise<V1Service | undefined> {
  assertDns1123(name, 'Service name');
  return orUndefinedOn404(() => k.core.readNamespacedService({ name, namespace }));
}

export async function getEndpoints(k: KubeClients, name: string, namespace: string): Promise<V1Endpoints | undefined> {
  assertDns1123(name, 'Service name');
  return orUndefinedOn404(() => k.core.readNamespacedEndpoints({ name, namespace }));
}

export async function listEndpointSlices(
  k: KubeClients,
  serviceName: string,
  namespace: string,
): Promise<V1EndpointSlice[]> {
  assertDns1123(serviceName, 'Service name');
  const list = await k.discovery.listNamespacedEndpointSlice({
    namespace,
    labelSelector: `${SERVICE_NAME_LABEL}=${serviceName}`,
  });
  return [...list.items].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
}

export async function getDaemonSet(k: KubeClients, name: string, namespace: string): Promise<V1DaemonSet | undefined> {
  assertDns1123(name, 'DaemonSet name');
  return orUndefinedOn404(() => k.apps.readNamespacedDaemonSet({ name, namespace }));
}

export async function getDeployment(
  k: KubeClients,
  name: string,
  namespace: string,
): Promise<V1Deployment | undefined> {
  assertDns1123(name, 'Deployment name');
  return orUndefinedOn404(() => k.apps.readNamespacedDeployment({ name, namespace }));
}

export async function getStatefulSet(
  k: KubeClients,
  name: string,
  namespace: string,
): Promise<V1StatefulSet | undefined> {
  assertDns1123(name, 'StatefulSet name');
  return orUndefinedOn404(() => k.apps.readNamespacedStatefulSet({ name, namespace }));
}

export async function getConfigMap(k: KubeClients, name: string, namespace: string): Promise<V1ConfigMap | undefined> {
  assertDns1123(name, 'ConfigMap name');
  return orUndefinedOn404(() => k.core.readNamespacedConfigMap({ name, namespace }));
}

export async function getPod(k: KubeClients, name: string, namespace: string): Promise<V1Pod | undefined> {
  assertDns1123(name, 'pod name');
  return orUndefinedOn404(() => k.core.readNamespacedPod({ name, namespace }));
}

export type CustomObject = { metadata?: { name?: string }; spec?: unknown; status?: unknown; [k: string]: unknown };

/** A cluster-scoped object of operator.tigera.io/v1 (TigeraStatus, Installation). */
export async function getTigeraObject(
  k: KubeClients,
  plural: 'tigerastatuses' | 'installations',
  name: string,
): Promise<CustomObject | undefined> {
  assertDns1123(name, 'object name');
  return orUndefinedOn404(
    async () =>
      (await k.custom.getClusterCustomObject({
        group: 'operator.tigera.io',
        version: 'v1',
        plural,
        name,
      })) as CustomObject,
  );
}

async function orUndefinedOn404<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (apiStatus(err) === 404) return undefined;
    throw err;
  }
}

export function nameOf(o: { metadata?: { name?: string } }): string {
  return o.metadata?.name ?? '';
}

/** A label selector string from matchLabels (the lab's workloads use matchLabels only). */
export function selectorString(matchLabels: Record<string, string> | undefined): string {
  return Object.entries(matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** A container's log (GET .../pods/{name}/log), the last `tailLines` lines when given. */
export async function podLog(
  k: KubeClients,
  name: string,
  namespace: string,
  container: string,
  tailLines?: number,
): Promise<string> {
  assertDns1123(name, 'pod name');
  assertDns1123(namespace, 'namespace');
  assertDns1123(container, 'container name');
  const text = await k.core.readNamespacedPodLog({
    name,
    namespace,
    container,
    ...(tailLines !== undefined ? { tailLines } : {}),
  });
  return typeof text === 'string' ? text : String(text ?? '');
}
