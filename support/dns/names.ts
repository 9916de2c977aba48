/**
 * Names and addresses the Kubernetes DNS specification and kubelet derive, computed rather than written
 * in features: a Service's FQDN, a pod's search list, the cluster DNS address kubeadm picks.
 */
import { Address4, Address6 } from 'ip-address';
import { LabgateError } from '../floor/errors.ts';

export function absoluteName(name: string): string {
  const n = name.toLowerCase();
  return n.endsWith('.') ? n : `${n}.`;
}

/** `<service>.<ns>.svc.<domain>.` */
export function serviceFqdn(service: string, namespace: string, domain: string): string {
  return absoluteName(`${service}.${namespace}.svc.${domain.replace(/\.$/, '')}`);
}

/** `<hostname>.<service>.<ns>.svc.<domain>.`: a pod behind a headless Service. */
export function endpointFqdn(hostname: string, service: string, namespace: string, domain: string): string {
  return absoluteName(`${hostname}.${service}.${namespace}.svc.${domain.replace(/\.$/, '')}`);
}

/** `_<port>._<proto>.<service>.<ns>.svc.<domain>.` */
export function srvName(
  portName: string,
  protocol: string,
  service: string,
  namespace: string,
  domain: string,
): string {
  return absoluteName(
    `_${portName}._${protocol.toLowerCase()}.${service}.${namespace}.svc.${domain.replace(/\.$/, '')}`,
  );
}

/** An address with its separators as dashes: 192.168.1.2 -> 192-168-1-2 (pod records, endpoint names). */
export function dashedAddress(ip: string): string {
  if (Address4.isValid(ip) && !ip.includes('/')) return new Address4(ip).correctForm().replace(/\./g, '-');
  if (Address6.isValid(ip) && !ip.includes('/')) return new Address6(ip).correctForm().replace(/:/g, '-');
  throw new LabgateError(`"${ip}" is not an IP address`);
}

/** `<a-b-c-d>.<ns>.pod.<domain>.` */
export function podFqdn(ip: string, namespace: string, domain: string): string {
  return absoluteName(`${dashedAddress(ip)}.${namespace}.pod.${domain.replace(/\.$/, '')}`);
}

/**
 * The search list kubelet writes for a pod with dnsPolicy ClusterFirst: the cluster's three domains, then
 * the node's, duplicates dropped (kubelet's omitDuplicates).
 */
export function podSearchList(namespace: string, domain: string, nodeSearch: string[]): string[] {
  const d = domain.replace(/\.$/, '');
  return [...new Set([`${namespace}.svc.${d}`, `svc.${d}`, d, ...nodeSearch])];
}

/** The tenth address of the Service CIDR: where kubeadm (and so Kind) puts the cluster DNS Service. */
export function clusterDnsAddress(serviceCidr: string): string {
  if (!Address4.isValid(serviceCidr) || !serviceCidr.includes('/'))
    throw new LabgateError(`"${serviceCidr}" is not an IPv4 CIDR`);
  const start = new Address4(serviceCidr).startAddress().bigInt();
  return Address4.fromBigInt(start + 10n).correctForm();
}
