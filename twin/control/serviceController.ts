/**
 * Services created through the API made real, as the API server and kube-proxy make them: a ClusterIP drawn from
 * the service range (one no other Service holds) when the manifest gives none, then planned like the lab's own
 * Services, so kube-proxy's rules, the EndpointSlices and the cluster DNS follow them until they are deleted.
 */
import type { KubeObject } from '../api/types.ts';
import { invalid } from '../api/status.ts';
import { HEADLESS, type PlannedService, type TwinPlan } from '../plan.ts';
import { planServices } from '../planning/services.ts';

const DRAWS = 50;

/** The created Service with its ClusterIP (and clusterIPs) filled in, refused like the lab's own when unbuildable. */
export function admitService(o: KubeObject, plan: Pick<TwinPlan, 'services' | 'serviceCidr'>): KubeObject {
  const taken = new Set(plan.services.map((s) => s.clusterIP).filter((ip) => ip !== HEADLESS));
  for (let i = 0; i < DRAWS; i++) {
    const vip = plannedService(o, plan).clusterIP;
    if (vip === HEADLESS || !taken.has(vip)) {
      const spec = (o.spec ?? {}) as Record<string, unknown>;
      return { ...o, spec: { ...spec, clusterIP: vip, clusterIPs: [vip] } };
    }
    if ((o.spec as { clusterIP?: string } | undefined)?.clusterIP) break;
  }
  throw invalid('Service', o.metadata.name, [
    {
      field: 'spec.clusterIP',
      message: 'Invalid value: provided IP is already allocated',
      reason: 'FieldValueInvalid',
    },
  ]);
}

/** A created Service as the plan holds the lab's own. */
export function plannedService(o: KubeObject, plan: Pick<TwinPlan, 'serviceCidr'>): PlannedService {
  const [svc] = planServices([o], plan.serviceCidr, String(o.metadata.creationTimestamp ?? ''));
  return { ...svc!, uid: String(o.metadata.uid ?? svc!.uid) };
}
