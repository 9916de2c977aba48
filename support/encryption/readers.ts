/**
 * What lab 13's checks read: the nodes with their addresses and Calico blocks (the API), a pod's node, the
 * FelixConfiguration as YAML, and on a node (docker exec, as the lab does): its WireGuard device as `wg` and `ip`
 * see it, `wg show`, `ip rule`, `ip route show table N`, and a bounded capture on one of its interfaces.
 */
import { stringify } from 'yaml';
import type { KubeClients } from '../access/kubeClient.ts';
import { runOnNode } from '../access/nodeRunner.ts';
import type { CommandResult } from '../floor/command.ts';
import { LabgateError } from '../floor/errors.ts';
import { commandEvidence, type Evidence } from '../floor/finding.ts';
import { parseHexCapture, type CapturedPacket } from './capture.ts';
import type { ClusterNode, NodeDevice } from './checks.ts';
import { parseWgShow, type WgInterface } from './wgShow.ts';

const CALICO = { group: 'crd.projectcalico.org', version: 'v1' } as const;
/** at most this many packets in one capture, whatever its duration */
export const CAPTURE_MAX_PACKETS = 2000;

export interface Read<T> {
  value: T;
  evidence: Evidence[];
}

/** Every node with its InternalIP and the blocks affine to it (BlockAffinities not being deleted). */
export async function clusterNodes(k: KubeClients): Promise<ClusterNode[]> {
  const nodes = (await k.core.listNode()).items;
  const affinities =
    (
      (await k.custom.listClusterCustomObject({ ...CALICO, plural: 'blockaffinities' })) as {
        items?: { spec?: { node?: string; cidr?: string; deleted?: string | boolean } }[];
      }
    ).items ?? [];
  return nodes.map((n) => ({
    name: n.metadata?.name ?? '',
    address: n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '',
    blocks: affinities
      .filter((a) => a.spec?.node === n.metadata?.name && String(a.spec?.deleted ?? 'false') !== 'true')
      .map((a) => a.spec?.cidr ?? '')
      .filter(Boolean)
      .sort(),
  }));
}

export async function podNode(k: KubeClients, namespace: string, name: string): Promise<string> {
  const pod = await k.core.readNamespacedPod({ name, namespace });
  const node = pod.spec?.nodeName;
  if (!node) throw new LabgateError(`pod ${namespace}/${name} is on no node yet`);
  return node;
}

/** `kubectl get felixconfiguration <name> -o yaml` */
export async function felixConfigurationYaml(k: KubeClients, name: string): Promise<string> {
  const o = await k.custom.getClusterCustomObject({ ...CALICO, plural: 'felixconfigurations', name });
  return stringify(o);
}

function mustRun(r: CommandResult, what: string): string {
  if (r.exitCode !== 0) {
    const why = (r.stderr || r.stdout).trim().split('\n')[0] || `exit ${r.exitCode}`;
    throw new LabgateError(`${what} failed on ${r.command[2]}: ${why}`);
  }
  return r.stdout;
}

/** The device as `wg show interfaces` and `ip -j addr show dev <device>` see it (kernel or userspace alike). */
export async function nodeDevice(node: string, device: string): Promise<Read<NodeDevice>> {
  const wg = await runOnNode(node, ['wg', 'show', 'interfaces']);
  const ip = await runOnNode(node, ['ip', '-j', 'addr', 'show', 'dev', device]);
  const listed = mustRun(wg, 'wg show interfaces').split(/\s+/).includes(device);
  const link =
    ip.exitCode === 0
      ? (
          JSON.parse(ip.stdout || '[]') as {
            mtu?: number;
            addr_info?: { family: string; local: string; prefixlen: number }[];
          }[]
        )[0]
      : undefined;
  return {
    value: {
      node,
      listedByWg: listed,
      ...(link?.mtu === undefined ? {} : { mtu: link.mtu }),
      addresses: (link?.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`),
    },
    evidence: [commandEvidence(`wg show interfaces on ${node}`, wg), commandEvidence(`ip addr on ${node}`, ip)],
  };
}

export async function wgShow(node: string): Promise<Read<WgInterface[]>> {
  const r = await runOnNode(node, ['wg', 'show']);
  const parsed = parseWgShow(mustRun(r, 'wg show'));
  if (parsed.problems.length > 0) throw new LabgateError(`wg show on ${node} could not be read: ${parsed.problems[0]}`);
  return { value: parsed.value, evidence: [commandEvidence(`wg show on ${node}`, r)] };
}

export async function nodeLines(node: string, command: string[]): Promise<Read<string[]>> {
  const r = await runOnNode(node, command);
  const lines = mustRun(r, command.join(' '))
    .split('\n')
    .filter((l) => l.trim() !== '');
  return { value: lines, evidence: [commandEvidence(`${command.join(' ')} on ${node}`, r)] };
}

/**
 * A capture repeated until it holds a packet, within `boundMs`: right after a lab comes up its pods' traffic may not
 * flow yet (a client's first lookup waiting out its resolver's timeout), and a capture of nothing shows no promise
 * kept or broken. The last capture is returned, empty when nothing crossed within the bound.
 */
export async function captureWithTraffic(
  node: string,
  iface: string,
  seconds: number,
  boundMs: number,
): Promise<Read<CapturedPacket[]>> {
  const start = Date.now();
  for (;;) {
    const c = await captureOnNode(node, iface, seconds);
    if (c.value.length > 0 || Date.now() - start + seconds * 1000 > boundMs) return c;
  }
}

/** A capture of IPv4 on `iface` of `node` for `seconds` (and at most CAPTURE_MAX_PACKETS packets). */
export async function captureOnNode(node: string, iface: string, seconds: number): Promise<Read<CapturedPacket[]>> {
  const command = ['timeout', String(seconds), 'tcpdump', '-i', iface, '-nn', '-l', '-x', '-s', '0'];
  const r = await runOnNode(node, [...command, '-c', String(CAPTURE_MAX_PACKETS), 'ip'], (seconds + 15) * 1000);
  // timeout ends tcpdump with 124; -c ends it with 0
  if (r.exitCode !== 0 && r.exitCode !== 124) mustRun(r, 'tcpdump');
  const parsed = parseHexCapture(r.stdout);
  if (parsed.problems.length > 0)
    throw new LabgateError(`the capture on ${node} could not be read: ${parsed.problems[0]}`);
  const shown = {
    ...r,
    stdout: r.stdout
      .split('\n')
      .filter((l) => !/^\s+0x/.test(l))
      .slice(0, 200)
      .join('\n'),
  };
  return { value: parsed.value, evidence: [commandEvidence(`capture on ${iface} of ${node} (headers)`, shown)] };
}
