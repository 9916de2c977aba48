/**
 * The address each Kind node speaks from when the lab moves it off Kind's network: the `node-ip` the lab's Kind
 * config hands kubelet (kubeadmConfigPatches, nodeRegistration.kubeletExtraArgs), found among the addresses the
 * topology's exec lines give the node (`ip addr add dev eth1 10.10.10.11/24`), which tell its interface and prefix.
 * Kind names nodes in the config's order, so the n-th node of the config is the n-th node of the lab.
 */
import { parseDocument } from 'yaml';
import type { KubeObject } from '../api/types.ts';
import { LabgateError } from '../shared.ts';
import type { ClabNode } from './clab.ts';

export interface NodeAddress {
  ip: string;
  prefixLength: number;
  iface: string;
}

const V4 = String.raw`(\d+\.\d+\.\d+\.\d+)\/(\d+)`;
const ADDR_ADD = new RegExp(
  String.raw`^ip\s+(?:-4\s+)?addr(?:ess)?\s+add\s+(?:dev\s+(\S+)\s+${V4}|${V4}\s+dev\s+(\S+))`,
);

/** The IPv4 addresses an exec line list adds, with their interface and prefix length. */
export function execAddresses(exec: readonly string[]): NodeAddress[] {
  return exec.flatMap((line) => {
    const m = ADDR_ADD.exec(line.trim());
    if (!m) return [];
    return [{ iface: (m[1] ?? m[6])!, ip: (m[2] ?? m[4])!, prefixLength: Number(m[3] ?? m[5]) }];
  });
}

type KindNodeConfig = { kubeadmConfigPatches?: unknown[] };

function nodeIpOf(node: KindNodeConfig): string | undefined {
  for (const patch of node.kubeadmConfigPatches ?? []) {
    if (typeof patch !== 'string') continue;
    const doc = parseDocument(patch).toJS() as {
      nodeRegistration?: { kubeletExtraArgs?: Record<string, unknown> | { name: string; value: string }[] };
    } | null;
    const args = doc?.nodeRegistration?.kubeletExtraArgs;
    if (Array.isArray(args)) {
      const found = args.find((a) => a.name === 'node-ip');
      if (found) return String(found.value);
    } else if (args?.['node-ip'] !== undefined) return String(args['node-ip']);
  }
  return undefined;
}

/**
 * Each Kind node's node-ip and where it lives, for the nodes whose Kind config sets one. A node-ip no exec line
 * of that node adds is a one-line error (the twin would not know its interface), unless the line that adds it
 * configures a link the lab's descriptor left out.
 */
export function nodeAddresses(
  manifests: KubeObject[],
  kindNodes: readonly string[],
  clabNodes: readonly ClabNode[],
  topologyFile: string,
): Record<string, NodeAddress> {
  const cluster = manifests.find((m) => m.kind === 'Cluster') as
    | (KubeObject & { nodes?: KindNodeConfig[] })
    | undefined;
  const out: Record<string, NodeAddress> = {};
  (cluster?.nodes ?? []).forEach((n, i) => {
    const name = kindNodes[i];
    const ip = nodeIpOf(n);
    if (!name || !ip) return;
    const clab = clabNodes.find((c) => c.name === name);
    const found = execAddresses(clab?.exec ?? []).find((a) => a.ip === ip);
    // the node-ip lives on a link the descriptor left out: the node keeps its address on Kind's network
    if (!found && execAddresses(clab?.leftOutExec ?? []).some((a) => a.ip === ip)) return;
    if (!found) {
      throw new LabgateError(
        `${topologyFile}: node ${name} has node-ip ${ip} in the Kind config, but no exec line of it adds that address`,
      );
    }
    out[name] = found;
  });
  return out;
}
