/**
 * Placement changes, done as the kubelet and the scheduler do them: a pod leaves a node (its processes die,
 * its network namespace, veth and /32 route go), or its namespace is rebuilt on another node with an address
 * from that node's block. The plan records the new placement; the caller restarts the control plane.
 */
import { Address4 } from 'ip-address';
import { LabgateError } from '../shared.ts';
import type { PlannedNode, PlannedPod, TwinPlan } from '../plan.ts';
import {
  CALICO_VETH_MAC,
  netnsName,
  POD_CONF_DIR,
  POD_RUN_DIR,
  podConfigFile,
  podStartCommand,
  vethName,
} from '../dataplane/pods.ts';
import { onNode, scriptOnNode } from './context.ts';

const REMOVE_SCRIPT = `
ns="$1"; ip="$2"
pids=$(ip netns pids "$ns" || true)
if [ -n "$pids" ]; then kill -KILL $pids; fi
for _ in $(seq 50); do [ -z "$(ip netns pids "$ns" || true)" ] && break; sleep 0.1; done
ip netns del "$ns"
ip route del "$ip/32" 2>/dev/null || true
rm -rf "${POD_RUN_DIR}/$ns" "/etc/netns/$ns" "${POD_CONF_DIR}/$ns"
`;

/** Deletes the pod from its node: processes, namespace, veth, route, files. */
export async function removePodFromNode(pod: PlannedPod): Promise<void> {
  await scriptOnNode(pod.node, REMOVE_SCRIPT, [netnsName(pod), pod.ip]);
}

/** The files a pod's container runs with on its node, read back so the pod can be rebuilt elsewhere. */
async function podFiles(pod: PlannedPod): Promise<{ config: string; resolv: string }> {
  const ns = netnsName(pod);
  const file = podConfigFile(pod);
  const config = file ? (await onNode(pod.node, ['cat', `${POD_CONF_DIR}/${ns}/${file}`])).stdout : '';
  const resolv = (await onNode(pod.node, ['cat', `/etc/netns/${ns}/resolv.conf`])).stdout;
  return { config, resolv };
}

const CREATE_SCRIPT = `
ns="$1"; veth="$2"; ip="$3"; conf_file="$4"; config="$5"; resolv="$6"; start="$7"; mtu="$8"; mac="$9"
# a pod rebuilt on its own node: its old veth may outlive its namespace (the kernel takes it away
# asynchronously, or something still holds the namespace); a link of this name now is stale, so it goes
for _ in $(seq 20); do ip link show "$veth" >/dev/null 2>&1 || break; sleep 0.1; done
ip link del "$veth" 2>/dev/null || true
ip netns add "$ns"
ip link add "$veth" mtu "$mtu" address "$mac" type veth peer name eth0 mtu "$mtu" netns "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" addr add "$ip/32" dev eth0
ip -n "$ns" link set eth0 up
ip -n "$ns" route add 169.254.1.1 dev eth0 scope link
ip -n "$ns" route add default via 169.254.1.1 dev eth0
ip link set "$veth" up
echo 1 > "/proc/sys/net/ipv4/conf/$veth/proxy_arp"
echo 0 > "/proc/sys/net/ipv4/neigh/$veth/proxy_delay"
ip route add "$ip/32" dev "$veth" scope link
mkdir -p "/etc/netns/$ns" "${POD_CONF_DIR}/$ns" "${POD_RUN_DIR}/$ns"
printf '%s' "$resolv" > "/etc/netns/$ns/resolv.conf"
printf '%s' "$config" > "${POD_CONF_DIR}/$ns/$conf_file"
eval "$start"
`;

/** Addresses in use on `node`: the plan's pods there and every /32 route the node has. */
async function usedAddresses(plan: TwinPlan, node: PlannedNode): Promise<Set<string>> {
  const routes = (await onNode(node.name, ['ip', '-4', 'route', 'show'])).stdout;
  const used = new Set(plan.pods.filter((p) => p.node === node.name).map((p) => p.ip));
  for (const line of routes.split('\n')) {
    const dest = line.trim().split(/\s+/)[0] ?? '';
    if (/^\d+\.\d+\.\d+\.\d+$/.test(dest)) used.add(dest);
  }
  return used;
}

/** The lowest free host address of the node's block, as Calico IPAM hands them out. */
export async function freeAddress(plan: TwinPlan, node: PlannedNode): Promise<string> {
  const block = new Address4(node.block);
  const start = Number(block.startAddress().bigInt());
  const size = 2 ** (32 - block.subnetMask);
  const used = await usedAddresses(plan, node);
  for (let i = 1; i < size - 1; i++) {
    const ip = Address4.fromBigInt(BigInt(start + i)).correctForm();
    if (!used.has(ip)) return ip;
  }
  throw new LabgateError(`block ${node.block} of ${node.name} has no free address`);
}

/** Rebuilds the pod on `to` with `address` (else a new one from its block); returns the pod as now planned. */
export async function movePod(plan: TwinPlan, pod: PlannedPod, to: PlannedNode, address?: string): Promise<PlannedPod> {
  const files = await podFiles(pod);
  const ip = address ?? (await freeAddress(plan, to));
  await removePodFromNode(pod);
  const moved: PlannedPod = { ...pod, node: to.name, ip };
  const confFile = podConfigFile(pod) ?? 'unused';
  await scriptOnNode(to.name, CREATE_SCRIPT, [
    netnsName(moved),
    vethName(moved),
    ip,
    confFile,
    files.config,
    files.resolv,
    podStartCommand(moved),
    String(plan.podMtu),
    CALICO_VETH_MAC,
  ]);
  return moved;
}
