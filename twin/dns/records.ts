/**
 * The records the Kubernetes DNS specification (kubernetes/dns docs/specification.md, schema 1.1.0 as
 * CoreDNS serves it) asks for, from the twin's Services, endpoints and pods:
 *  - ClusterIP Service: A `<svc>.<ns>.svc.<zone>`, SRV `_<port>._<proto>.<svc>...` per named port, PTR;
 *  - headless Service: one A per ready endpoint, A `<hostname>.<svc>...` per ready endpoint (the hostname,
 *    or the address with dashes as CoreDNS names endpoints without one), SRV per endpoint and named port,
 *    PTR to the endpoint's name; no ready endpoint, no record (NXDOMAIN);
 *  - pod A `<a-b-c-d>.<ns>.pod.<zone>` for pods that exist (CoreDNS's `pods verified`);
 *  - the zone's SOA and NS (`ns.dns.<zone>` -> the kube-dns ClusterIP) and TXT `dns-version.<zone>`.
 */
import { Address4, Address6 } from 'ip-address';
import {
  LabgateError,
  absoluteName,
  dashedAddress,
  endpointFqdn,
  isDns1123Label,
  isDns1123Subdomain,
  podFqdn,
  serviceFqdn,
  srvName,
} from '../shared.ts';
import type { DnsRecords, DnsService } from './types.ts';

export interface ResourceRecord {
  name: string;
  ttl: number;
  type: 'A' | 'AAAA' | 'SRV' | 'PTR' | 'SOA' | 'NS' | 'TXT';
  data: string;
}

/** CoreDNS's kubernetes plugin reports this schema version, with this TTL. */
export const DNS_SCHEMA_VERSION = '1.1.0';
const SCHEMA_TTL = 28800;
const IANA_SVC_NAME = /^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/;

function bad(message: string): never {
  throw new LabgateError(`twin DNS: ${message}`);
}

export function isIp(ip: string): boolean {
  return !ip.includes('/') && (Address4.isValid(ip) || Address6.isValid(ip));
}

function addressType(ip: string): 'A' | 'AAAA' {
  return Address4.isValid(ip) ? 'A' : 'AAAA';
}

/** `d.c.b.a.in-addr.arpa.` (or the ip6.arpa nibble form) */
export function reverseName(ip: string): string {
  return Address4.isValid(ip) ? new Address4(ip).reverseForm() : new Address6(ip).reverseForm();
}

export function isHeadless(s: DnsService): boolean {
  return s.clusterIP === null || s.clusterIP === 'None';
}

function validate(input: DnsRecords): void {
  if (!isDns1123Subdomain(input.domain.replace(/\.$/, ''))) bad(`cluster domain "${input.domain}" is not a DNS name`);
  if (!Number.isInteger(input.ttl) || input.ttl < 0 || input.ttl > 3600)
    bad(`TTL ${input.ttl} is not 0-3600 seconds (CoreDNS's range)`);
  for (const s of input.services) {
    const label = `${s.namespace}/${s.name}`;
    if (!isDns1123Label(s.namespace) || !isDns1123Label(s.name))
      bad(`Service "${label}" has a name that is not a DNS-1123 label`);
    if (!isHeadless(s) && !isIp(s.clusterIP!)) bad(`Service ${label} has cluster IP "${s.clusterIP}"`);
    for (const p of s.ports) {
      if (p.name !== undefined && p.name !== '' && !IANA_SVC_NAME.test(p.name))
        bad(`Service ${label} has port name "${p.name}"`);
      if (!['TCP', 'UDP', 'SCTP'].includes(p.protocol)) bad(`Service ${label} has protocol "${p.protocol}"`);
      if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) bad(`Service ${label} has port ${p.port}`);
    }
    for (const e of s.endpoints) {
      if (!isIp(e.ip)) bad(`Service ${label} has endpoint address "${e.ip}"`);
      if (e.hostname !== undefined && !isDns1123Label(e.hostname))
        bad(`Service ${label} has endpoint hostname "${e.hostname}"`);
    }
  }
  for (const p of input.pods) {
    if (!isDns1123Label(p.namespace)) bad(`pod namespace "${p.namespace}" is not a DNS-1123 label`);
    if (!isIp(p.ip)) bad(`pod address "${p.ip}" in ${p.namespace} is not an IP address`);
  }
}

/** CoreDNS gives the n SRV records of one priority the weight floor(100/n) each. */
export function srvWeight(n: number): number {
  return Math.max(1, Math.floor((100 / (100 * n)) * 100));
}

function serviceRecords(s: DnsService, domain: string, ttl: number): ResourceRecord[] {
  const fqdn = serviceFqdn(s.name, s.namespace, domain);
  const named = s.ports.filter((p) => p.name);
  if (!isHeadless(s)) {
    const ip = s.clusterIP!;
    return [
      { name: fqdn, ttl, type: addressType(ip), data: ip },
      ...named.map(
        (p): ResourceRecord => ({
          name: srvName(p.name!, p.protocol, s.name, s.namespace, domain),
          ttl,
          type: 'SRV',
          data: `0 ${srvWeight(1)} ${p.port} ${fqdn}`,
        }),
      ),
      { name: reverseName(ip), ttl, type: 'PTR', data: fqdn },
    ];
  }
  const ready = s.endpoints.filter((e) => e.ready);
  const out: ResourceRecord[] = [];
  for (const e of ready) {
    const own = endpointFqdn(e.hostname ?? dashedAddress(e.ip), s.name, s.namespace, domain);
    out.push({ name: fqdn, ttl, type: addressType(e.ip), data: e.ip });
    out.push({ name: own, ttl, type: addressType(e.ip), data: e.ip });
    out.push({ name: reverseName(e.ip), ttl, type: 'PTR', data: own });
    for (const p of named) {
      out.push({
        name: srvName(p.name!, p.protocol, s.name, s.namespace, domain),
        ttl,
        type: 'SRV',
        data: `0 ${srvWeight(ready.length)} ${p.port} ${own}`,
      });
    }
  }
  return out;
}

export function clusterRecords(input: DnsRecords): ResourceRecord[] {
  validate(input);
  const zone = absoluteName(input.domain);
  const ttl = input.ttl;
  const ns = `ns.dns.${zone}`;
  const kubeDns = input.services.find((s) => s.namespace === 'kube-system' && s.name === 'kube-dns' && !isHeadless(s));
  const records: ResourceRecord[] = [
    { name: zone, ttl, type: 'SOA', data: `${ns} hostmaster.${zone} 1 7200 1800 86400 ${ttl}` },
    { name: `dns-version.${zone}`, ttl: SCHEMA_TTL, type: 'TXT', data: `"${DNS_SCHEMA_VERSION}"` },
    ...(kubeDns
      ? [
          { name: zone, ttl, type: 'NS' as const, data: ns },
          { name: ns, ttl, type: addressType(kubeDns.clusterIP!), data: kubeDns.clusterIP! },
        ]
      : []),
    ...input.services.flatMap((s) => serviceRecords(s, zone, ttl)),
    ...input.pods.map(
      (p): ResourceRecord => ({ name: podFqdn(p.ip, p.namespace, zone), ttl, type: addressType(p.ip), data: p.ip }),
    ),
  ];
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = `${r.name} ${r.type} ${r.data}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
