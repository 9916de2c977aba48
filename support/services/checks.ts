/** Service checks: type, VIP, ports and exposure, address families and session affinity of the Service object. */
import type { V1Service } from '@kubernetes/client-node';
import { finding, objectEvidence, type Finding } from '../floor/finding.ts';
import { cidrContains, isIPv4 } from '../floor/address.ts';

export function singleIPv4ClusterIP(
  name: string,
  svc: V1Service,
): Finding<{ clusterIPs: number; ipv4: boolean; ipFamilies: string[] }> {
  const ips = svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : []);
  const observed = {
    clusterIPs: ips.length,
    ipv4: ips.length > 0 && ips.every(isIPv4),
    ipFamilies: svc.spec?.ipFamilies ?? [],
  };
  return finding(
    { clusterIPs: 1, ipv4: true, ipFamilies: ['IPv4'] },
    observed,
    `In a single-stack cluster ${name} has one IPv4 VIP; spec.clusterIPs is ${JSON.stringify(ips)}, ipFamilies ` +
      `${JSON.stringify(observed.ipFamilies)}. Check \`kubectl get svc ${name} -o yaml\` (ipFamilyPolicy).`,
    [objectEvidence(`service ${name} spec`, svc.spec ?? null)],
  );
}

export function sessionAffinityNone(name: string, svc: V1Service): Finding<string> {
  return finding(
    'None',
    svc.spec?.sessionAffinity ?? 'None',
    `The lab's ${name} does not pin clients: ${name} should have sessionAffinity None; it has ` +
      `${svc.spec?.sessionAffinity}. Check \`kubectl get svc ${name} -o yaml\`.`,
    [objectEvidence(`service ${name} spec`, svc.spec ?? null)],
  );
}

export interface ServiceShape {
  type: string;
  clusterIPInside: boolean;
  ports: string[]; // "name port/PROTOCOL"
  externalIPs: string[];
}

export function serviceShape(_name: string, svc: V1Service | undefined, serviceCidr: string): ServiceShape {
  return {
    type: svc?.spec?.type ?? (svc ? 'ClusterIP' : 'missing'),
    clusterIPInside: cidrContains(serviceCidr, svc?.spec?.clusterIP ?? ''),
    ports: (svc?.spec?.ports ?? []).map((p) => `${p.name ?? ''} ${p.port}/${p.protocol ?? 'TCP'}`),
    externalIPs: [
      ...(svc?.spec?.externalIPs ?? []),
      ...(svc?.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? ''),
    ],
  };
}

export function serviceTypeAndVip(
  name: string,
  svc: V1Service | undefined,
  serviceCidr: string,
): Finding<{ type: string; clusterIPInside: boolean }> {
  const shape = serviceShape(name, svc, serviceCidr);
  return finding(
    { type: 'ClusterIP', clusterIPInside: true },
    { type: shape.type, clusterIPInside: shape.clusterIPInside },
    svc === undefined
      ? `The lab's Service ${name} does not exist. Check \`kubectl get svc -A\` and re-apply the lab's manifests.`
      : `The lab promises ${name} as type ClusterIP with a VIP inside the service CIDR ${serviceCidr}; it is ` +
          `${shape.type} with VIP ${svc.spec?.clusterIP ?? 'none'}. Check \`kubectl get svc ${name} -o yaml\` and ` +
          `the cluster's serviceSubnet.`,
    [objectEvidence(`service ${name}`, svc ?? null)],
  );
}

export interface ExpectedPort {
  port: number;
  protocol: string;
  portName: string;
}

/** The Service has exactly these ports (name, number, protocol), in any order, and no external address. */
export function servicePortsAndExposure(
  name: string,
  svc: V1Service | undefined,
  expected: ExpectedPort | ExpectedPort[],
): Finding<{ ports: string[]; externalIPs: string[] }> {
  const shape = serviceShape(name, svc, '0.0.0.0/0');
  const wanted = (Array.isArray(expected) ? expected : [expected]).map(
    (p) => `${p.portName} ${p.port}/${p.protocol.toUpperCase()}`,
  );
  const named = wanted
    .map((w) => {
      const [n, p] = w.split(' ');
      return `${p} named ${n}`;
    })
    .join(', ');
  return finding(
    { ports: [...wanted].sort(), externalIPs: [] },
    { ports: [...shape.ports].sort(), externalIPs: shape.externalIPs },
    `The lab shows ${name} with port${wanted.length > 1 ? 's' : ''} ${named} and no external IP ("<none>"); ` +
      `it has ports ${shape.ports.join(', ') || 'none'} and external ${shape.externalIPs.join(', ') || 'none'}. ` +
      `Check \`kubectl get svc ${name} -o yaml\`.`,
    [objectEvidence(`service ${name} ports`, svc?.spec?.ports ?? null)],
  );
}

/** The Service is a ClusterIP Service at exactly `address` (the cluster DNS at the tenth address of the CIDR). */
export function serviceAtAddress(
  name: string,
  svc: V1Service | undefined,
  address: string,
  why: string,
): Finding<{ type: string; clusterIP: string }> {
  const type = svc?.spec?.type ?? (svc ? 'ClusterIP' : 'missing');
  return finding(
    { type: 'ClusterIP', clusterIP: address },
    { type, clusterIP: svc?.spec?.clusterIP ?? 'none' },
    `The lab promises ${name} as a ClusterIP Service at ${address} (${why}); it is ${type} at ` +
      `${svc?.spec?.clusterIP ?? 'no address'}. Check \`kubectl get svc ${name} -o wide\` and the cluster's ` +
      `serviceSubnet.`,
    [objectEvidence(`service ${name}`, svc ?? null)],
  );
}
