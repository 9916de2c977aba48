/**
 * What the twin takes from a Service manifest: everything the API serves back (type, session affinity, IP
 * families, external IPs, ports with their names, protocols, target and node ports), defaulted as the API server
 * defaults it. What the twin cannot build (a kind of Service its kube-proxy writes no rules for) is a one-line
 * error at `twin up`, never a ClusterIP Service served in its place.
 */
import { randomInt } from 'node:crypto';
import { LabgateError } from './shared.ts';

/** The fields of a Service the API server fills in when the manifest leaves them out. */
export interface ServiceSpecFields {
  type: string;
  sessionAffinity: string;
  ipFamilies: string[];
  ipFamilyPolicy: string;
  internalTrafficPolicy: string;
  externalIPs: string[];
  /** status.loadBalancer.ingress: what a load-balancer controller provisioned; the twin has none, so empty */
  loadBalancerIngress: string[];
}

export interface ServicePortSpec {
  name?: string;
  protocol: 'TCP' | 'UDP';
  port: number;
  targetPort: number;
  nodePort?: number;
}

interface ManifestPort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface ServiceManifestSpec {
  type?: string;
  clusterIP?: string;
  selector?: Record<string, string>;
  sessionAffinity?: string;
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  internalTrafficPolicy?: string;
  externalIPs?: string[];
  ports?: ManifestPort[];
}

function refuse(service: string, what: string): never {
  throw new LabgateError(
    `the twin cannot build Service ${service}: ${what}`,
    'the twin builds ClusterIP and headless Services (twin/serviceSpec.ts)',
  );
}

/** The spec fields as served, after the API server's defaults; refuses what the twin's kube-proxy cannot build. */
export function serviceSpecFields(service: string, spec: ServiceManifestSpec): ServiceSpecFields {
  const type = spec.type ?? 'ClusterIP';
  // a LoadBalancer Service is served with its node ports and the address Calico's LoadBalancer IPAM gives it; the
  // twin's kube-proxy writes its ClusterIP rules only (docs/twin.md)
  if (type !== 'ClusterIP' && type !== 'LoadBalancer')
    refuse(service, `type ${type} (its kube-proxy writes no node-port rules)`);
  const sessionAffinity = spec.sessionAffinity ?? 'None';
  if (sessionAffinity !== 'None')
    refuse(service, `sessionAffinity ${sessionAffinity} (its kube-proxy writes no "recent" rules)`);
  const externalIPs = spec.externalIPs ?? [];
  if (externalIPs.length > 0)
    refuse(service, `externalIPs ${externalIPs.join(', ')} (its kube-proxy writes no rules for them)`);
  const ipFamilyPolicy = spec.ipFamilyPolicy ?? 'SingleStack';
  const ipFamilies = spec.ipFamilies ?? ['IPv4'];
  // a single-stack IPv4 cluster: PreferDualStack is kept as written and gets IPv4 alone, as the API server does
  if (ipFamilyPolicy === 'RequireDualStack' || ipFamilies.some((f) => f !== 'IPv4')) {
    refuse(
      service,
      `IP families ${ipFamilies.join(', ')} with policy ${ipFamilyPolicy} (the cluster is single-stack IPv4)`,
    );
  }
  const internalTrafficPolicy = spec.internalTrafficPolicy ?? 'Cluster';
  if (internalTrafficPolicy !== 'Cluster')
    refuse(service, `internalTrafficPolicy ${internalTrafficPolicy} (its kube-proxy balances over every endpoint)`);
  return {
    type,
    sessionAffinity,
    ipFamilies,
    ipFamilyPolicy,
    internalTrafficPolicy,
    externalIPs,
    loadBalancerIngress: [],
  };
}

/** The API server's node-port range (--service-node-port-range). */
const NODE_PORTS = { first: 30000, count: 2768 };

/** The ports as served; a LoadBalancer Service's ports get node ports as the API server allocates them. */
export function servicePorts(
  service: string,
  ports: ManifestPort[] | undefined,
  type = 'ClusterIP',
  pickNodePort: () => number = () => NODE_PORTS.first + randomInt(NODE_PORTS.count),
): ServicePortSpec[] {
  const taken = new Set((ports ?? []).map((p) => p.nodePort).filter((n) => n !== undefined));
  const nodePortOf = (p: ManifestPort): number | undefined => {
    if (type !== 'LoadBalancer') return p.nodePort;
    if (p.nodePort !== undefined) return p.nodePort;
    let n = pickNodePort();
    while (taken.has(n)) n = pickNodePort();
    taken.add(n);
    return n;
  };
  return (ports ?? []).map((p) => {
    const protocol = p.protocol ?? 'TCP';
    if (protocol !== 'TCP' && protocol !== 'UDP') refuse(service, `port ${p.port} has protocol ${protocol}`);
    const targetPort = p.targetPort ?? p.port;
    if (typeof targetPort !== 'number')
      refuse(service, `port ${p.port} names its targetPort "${targetPort}" (the twin needs a number)`);
    // the API server refuses a nodePort on a ClusterIP Service
    if (p.nodePort !== undefined && type === 'ClusterIP')
      refuse(service, `port ${p.port} asks for nodePort ${p.nodePort} on a ClusterIP Service`);
    const nodePort = nodePortOf(p);
    return {
      ...(p.name ? { name: p.name } : {}),
      protocol,
      port: p.port,
      targetPort,
      ...(nodePort !== undefined ? { nodePort } : {}),
    };
  });
}
