/** A Service's EndpointSlices: their endpoints, ready addresses and ports, read once they settle. */
import type { V1EndpointSlice, V1Pod } from '@kubernetes/client-node';
import type { KubeClients } from '../access/kubeClient.ts';
import { listEndpointSlices } from '../access/kubeQueries.ts';
import { ENDPOINTS_SETTLE_TIMEOUT_MS, settleBound, waitUntil } from '../floor/wait.ts';
import { podIsReady } from '../workloads/workloads.ts';

export interface SliceEndpoint {
  slice: string;
  address: string;
  ready: boolean;
  targetRef?: { kind?: string; name?: string };
  nodeName?: string;
}

export function sliceEndpoints(slices: V1EndpointSlice[]): SliceEndpoint[] {
  return slices.flatMap((s) =>
    (s.endpoints ?? []).flatMap((e) =>
      e.addresses.map((address) => ({
        slice: s.metadata?.name ?? '',
        address,
        ready: e.conditions?.ready !== false,
        targetRef: e.targetRef ? { kind: e.targetRef.kind, name: e.targetRef.name } : undefined,
        nodeName: e.nodeName,
      })),
    ),
  );
}

export function readySliceAddresses(slices: V1EndpointSlice[]): string[] {
  return [
    ...new Set(
      sliceEndpoints(slices)
        .filter((e) => e.ready)
        .map((e) => e.address),
    ),
  ].sort();
}

export function slicePorts(slices: V1EndpointSlice[]): string[] {
  return [...new Set(slices.flatMap((s) => (s.ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`)))].sort();
}

export function readyPodIps(pods: V1Pod[]): string[] {
  return pods
    .filter(podIsReady)
    .map((p) => p.status?.podIP ?? '')
    .filter(Boolean)
    .sort();
}

/** The slices once they list exactly the ready pods, or as they are after ENDPOINTS_SETTLE_TIMEOUT_MS. */
export async function settledSlices(
  k: KubeClients,
  service: string,
  namespace: string,
  pods: V1Pod[],
  timeoutMs = settleBound(ENDPOINTS_SETTLE_TIMEOUT_MS),
): Promise<V1EndpointSlice[]> {
  const want = readyPodIps(pods).join(',');
  const outcome = await waitUntil(
    () => listEndpointSlices(k, service, namespace),
    (slices) => readySliceAddresses(slices).join(',') === want,
    timeoutMs,
  );
  return outcome.value;
}
