/** The lab's notes on dual-stack and affinity, read from the Service object. */
import type { V1Service } from '@kubernetes/client-node';
import { finding, objectEvidence, type Finding } from '../report/evidence.ts';
import { isIPv4 } from './cidr.ts';

export function singleIPv4ClusterIP(name: string, svc: V1Service): Finding<{ clusterIPs: number; ipv4: boolean; ipFamilies: string[] }> {
  const ips = svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : []);
  const observed = { clusterIPs: ips.length, ipv4: ips.length > 0 && ips.every(isIPv4), ipFamilies: svc.spec?.ipFamilies ?? [] };
  return finding(
    { clusterIPs: 1, ipv4: true, ipFamilies: ['IPv4'] },
    observed,
    `In a single-stack cluster ${name} has one IPv4 VIP; spec.clusterIPs is ${JSON.stringify(ips)}, ipFamilies ${JSON.stringify(observed.ipFamilies)}. Check \`kubectl get svc ${name} -o yaml\` (ipFamilyPolicy).`,
    [objectEvidence(`service ${name} spec`, svc.spec ?? null)],
  );
}

export function sessionAffinityNone(name: string, svc: V1Service): Finding<string> {
  return finding(
    'None',
    svc.spec?.sessionAffinity ?? 'None',
    `The lab's ${name} does not pin clients: ${name} should have sessionAffinity None; it has ${svc.spec?.sessionAffinity}. Check \`kubectl get svc ${name} -o yaml\`.`,
    [objectEvidence(`service ${name} spec`, svc.spec ?? null)],
  );
}
