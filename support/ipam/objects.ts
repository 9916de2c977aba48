/**
 * The IPAM model from cluster objects given as plain values (what the API returns): the operator's
 * Installation, crd.projectcalico.org/v1 IPPools and BlockAffinities, pods and nodes.
 */
import { z } from 'zod';
import { LabgateError } from '../floor/errors.ts';
import type { BlockAffinity, IpPool, NodeIpam, PodAddress } from './model.ts';

/** Calico's default block size per family when a pool leaves it out. */
export const DEFAULT_BLOCK_SIZE = { ipv4: 26, ipv6: 122 } as const;

/** Node annotations where Calico records the addresses it gave the node's tunnel devices. */
export const TUNNEL_ADDRESS_ANNOTATIONS = [
  'projectcalico.org/IPv4VXLANTunnelAddr',
  'projectcalico.org/IPv6VXLANTunnelAddr',
  'projectcalico.org/IPv4IPIPTunnelAddr',
  'projectcalico.org/IPv4WireguardInterfaceAddr',
  'projectcalico.org/IPv6WireguardInterfaceAddr',
];

const meta = z.object({
  name: z.string().default(''),
  namespace: z.string().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

function read<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success)
    throw new LabgateError(
      `${what} does not have the expected shape: ${z.prettifyError(r.error).split('\n').join(' ')}`,
    );
  return r.data;
}

function defaultBlockSize(cidr: string): number {
  return cidr.includes(':') ? DEFAULT_BLOCK_SIZE.ipv6 : DEFAULT_BLOCK_SIZE.ipv4;
}

const installation = z.object({
  spec: z.object({
    calicoNetwork: z
      .object({
        ipPools: z
          .array(
            z.object({
              name: z.string().optional(),
              cidr: z.string(),
              blockSize: z.number().int().optional(),
              encapsulation: z.string().optional(),
              nodeSelector: z.string().optional(),
              disableBGPExport: z.boolean().optional(),
            }),
          )
          .default([]),
      })
      .default({ ipPools: [] }),
  }),
});

export function poolsFromInstallation(obj: unknown): IpPool[] {
  const inst = read(installation, obj, 'the Calico Installation');
  return inst.spec.calicoNetwork.ipPools.map((p, i) => ({
    name: p.name ?? `installation:${i}`,
    cidr: p.cidr,
    blockSize: p.blockSize ?? defaultBlockSize(p.cidr),
    encapsulation: p.encapsulation,
    disabled: false,
    nodeSelector: p.nodeSelector ?? 'all()',
    allowedUses: ['Workload', 'Tunnel'],
  }));
}

const ipPool = z.object({
  metadata: meta,
  spec: z.object({
    cidr: z.string(),
    blockSize: z.number().int().optional(),
    vxlanMode: z.string().optional(),
    ipipMode: z.string().optional(),
    disabled: z.boolean().optional(),
    nodeSelector: z.string().optional(),
    allowedUses: z.array(z.string()).optional(),
  }),
});

/** crd.projectcalico.org/v1 (or projectcalico.org/v3) IPPools; vxlanMode/ipipMode become the operator's words. */
export function poolsFromIpPools(items: unknown[]): IpPool[] {
  return items.map((item) => {
    const p = read(ipPool, item, 'an IPPool');
    const mode = (m: string | undefined, kind: string) =>
      m === 'Always' ? kind : m === 'CrossSubnet' ? `${kind}CrossSubnet` : undefined;
    return {
      name: p.metadata.name,
      cidr: p.spec.cidr,
      blockSize: p.spec.blockSize ?? defaultBlockSize(p.spec.cidr),
      encapsulation: mode(p.spec.vxlanMode, 'VXLAN') ?? mode(p.spec.ipipMode, 'IPIP') ?? 'None',
      disabled: p.spec.disabled ?? false,
      // Calico's defaults for what the object leaves out
      nodeSelector: p.spec.nodeSelector ?? 'all()',
      allowedUses: p.spec.allowedUses ?? ['Workload', 'Tunnel'],
    };
  });
}

const blockAffinity = z.object({
  metadata: meta,
  spec: z.object({
    node: z.string(),
    cidr: z.string(),
    state: z.string().default(''),
    // the v1 CRD stores it as a string ("false"); YAML written by hand gives a boolean
    deleted: z.union([z.boolean(), z.string()]).optional(),
  }),
});

export function affinitiesFrom(items: unknown[]): BlockAffinity[] {
  return items.map((item) => {
    const a = read(blockAffinity, item, 'a BlockAffinity');
    return {
      name: a.metadata.name,
      node: a.spec.node,
      cidr: a.spec.cidr,
      state: a.spec.state,
      deleted: a.spec.deleted === true || a.spec.deleted === 'true',
    };
  });
}

const pod = z.object({
  metadata: meta,
  spec: z.object({ nodeName: z.string().optional(), hostNetwork: z.boolean().optional() }).default({}),
  status: z
    .object({ podIP: z.string().optional(), podIPs: z.array(z.object({ ip: z.string() })).optional() })
    .default({}),
});

/** Pods that have a node and an address; a pod still Pending without one holds nothing yet. */
export function podAddressesFrom(items: unknown[]): PodAddress[] {
  return items.flatMap((item) => {
    const p = read(pod, item, 'a pod');
    const ips = p.status.podIPs?.map((x) => x.ip) ?? (p.status.podIP ? [p.status.podIP] : []);
    if (!p.spec.nodeName || ips.length === 0) return [];
    return [
      {
        namespace: p.metadata.namespace ?? 'default',
        name: p.metadata.name,
        node: p.spec.nodeName,
        ips,
        hostNetwork: p.spec.hostNetwork ?? false,
      },
    ];
  });
}

const node = z.object({ metadata: meta });

export function nodeIpamFrom(items: unknown[]): NodeIpam[] {
  return items.map((item) => {
    const n = read(node, item, 'a node');
    const annotations = n.metadata.annotations ?? {};
    return {
      name: n.metadata.name,
      tunnelAddresses: TUNNEL_ADDRESS_ANNOTATIONS.map((k) => annotations[k]).filter((v): v is string => Boolean(v)),
    };
  });
}
