/**
 * The lab's Services as their manifests say (type, affinity, families, external IPs, ports; what the twin cannot
 * build refused), with their VIPs: the manifest's clusterIP, else a free address of the service range.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { KubeObject } from '../api/types.ts';
import { HEADLESS, type PlannedService } from '../plan.ts';
import { servicePorts, serviceSpecFields, type ServiceManifestSpec } from '../serviceSpec.ts';
import { cidrRange, intToIp } from './addresses.ts';

/** The lowest offset the twin picks a VIP at (10.96.0.11 on): the addresses below (kube-dns's) are the manifests'. */
const FIRST_FREE_VIP = 11;

export function planServices(manifests: KubeObject[], serviceSubnet: string, createdAt: string): PlannedService[] {
  const svcRange = cidrRange(serviceSubnet);
  const usedVips = new Set<string>();
  return manifests
    .filter((m) => m.kind === 'Service')
    .map((m) => {
      const spec = (m as unknown as { spec: ServiceManifestSpec }).spec;
      const name = `${m.metadata.namespace ?? 'default'}/${m.metadata.name}`;
      let vip = spec.clusterIP;
      while (vip !== HEADLESS && (!vip || usedVips.has(vip))) {
        vip = intToIp(svcRange.start + randomInt(FIRST_FREE_VIP, svcRange.size - 1));
      }
      usedVips.add(vip);
      return {
        namespace: m.metadata.namespace ?? 'default',
        name: m.metadata.name,
        uid: randomUUID(),
        labels: m.metadata.labels ?? {},
        selector: spec.selector ?? {},
        clusterIP: vip,
        ...serviceSpecFields(name, spec),
        ports: servicePorts(name, spec.ports, spec.type),
        createdAt,
      };
    });
}
