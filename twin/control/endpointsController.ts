/**
 * The Endpoints controller, separate from the EndpointSlice controller as in kube-controller-manager: its own pass
 * over the pods it sees, its own last-written result (kept while it is paused), and the legacy Endpoints objects
 * written from that result. When one controller lags or stalls, Endpoints and EndpointSlices disagree, as they
 * do in a real cluster.
 */
import type { KubeObject } from '../api/types.ts';
import { hostnameUnder, serviceSelects, type PlannedPod, type PlannedService, type TwinPlan } from '../plan.ts';

export interface LegacyAddress {
  ip: string;
  ready: boolean;
  pod: PlannedPod;
}

/** "ns/name" of a Service -> the addresses its Endpoints list, as the Endpoints controller wrote them last. */
export type LegacyEndpoints = Map<string, LegacyAddress[]>;

/** What the controller sees of a pod: whether it exists, its address and readiness. */
export interface SeenPod {
  pod: PlannedPod;
  ip?: string;
  exists: boolean;
  ready: boolean;
}

function byAddress(a: LegacyAddress, b: LegacyAddress): number {
  return a.ip.localeCompare(b.ip, 'en', { numeric: true });
}

/** One pass of the Endpoints controller: every Service with a selector gets the addressed pods it selects. */
export function computeLegacyEndpoints(plan: Pick<TwinPlan, 'services'>, pods: SeenPod[]): LegacyEndpoints {
  const out: LegacyEndpoints = new Map();
  // a Service without a selector has Endpoints of its user's making: the controller leaves it alone
  for (const svc of plan.services.filter((s) => Object.keys(s.selector).length > 0)) {
    const addresses = pods
      .filter((p) => p.exists && p.ip && serviceSelects(svc, p.pod))
      .map((p) => ({ ip: p.ip!, ready: p.ready, pod: p.pod }))
      .sort(byAddress);
    out.set(`${svc.namespace}/${svc.name}`, addresses);
  }
  return out;
}

export function endpointsObject(svc: PlannedService, addresses: LegacyAddress[]): KubeObject {
  const address = (e: LegacyAddress) => ({
    ip: e.ip,
    // the controller names a pod's hostname when the pod sets one under this Service
    ...hostnameUnder(svc, e.pod),
    nodeName: e.pod.node,
    targetRef: { kind: 'Pod', namespace: e.pod.namespace, name: e.pod.name, uid: e.pod.uid },
  });
  const ready = addresses.filter((e) => e.ready).map(address);
  const notReady = addresses.filter((e) => !e.ready).map(address);
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: svc.name, namespace: svc.namespace, labels: svc.labels, creationTimestamp: svc.createdAt },
    subsets:
      addresses.length === 0
        ? []
        : [
            {
              ...(ready.length ? { addresses: ready } : {}),
              ...(notReady.length ? { notReadyAddresses: notReady } : {}),
              ports: svc.ports.map((p) => ({
                ...(p.name ? { name: p.name } : {}),
                port: p.targetPort,
                protocol: p.protocol,
              })),
            },
          ],
  };
}
