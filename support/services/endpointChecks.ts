/** Endpoint checks: a Service's EndpointSlices (and legacy Endpoints) against the pods it selects. */
import type { V1EndpointSlice, V1Endpoints, V1Pod } from '@kubernetes/client-node';
import { readyPodIps, readySliceAddresses, sliceEndpoints, slicePorts } from './endpointSlices.ts';
import { SERVICE_NAME_LABEL } from '../access/kubeQueries.ts';
import { podIsReady } from '../workloads/workloads.ts';
import { finding, objectEvidence, type Finding } from '../floor/finding.ts';

function sliceCommand(service: string): string {
  return `kubectl get endpointslice -l ${SERVICE_NAME_LABEL}=${service} -o yaml`;
}

/** `ports`: a number (TCP) or "53/UDP"-style strings, in any order. */
export function slicesListReadyPods(
  service: string,
  workload: string,
  slices: V1EndpointSlice[],
  pods: V1Pod[],
  ports: number | string[],
): Finding<{ addresses: string[]; ports: string[] }> {
  const port = Array.isArray(ports) ? ports.join(', ') : ports;
  const ready = readyPodIps(pods);
  // no ready pod is a finding of its own: the lab promises endpoints, and "none = none" would pass
  const wantedPorts = (Array.isArray(ports) ? ports.map((p) => p.toUpperCase()) : [`${ports}/TCP`]).sort();
  const expected = { addresses: ready.length ? ready : [`(no ready ${workload} pod)`], ports: wantedPorts };
  const observed = { addresses: readySliceAddresses(slices), ports: slicePorts(slices) };
  return finding(
    expected,
    observed,
    `The lab promises that the EndpointSlices of ${service} list exactly the ready ${workload} pod IPs ` +
      `(${ready.join(', ') || `none: no ${workload} pod is Ready, so there is nothing to list`}) on port ` +
      `${port}; they list ${observed.addresses.join(', ') || 'nothing'} on ` +
      `${observed.ports.join(', ') || 'no port'} (${slices.length} slice(s)). Check \`${sliceCommand(service)}\` ` +
      `and kube-controller-manager.`,
    [
      objectEvidence(`endpointslices of ${service}`, slices),
      objectEvidence(
        `${workload} pods`,
        pods.map((p) => ({
          name: p.metadata?.name,
          ip: p.status?.podIP,
          node: p.spec?.nodeName,
          ready: podIsReady(p),
        })),
      ),
    ],
  );
}

export function sliceRefsPointAtPods(service: string, slices: V1EndpointSlice[], pods: V1Pod[]): Finding<string[]> {
  const byIp = new Map(pods.map((p) => [p.status?.podIP ?? '', p]));
  const endpoints = sliceEndpoints(slices);
  const wrong: string[] = endpoints.length ? [] : ['(the EndpointSlices list no endpoint)'];
  for (const e of endpoints) {
    const pod = byIp.get(e.address);
    if (!pod) {
      wrong.push(`${e.address}: no pod has this IP`);
      continue;
    }
    const podName = pod.metadata?.name;
    if (e.targetRef?.kind !== 'Pod' || e.targetRef?.name !== podName) {
      wrong.push(
        `${e.address}: targetRef ${e.targetRef?.kind ?? 'none'}/${e.targetRef?.name ?? 'none'}, pod is ${podName}`,
      );
    }
    if (e.nodeName !== pod.spec?.nodeName)
      wrong.push(`${e.address}: nodeName ${e.nodeName ?? 'none'}, pod runs on ${pod.spec?.nodeName}`);
  }
  const seen = endpoints.length
    ? `mismatches: ${wrong.join('; ') || 'none'}`
    : `its EndpointSlices (${slices.length}) list no endpoint, so there is nothing to match`;
  return finding(
    [],
    wrong,
    `The lab promises each endpoint of ${service} names its pod (targetRef) and that pod's node (nodeName); ` +
      `${seen}. ` +
      `Check \`${sliceCommand(service)}\` against \`kubectl get pods -o wide\`.`,
    [objectEvidence(`endpoints of ${service}`, sliceEndpoints(slices))],
  );
}

export function legacyEndpointsAgree(
  service: string,
  endpoints: V1Endpoints | undefined,
  slices: V1EndpointSlice[],
): Finding<{ addresses: string[]; ports: string[] }> {
  const subsets = endpoints?.subsets ?? [];
  const observed = {
    addresses: [...new Set(subsets.flatMap((s) => (s.addresses ?? []).map((a) => a.ip)))].sort(),
    ports: [...new Set(subsets.flatMap((s) => (s.ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`)))].sort(),
  };
  const inSlices = readySliceAddresses(slices);
  const addresses = inSlices.length ? inSlices : ['(the EndpointSlices list no ready address)'];
  const expected = { addresses, ports: slicePorts(slices) };
  return finding(
    expected,
    observed,
    inSlices.length === 0
      ? `The lab's notes say the legacy Endpoints of ${service} mirror its EndpointSlices; the slices list no ready ` +
          `address, so there is nothing to compare (Endpoints hold ${observed.addresses.join(', ') || 'none'}). ` +
          `Check \`${sliceCommand(service)}\` and the pods behind ${service}.`
      : endpoints === undefined
        ? `The legacy Endpoints object of ${service} is missing; the lab's notes say it mirrors the ` +
          `EndpointSlices. Check \`kubectl get endpoints ${service}\`.`
        : `The lab's notes say the legacy Endpoints of ${service} hold the same pod IPs and ports as its ` +
          `EndpointSlices (${expected.addresses.join(', ')}); Endpoints hold ` +
          `${observed.addresses.join(', ') || 'none'} on ${observed.ports.join(', ') || 'no port'}. Check ` +
          `\`kubectl get endpoints ${service} -o yaml\`.`,
    [objectEvidence(`endpoints ${service}`, endpoints ?? null)],
  );
}

/** The legacy Endpoints object lists no address as not ready (`NotReadyAddresses: <none>`). */
export function endpointsHaveNoNotReady(service: string, endpoints: V1Endpoints | undefined): Finding<string[]> {
  const notReady = (endpoints?.subsets ?? []).flatMap((s) =>
    (s.notReadyAddresses ?? []).map((a) => `${a.ip}${a.targetRef?.name ? ` (${a.targetRef.name})` : ''}`),
  );
  const ready = (endpoints?.subsets ?? []).flatMap((s) => s.addresses ?? []).length;
  // an Endpoints object with no address at all has nothing not ready, and nothing ready either
  const observed =
    endpoints === undefined
      ? ['(no Endpoints object)']
      : ready === 0
        ? ['(no ready address either)', ...notReady]
        : notReady;
  const seen =
    endpoints === undefined
      ? 'there is no Endpoints object'
      : `it lists ${notReady.join(', ') || 'none'} as not ready and ${ready} ready`;
  return finding(
    [],
    observed,
    `The lab shows the Endpoints of ${service} with no not-ready address ("NotReadyAddresses: <none>") beside ` +
      `its ready ones; ${seen}. ` +
      `Check \`kubectl describe endpoints ${service}\` and the pods behind it.`,
    [objectEvidence(`endpoints of ${service}`, endpoints ?? null)],
  );
}
