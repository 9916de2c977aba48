/**
 * Headless Services and the pods behind them: no VIP, no kube-proxy rules, EndpointSlice endpoints that
 * carry a pod's hostname exactly when the pod sets one under the Service, StatefulSet pods named by ordinal.
 */
import type { V1EndpointSlice, V1Pod, V1Service, V1StatefulSet } from '@kubernetes/client-node';
import { finding, objectEvidence, textEvidence, type Finding } from '../floor/finding.ts';
import { podIsReady } from '../workloads/workloads.ts';

const HEADLESS = 'None';

function sliceLook(service: string): string {
  return `\`kubectl get endpointslice -l kubernetes.io/service-name=${service} -o yaml\``;
}

export interface HeadlessShape {
  type: string;
  clusterIP: string;
  ports: string[];
}

/** `clusterIP: None`, type ClusterIP, and the port the lab names. */
export function headlessService(
  name: string,
  svc: V1Service | undefined,
  port: { port: number; protocol: string; name: string },
): Finding<HeadlessShape | null> {
  const expected = { type: 'ClusterIP', clusterIP: HEADLESS, ports: [`${port.name} ${port.port}/${port.protocol}`] };
  const observed = svc
    ? {
        type: svc.spec?.type ?? 'ClusterIP',
        clusterIP: svc.spec?.clusterIP ?? '',
        ports: (svc.spec?.ports ?? []).map((p) => `${p.name ?? ''} ${p.port}/${p.protocol ?? 'TCP'}`),
      }
    : null;
  return finding<HeadlessShape | null>(
    expected,
    observed,
    observed
      ? `The lab shows ${name} as a headless Service (\`clusterIP: None\`, no VIP) on port ` +
          `${port.port}/${port.protocol} named ${port.name}; it has type ${observed.type}, cluster IP ` +
          `${observed.clusterIP || 'none'} and ports ${observed.ports.join(', ') || 'none'}. Check \`kubectl get ` +
          `svc ${name} -o yaml\` against the lab's tools/ manifests.`
      : `The lab shows ${name} as a headless Service; there is no Service ${name}. Apply the lab's tools/ manifests.`,
    svc ? [objectEvidence(`Service ${name}`, svc)] : [],
  );
}

export interface OrdinalPods {
  ready: string;
  pods: string[];
}

/**
 * The StatefulSet has all its replicas Ready, its pods named <name>-0..<name>-(n-1), each hostname its name under
 * serviceName.
 */
export function statefulSetOrdinals(sts: V1StatefulSet, pods: V1Pod[], wanted: number): Finding<OrdinalPods> {
  const name = sts.metadata?.name ?? '';
  const governing = sts.spec?.serviceName ?? '';
  const expected = {
    ready: `${wanted}/${wanted}`,
    pods: Array.from({ length: wanted }, (_, i) => `${name}-${i} hostname ${name}-${i} under ${governing} Ready`),
  };
  const observed = {
    ready: `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 1}`,
    pods: pods
      .map(
        (p) =>
          `${p.metadata?.name} hostname ${p.spec?.hostname ?? '(none)'} under ${p.spec?.subdomain ?? '(none)'} ` +
          `${podIsReady(p) ? 'Ready' : 'not Ready'}`,
      )
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
  };
  const ordinals = expected.pods.map((p) => p.split(' ')[0]).join(', ');
  const selector = Object.entries(sts.spec?.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return finding(
    expected,
    observed,
    `The lab shows StatefulSet ${name} READY ${expected.ready}, its pods named by ordinal (${ordinals}), ` +
      `each with its name as hostname under ${governing}; ` +
      `the cluster shows READY ${observed.ready} and pods ${observed.pods.join('; ') || 'none'}. ` +
      `Check \`kubectl get statefulset ${name}\` and \`kubectl get pods -l ${selector} -o wide\`.`,
    [
      objectEvidence(`StatefulSet ${name}`, {
        spec: { replicas: sts.spec?.replicas, serviceName: governing },
        status: sts.status,
      }),
      textEvidence(`pods of ${name}`, observed.pods.join('\n')),
    ],
  );
}

function endpointsOf(slices: V1EndpointSlice[]) {
  return slices.flatMap((s) => s.endpoints ?? []);
}

/** Each endpoint names its pod's hostname: the pods set one (spec.hostname) under this Service (spec.subdomain). */
export function endpointsCarryHostnames(
  service: string,
  slices: V1EndpointSlice[],
  pods: V1Pod[],
): Finding<Record<string, string>> {
  const expected: Record<string, string> = {};
  for (const p of pods)
    if (p.spec?.hostname && p.spec.subdomain === service) expected[p.metadata?.name ?? ''] = p.spec.hostname;
  // a Service whose pods set no hostname has nothing to carry: that is a finding, not a pass
  if (Object.keys(expected).length === 0) expected['(a pod with spec.hostname under this Service)'] = '(its hostname)';
  const observed: Record<string, string> = {};
  for (const e of endpointsOf(slices))
    observed[e.targetRef?.name ?? `(no targetRef: ${(e.addresses ?? []).join(',')})`] = e.hostname ?? '(no hostname)';
  const seen =
    Object.entries(observed)
      .map(([pod, h]) => `${pod}: ${h}`)
      .join(', ') || 'no endpoints';
  const hostnames = pods.some((p) => p.spec?.hostname && p.spec.subdomain === service)
    ? Object.entries(expected)
        .map(([pod, h]) => `${pod}: ${h}`)
        .join(', ')
    : `none: of the ${pods.length} pod(s) behind it none sets spec.hostname with spec.subdomain ${service}`;
  return finding(
    expected,
    observed,
    `The lab shows every endpoint of ${service} carrying its pod's hostname (${hostnames}) and a targetRef to ` +
      `that pod: this is what per-pod DNS names are made from; the slices show ${seen}. ` +
      `Check ${sliceLook(service)} and the pods' spec.hostname and spec.subdomain.`,
    [objectEvidence(`EndpointSlices of ${service}`, slices)],
  );
}

/** Deployment pods set no hostname: no endpoint of the Service carries one. */
export function noEndpointHostnames(service: string, slices: V1EndpointSlice[]): Finding<string[]> {
  const endpoints = endpointsOf(slices);
  const carrying = endpoints
    .filter((e) => e.hostname)
    .map((e) => `${e.targetRef?.name ?? (e.addresses ?? []).join(',')}: ${e.hostname}`);
  const observed = endpoints.length ? carrying : ['(no endpoint to look at)'];
  const seen =
    endpoints.length === 0
      ? `its EndpointSlices (${slices.length}) list no endpoint, so there is nothing to look at`
      : carrying.length
        ? `these carry one: ${carrying.join(', ')}`
        : 'none carries one';
  return finding(
    [],
    observed,
    `The lab shows the endpoints of ${service} without a hostname field (its pods have no stable identity, so ` +
      `no per-pod DNS names); ${seen}. ` +
      `Check ${sliceLook(service)}.`,
    [objectEvidence(`EndpointSlices of ${service}`, slices)],
  );
}
