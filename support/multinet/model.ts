/**
 * Secondary networks as Multus gives them: a NetworkAttachmentDefinition's CNI config (the plugin, its master
 * interface and mode, whereabouts' range, exclusions and gateway) and the addresses it can hand out. Pure.
 */
import { Address4 } from 'ip-address';
import { LabgateError } from '../floor/errors.ts';

export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';

export interface Attachment {
  /** namespace/name of the definition */
  network: string;
  type: string;
  master?: string;
  mode?: string;
  ipam: {
    type?: string;
    /** as written: `10.10.20.100-10.10.20.200/24` or a CIDR */
    range?: string;
    first?: string;
    last?: string;
    prefix?: number;
    /** the subnet of the range, as a CIDR */
    subnet?: string;
    exclude: string[];
    gateway?: string;
  };
}

function toInt(ip: string): number {
  return Number(new Address4(ip).bigInt());
}

function toIp(n: number): string {
  return Address4.fromBigInt(BigInt(n)).correctForm();
}

function subnetOf(ip: string, prefix: number): string {
  const size = 2 ** (32 - prefix);
  return `${toIp(Math.floor(toInt(ip) / size) * size)}/${prefix}`;
}

/** The definition's spec.config read as the macvlan plugin and whereabouts read it. */
export function parseAttachment(network: string, config: string): Attachment {
  let cfg: {
    type?: string;
    master?: string;
    mode?: string;
    ipam?: {
      type?: string;
      range?: string;
      range_start?: string;
      range_end?: string;
      exclude?: string[];
      gateway?: string;
    };
  };
  try {
    cfg = JSON.parse(config);
  } catch (err) {
    throw new LabgateError(
      `the NetworkAttachmentDefinition ${network} has a spec.config that is not JSON (${(err as Error).message})`,
      `kubectl get network-attachment-definitions -n ${network.split('/')[0]} ${network.split('/')[1]} -o yaml`,
    );
  }
  const ipam = cfg.ipam ?? {};
  const m = ipam.range ? /^([\d.]+)-([\d.]+)\/(\d+)$/.exec(ipam.range) : null;
  const cidr = ipam.range && !m ? /^([\d.]+)\/(\d+)$/.exec(ipam.range) : null;
  const prefix = m ? Number(m[3]) : cidr ? Number(cidr[2]) : undefined;
  const base = m ? m[1]! : cidr ? cidr[1]! : undefined;
  const subnet = base !== undefined && prefix !== undefined ? subnetOf(base, prefix) : undefined;
  const first = m ? m[1] : (ipam.range_start ?? (subnet ? toIp(toInt(subnet.split('/')[0]!) + 1) : undefined));
  const last = m
    ? m[2]
    : (ipam.range_end ??
      (subnet && prefix !== undefined ? toIp(toInt(subnet.split('/')[0]!) + 2 ** (32 - prefix) - 2) : undefined));
  return {
    network,
    type: cfg.type ?? '',
    ...(cfg.master ? { master: cfg.master } : {}),
    ...(cfg.mode ? { mode: cfg.mode } : {}),
    ipam: {
      ...(ipam.type ? { type: ipam.type } : {}),
      ...(ipam.range ? { range: ipam.range } : {}),
      ...(first ? { first } : {}),
      ...(last ? { last } : {}),
      ...(prefix !== undefined ? { prefix } : {}),
      ...(subnet ? { subnet } : {}),
      exclude: ipam.exclude ?? [],
      ...(ipam.gateway ? { gateway: ipam.gateway } : {}),
    },
  };
}

/** Whether whereabouts may hand `ip` out: inside the range, not excluded. */
export function inRange(a: Attachment, ip: string): boolean {
  if (!a.ipam.first || !a.ipam.last || !Address4.isValid(ip)) return false;
  const n = toInt(ip);
  if (n < toInt(a.ipam.first) || n > toInt(a.ipam.last)) return false;
  return !a.ipam.exclude.some((x) => new Address4(ip).isInSubnet(new Address4(x.includes('/') ? x : `${x}/32`)));
}

/** Whether `ip` is on the definition's subnet (the gateway, the ToR's SVI, another pod's net1). */
export function onSubnet(a: Attachment, ip: string): boolean {
  return Boolean(a.ipam.subnet && Address4.isValid(ip) && new Address4(ip).isInSubnet(new Address4(a.ipam.subnet)));
}

/** The definitions a pod's annotation names, as namespace/name, in order ("a, b", "ns/a", "a@if", JSON list). */
export function requestedNetworks(annotations: Record<string, string> | undefined, namespace: string): string[] {
  const raw = annotations?.[NETWORKS_ANNOTATION]?.trim();
  if (!raw) return [];
  if (raw.startsWith('[')) {
    try {
      return (JSON.parse(raw) as { name: string; namespace?: string }[]).map(
        (n) => `${n.namespace ?? namespace}/${n.name}`,
      );
    } catch {
      return [];
    }
  }
  return raw
    .split(',')
    .map((s) => s.trim().split('@')[0]!)
    .filter(Boolean)
    .map((s) => (s.includes('/') ? s : `${namespace}/${s}`));
}
