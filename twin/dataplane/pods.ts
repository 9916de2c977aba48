/**
 * Pods as Calico builds them: a network namespace per pod inside its node container, a veth whose node
 * end is cali<hash> with proxy ARP, the pod's address as /32 with a default route via 169.254.1.1, and a /32
 * route to the pod on its node. The pod's container is a real process in that namespace, of the kind its image
 * names (twin/pods/). The routes to the other nodes' blocks are the routing's (twin/routing/).
 */
import { createHash } from 'node:crypto';
import type { PlannedPod, TwinPlan } from '../plan.ts';
import { nodeDaemonScripts } from '../nodes/daemons.ts';
import { dnsDirs } from '../pods/dns.ts';
import { processKind } from '../pods/index.ts';
import { netnsName, POD_CONF_DIR, POD_RUN_DIR, podConfDir, podRunDir } from '../pods/paths.ts';
import { routingOf } from '../routing/index.ts';
import { shq } from './shell.ts';
import { attachmentScript } from '../cni/multus.ts';
import { cniFilesScript } from '../cni/install.ts';
import { bandwidthScript, bandwidthTeardown, type BandwidthFault } from './bandwidth.ts';

export { dnsDirs, netnsName, POD_CONF_DIR, POD_RUN_DIR };
/** The MAC Calico gives the node end of every pod veth. */
export const CALICO_VETH_MAC = 'ee:ee:ee:ee:ee:ee';

export function vethName(pod: PlannedPod): string {
  return `cali${createHash('sha1').update(`${pod.namespace}.${pod.name}`).digest('hex').slice(0, 11)}`;
}

/** The file in the pod's config folder its process reads, if any (the DNS pods' are written by clusterDns). */
export function podConfigFile(pod: PlannedPod): string | undefined {
  return processKind(pod).configFile;
}

/** The command line that starts the pod's container process (daemonizing, pid in main.pid). */
export function podStartCommand(pod: PlannedPod): string {
  return processKind(pod).startCommand(pod);
}

/** The shell lines that build one pod on its node, as Calico's CNI plugin and the kubelet do. */
export function podScript(plan: TwinPlan, pod: PlannedPod, bandwidthFault?: BandwidthFault): string {
  const ns = shq(netnsName(pod));
  const veth = shq(vethName(pod));
  const mtu = plan.podMtu;
  return [
    `ip netns add ${ns}`,
    // Calico's CNI plugin: both ends at the pool's MTU, the node end with Calico's fixed MAC
    `ip link add ${veth} mtu ${mtu} address ${CALICO_VETH_MAC} type veth peer name eth0 mtu ${mtu} netns ${ns}`,
    `ip -n ${ns} link set lo up`,
    `ip -n ${ns} addr add ${pod.ip}/32 dev eth0`,
    `ip -n ${ns} link set eth0 up`,
    `ip -n ${ns} route add 169.254.1.1 dev eth0 scope link`,
    `ip -n ${ns} route add default via 169.254.1.1 dev eth0`,
    `ip link set ${veth} up`,
    `echo 1 > /proc/sys/net/ipv4/conf/${vethName(pod)}/proxy_arp`,
    `echo 0 > /proc/sys/net/ipv4/neigh/${vethName(pod)}/proxy_delay`,
    `ip route replace ${pod.ip}/32 dev ${veth} scope link`,
    ...attachmentScript(ns, `${pod.namespace}/${pod.name}`, pod.attachments ?? []),
    ...bandwidthScript(pod, vethName(pod), bandwidthFault),
    `mkdir -p /etc/netns/${ns} ${podConfDir(pod)} ${podRunDir(pod)}`,
    processKind(pod).filesScript(plan, pod),
    podStartCommand(pod),
  ].join('\n');
}

/** One script that builds the routes to the other nodes' blocks, every pod of `nodeName`, and its daemons. */
export function nodeSetupScript(
  plan: TwinPlan,
  nodeName: string,
  nodeIps: Map<string, string>,
  gateway: string,
): string {
  const node = plan.nodes.find((n) => n.name === nodeName)!;
  const lines = [
    'set -e',
    // as Kind does: the node resolves through its network's gateway instead of Docker's 127.0.0.11
    `r=$(sed 's/^nameserver 127\\.0\\.0\\.11$/nameserver ${gateway}/' /etc/resolv.conf); ` +
      `printf '%s\\n' "$r" > /etc/resolv.conf`,
    `NODE_SEARCH=$(awk '$1 == "search" { $1 = ""; sub(/^ /, ""); print }' /etc/resolv.conf)`,
    ...routingOf(plan).nodeScript(plan, nodeName, nodeIps),
    ...cniFilesScript(plan),
  ];
  for (const pod of plan.pods.filter((p) => p.node === nodeName)) lines.push(podScript(plan, pod));
  lines.push(...nodeDaemonScripts(plan, node));
  return `${lines.join('\n')}\n`;
}

/**
 * One script that takes a pod off its node, as the kubelet and Calico's CNI plugin do on deletion: its process
 * killed, its namespace, veth and host route removed, its folders deleted. Idempotent: a pod half-built goes too.
 */
export function podTeardownScript(pod: PlannedPod): string {
  const ns = shq(netnsName(pod));
  const veth = shq(vethName(pod));
  return [
    `pid=$(cat ${podRunDir(pod)}/main.pid 2>/dev/null || true)`,
    'if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi',
    `for p in $(ip netns pids ${ns} 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done`,
    `ip route del ${pod.ip}/32 dev ${veth} 2>/dev/null || true`,
    `ip link del ${veth} 2>/dev/null || true`,
    `ip netns del ${ns} 2>/dev/null || true`,
    bandwidthTeardown(pod),
    `rm -rf /etc/netns/${ns} ${podConfDir(pod)} ${podRunDir(pod)}`,
  ].join('\n');
}
