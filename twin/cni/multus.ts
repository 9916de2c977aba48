/**
 * Secondary networks as Multus, the macvlan CNI plugin and whereabouts IPAM give them: a pod whose annotation
 * k8s.v1.cni.cncf.io/networks names NetworkAttachmentDefinitions gets, for each, a real macvlan interface net1,
 * net2, ... on the definition's master of its own node (in the definition's mode), with the lowest address of the
 * whereabouts range not excluded and not held by another pod anywhere in the cluster; the kernel's connected route
 * is its only route (whereabouts' gateway adds none). Pure: the plan and the pod controller call it, the
 * dataplane runs the lines it returns.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../api/types.ts';
import { intToIp, ipToInt } from '../ipam/ipv4.ts';
import { LabgateError } from '../shared.ts';

export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';
export const NAD_KIND = 'NetworkAttachmentDefinition';

/** One secondary interface of a pod, as built. */
export interface PodAttachment {
  /** namespace/name of the NetworkAttachmentDefinition */
  network: string;
  ifname: string;
  type: 'macvlan';
  master: string;
  mode: string;
  ip: string;
  prefix: number;
}

interface NadConfig {
  network: string;
  type: string;
  master: string;
  mode: string;
  /** whereabouts: the first and last address handed out, the prefix, the excluded ranges */
  first: number;
  last: number;
  prefix: number;
  exclude: { start: number; end: number }[];
}

function cidrRange(cidr: string): { start: number; end: number; prefix: number } {
  const [base, bits] = cidr.split('/');
  const prefix = Number(bits ?? 32);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(ipToInt(base!) / size) * size;
  return { start, end: start + size - 1, prefix };
}

/** A definition's config, as the macvlan plugin and whereabouts read it; undefined for another plugin type. */
function nadConfig(nad: KubeObject): NadConfig | undefined {
  const network = `${nad.metadata.namespace ?? 'default'}/${nad.metadata.name}`;
  const raw = (nad as { spec?: { config?: string } }).spec?.config ?? '{}';
  let cfg: {
    type?: string;
    master?: string;
    mode?: string;
    ipam?: { type?: string; range?: string; range_start?: string; range_end?: string; exclude?: string[] };
  };
  try {
    cfg = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (cfg.type !== 'macvlan' || cfg.ipam?.type !== 'whereabouts' || !cfg.ipam.range) return undefined;
  // "10.10.20.100-10.10.20.200/24" or "10.10.20.0/24" (then range_start / range_end)
  const m = /^([\d.]+)-([\d.]+)\/(\d+)$/.exec(cfg.ipam.range);
  const net = cidrRange(m ? `${m[1]}/${m[3]}` : cfg.ipam.range);
  const first = m ? ipToInt(m[1]!) : cfg.ipam.range_start ? ipToInt(cfg.ipam.range_start) : net.start + 1;
  const last = m ? ipToInt(m[2]!) : cfg.ipam.range_end ? ipToInt(cfg.ipam.range_end) : net.end - 1;
  return {
    network,
    type: cfg.type,
    master: cfg.master ?? 'eth0',
    mode: cfg.mode ?? 'bridge',
    first,
    last,
    prefix: net.prefix,
    exclude: (cfg.ipam.exclude ?? []).map(cidrRange),
  };
}

/** The definitions a pod's annotation names ("a, b", "ns/a", "a@net2" or the JSON list form), in order. */
export function requestedNetworks(annotations: Record<string, string> | undefined, namespace: string): string[] {
  const raw = annotations?.[NETWORKS_ANNOTATION]?.trim();
  if (!raw) return [];
  if (raw.startsWith('[')) {
    const list = JSON.parse(raw) as { name: string; namespace?: string }[];
    return list.map((n) => `${n.namespace ?? namespace}/${n.name}`);
  }
  return raw
    .split(',')
    .map((s) => s.trim().split('@')[0]!)
    .filter(Boolean)
    .map((s) => (s.includes('/') ? s : `${namespace}/${s}`));
}

/** whereabouts' allocation: each pod's addresses, unique across the cluster, the lowest free one first. */
export class Whereabouts {
  private readonly used = new Set<number>();

  constructor(
    private readonly nads: KubeObject[],
    held: PodAttachment[] = [],
  ) {
    for (const a of held) this.used.add(ipToInt(a.ip));
  }

  /**
   * The attachments of a pod whose annotation names definitions; throws (as Multus fails the sandbox) when one
   * is missing or its range is exhausted.
   */
  attach(pod: { namespace: string; name: string; annotations?: Record<string, string> }): PodAttachment[] {
    return requestedNetworks(pod.annotations, pod.namespace).map((network, i) => {
      const nad = this.nads.find(
        (n) => n.kind === NAD_KIND && `${n.metadata.namespace ?? 'default'}/${n.metadata.name}` === network,
      );
      if (!nad) {
        throw new LabgateError(
          `Multus: cannot find a network-attachment-definition (${network.split('/')[1]}) in namespace ` +
            `(${network.split('/')[0]}): network-attachment-definitions.k8s.cni.cncf.io ` +
            `"${network.split('/')[1]}" not found`,
        );
      }
      const cfg = nadConfig(nad);
      if (!cfg) throw new LabgateError(`the twin attaches only macvlan with whereabouts IPAM (${network})`);
      let ip = cfg.first;
      while (ip <= cfg.last && (this.used.has(ip) || cfg.exclude.some((x) => ip >= x.start && ip <= x.end))) ip++;
      if (ip > cfg.last) throw new LabgateError(`whereabouts: could not allocate IP in range for ${network}`);
      this.used.add(ip);
      return {
        network,
        ifname: `net${i + 1}`,
        type: 'macvlan' as const,
        master: cfg.master,
        mode: cfg.mode,
        ip: intToIp(ip),
        prefix: cfg.prefix,
      };
    });
  }
}

/** The shell lines (run in the pod's node) that build a pod's secondary interfaces inside its namespace. */
export function attachmentScript(netns: string, podKey: string, attachments: PodAttachment[]): string[] {
  return attachments.flatMap((a) => {
    // the plugin creates the link in the node under a temporary name, moves it and renames it in the pod
    const tmp = `mv${createHash('sha1').update(`${podKey}/${a.ifname}`).digest('hex').slice(0, 11)}`;
    return [
      `ip link add link ${a.master} name ${tmp} type macvlan mode ${a.mode}`,
      `ip link set ${tmp} netns ${netns}`,
      `ip -n ${netns} link set ${tmp} name ${a.ifname}`,
      `ip -n ${netns} addr add ${a.ip}/${a.prefix} dev ${a.ifname}`,
      `ip -n ${netns} link set ${a.ifname} up`,
    ];
  });
}
