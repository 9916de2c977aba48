/**
 * What a pod asks of Calico IPAM through annotations, as Calico's CNI plugin reads them: the pod's
 * `cni.projectcalico.org/ipAddrs` (exact addresses) or `cni.projectcalico.org/ipv4pools` (pools by name or
 * CIDR), else its namespace's `ipv4pools`, else nothing (the pools whose nodeSelector matches the node).
 */
import { IpamError } from './errors.ts';
import { ipToInt } from './ipv4.ts';

export const IPV4_POOLS = 'cni.projectcalico.org/ipv4pools';
export const IP_ADDRS = 'cni.projectcalico.org/ipAddrs';

export type PodIpamRequest = { kind: 'static'; ip: string } | { kind: 'auto'; pools?: string[] };

type Annotations = Record<string, string> | undefined;

function jsonList(key: string, value: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    throw new IpamError('invalid-annotation', `failed to parse '${value}' as JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string'))
    throw new IpamError('invalid-annotation', `${key} must be a JSON list of strings, not '${value}'`);
  return parsed;
}

export function podIpamRequest(pod: Annotations, namespace?: Annotations): PodIpamRequest {
  const addrs = pod?.[IP_ADDRS];
  const pools = pod?.[IPV4_POOLS];
  if (addrs !== undefined && pools !== undefined)
    throw new IpamError(
      'invalid-annotation',
      "can't have both annotations: 'ipAddrs' and 'ipv4pools' in use at the same time",
    );
  if (addrs !== undefined) {
    const ips = jsonList(IP_ADDRS, addrs).filter((ip) => !ip.includes(':'));
    if (ips.length !== 1)
      throw new IpamError('invalid-annotation', `${IP_ADDRS} must name exactly one IPv4 address, not '${addrs}'`);
    ipToInt(ips[0]!);
    return { kind: 'static', ip: ips[0]! };
  }
  const named = pools ?? namespace?.[IPV4_POOLS];
  return named === undefined ? { kind: 'auto' } : { kind: 'auto', pools: jsonList(IPV4_POOLS, named) };
}
