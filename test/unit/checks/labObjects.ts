/**
 * Lab 11's objects as the API server returns them: its tools/ manifests (read from the course text) with the
 * fields the API server fills in, taken from what the lab text shows (`kubectl get services`).
 */
import type { V1EndpointSlice, V1Pod, V1Service, V1StatefulSet } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { labOutput, labTable, labText } from '../network/labText.ts';

export const HEADLESS_LAB = '11-headless-services';

function manifests(file: string): { kind?: string; metadata?: { name?: string } }[] {
  return parseAllDocuments(labText(HEADLESS_LAB, `tools/${file}`))
    .map((d) => d.toJS())
    .filter(Boolean);
}

/** `kubectl get services` in the lab text: name -> CLUSTER-IP ("None" for a headless Service). */
export function labClusterIps(): Record<string, string> {
  return Object.fromEntries(
    labTable(labOutput(labText(HEADLESS_LAB), 'kubectl get services')).map((r) => [r.NAME!, r['CLUSTER-IP']!]),
  );
}

/** The Service of the lab's tools/ manifests as read back: VIP (or None), single-stack IPv4, no affinity, TCP by default. */
export function labService(name: string): V1Service {
  const doc = [...manifests('01-statefulset-headless.yaml'), ...manifests('02-deployment-services.yaml')].find(
    (d) => d.kind === 'Service' && d.metadata?.name === name,
  ) as V1Service | undefined;
  if (!doc) throw new Error(`lab ${HEADLESS_LAB} has no Service ${name}`);
  const ip = labClusterIps()[name];
  if (!ip) throw new Error(`lab ${HEADLESS_LAB}'s kubectl get services has no row for ${name}`);
  const spec = doc.spec ?? {};
  return {
    ...doc,
    spec: {
      ...spec,
      type: spec.type ?? 'ClusterIP',
      clusterIP: ip,
      clusterIPs: [ip],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      ports: (spec.ports ?? []).map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' })),
    },
  };
}

/** A copy of `svc` with its spec changed: the test's fault. */
export function withSpec(svc: V1Service, spec: Partial<NonNullable<V1Service['spec']>>): V1Service {
  return { ...svc, spec: { ...svc.spec, ...spec } };
}

/** The EndpointSlice the lab text shows for `service` (`kubectl get endpointslice -l ... -o yaml`). */
export function labEndpointSlice(service: string): V1EndpointSlice {
  const yaml = labOutput(
    labText(HEADLESS_LAB),
    `kubectl get endpointslice -l kubernetes.io/service-name=${service} -o yaml`,
  );
  return parseAllDocuments(yaml)[0]!.toJS() as V1EndpointSlice;
}

/**
 * The pods of `kubectl get pods -o wide` in the lab text, Ready as the lab shows them. The StatefulSet's pods
 * carry what its controller sets: hostname = pod name, subdomain = the StatefulSet's serviceName.
 */
export function labPods(prefix: string): V1Pod[] {
  const rows = labTable(labOutput(labText(HEADLESS_LAB), 'kubectl get pods -o wide')).filter((r) =>
    r.NAME!.startsWith(prefix),
  );
  const sts = manifests('01-statefulset-headless.yaml').find((d) => d.kind === 'StatefulSet') as V1StatefulSet;
  return rows.map((r) => {
    const ordinal = r.NAME!.startsWith(`${sts.metadata!.name}-`);
    return {
      metadata: { name: r.NAME!, namespace: 'default', labels: ordinal ? { app: 'redis' } : { app: 'nginx' } },
      spec: {
        nodeName: r.NODE!,
        containers: [{ name: 'c' }],
        ...(ordinal ? { hostname: r.NAME!, subdomain: sts.spec!.serviceName } : {}),
      },
      status: {
        phase: 'Running',
        podIP: r.IP!,
        conditions: [{ type: 'Ready', status: r.READY === '1/1' ? 'True' : 'False' }],
      },
    };
  });
}

/** The lab's StatefulSet as read back: its manifest, with the status `kubectl get statefulset` shows (READY 3/3). */
export function labStatefulSet(): V1StatefulSet {
  const sts = manifests('01-statefulset-headless.yaml').find((d) => d.kind === 'StatefulSet') as V1StatefulSet;
  const ready = labTable(labOutput(labText(HEADLESS_LAB), 'kubectl get statefulset'))[0]!.READY!.split('/')[0];
  return { ...sts, status: { replicas: sts.spec!.replicas!, readyReplicas: Number(ready) } };
}
