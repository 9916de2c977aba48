/**
 * Pods as Calico builds them: a network namespace per pod inside its node container, a veth whose node
 * end is cali<hash> with proxy ARP, the pod's address as /32 with a default route via 169.254.1.1, a /32
 * route to the pod on its node, and routes to the other nodes' /26 blocks via those nodes' addresses.
 * The pod's container is a real process in that namespace: nginx, the cluster DNS (unbound), or the
 * container's own command.
 */
import { createHash } from 'node:crypto';
import type { PlannedPod, TwinPlan } from '../plan.ts';
import { clusterDnsConfig, UPSTREAM_ADDRESS } from '../dns/index.ts';
import { clusterDnsFor, dnsPodDirs, plannedEndpoints, writeFilesScript } from './clusterDns.ts';
import { shq } from './shell.ts';

export const POD_RUN_DIR = '/run/labgate';
export const POD_CONF_DIR = '/etc/labgate/pods';
/** The MAC Calico gives the node end of every pod veth. */
export const CALICO_VETH_MAC = 'ee:ee:ee:ee:ee:ee';

export function vethName(pod: PlannedPod): string {
  return `cali${createHash('sha1').update(`${pod.namespace}.${pod.name}`).digest('hex').slice(0, 11)}`;
}

/** The namespace name inside the node; the pod name is unique across the twin's namespaces. */
export function netnsName(pod: Pick<PlannedPod, 'name'>): string {
  return pod.name;
}

function nginxConf(pod: PlannedPod): string {
  const run = `${POD_RUN_DIR}/${netnsName(pod)}`;
  const listens = pod.container.ports
    .filter((p) => p.protocol === 'TCP' && p.name !== 'https')
    .map(
      (p) =>
        `  server { listen ${p.containerPort} default_server; root /var/www/html; index index.nginx-debian.html; }`,
    );
  return [
    'worker_processes 1;',
    `pid ${run}/main.pid;`,
    `error_log ${run}/error.log;`,
    'events { worker_connections 256; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${run}/body;`,
    ...listens,
    '}',
    '',
  ].join('\n');
}

/** kubelet's resolv.conf for a ClusterFirst pod: its namespace's search list, then the node's ($NODE_SEARCH). */
function writeResolvConf(plan: TwinPlan, pod: PlannedPod, file: string): string {
  const dns = plan.services.find((s) => s.name === 'kube-dns' && s.namespace === 'kube-system');
  const d = plan.dnsDomain;
  return `printf 'search %s%s\\nnameserver %s\\noptions ndots:5\\n' ${shq(`${pod.namespace}.svc.${d} svc.${d} ${d}`)} "\${NODE_SEARCH:+ $NODE_SEARCH}" ${shq(dns?.clusterIP ?? '127.0.0.1')} > ${file}`;
}

/** The file in the pod's config folder its process reads, if any (the DNS pods' are written by clusterDns). */
export function podConfigFile(pod: PlannedPod): string | undefined {
  return pod.process === 'web' ? 'nginx.conf' : undefined;
}

/** Where a cluster DNS pod keeps its configuration and its pid and log files. */
export function dnsDirs(pod: PlannedPod): { confDir: string; runDir: string } {
  return dnsPodDirs(pod, POD_CONF_DIR, POD_RUN_DIR);
}

/** The start and stop commands of a DNS pod's servers (they do not depend on the records). */
function clusterDnsConfigOf(pod: PlannedPod) {
  return clusterDnsConfig({
    domain: 'cluster.local',
    ttl: 30,
    podIp: pod.ip,
    ...dnsDirs(pod),
    exec: ['ip', 'netns', 'exec', pod.name],
    services: [],
    pods: [],
  });
}

/** The command line that starts the pod's container process (daemonizing, pid in main.pid). */
export function podStartCommand(pod: PlannedPod): string {
  const ns = netnsName(pod);
  const run = `${POD_RUN_DIR}/${ns}`;
  if (pod.process === 'dns') {
    // the DNS server's pid is the pod's: a dead server is a pod that is not Ready
    return `${clusterDnsConfigOf(pod).startCommand} && ln -sf unbound.pid ${run}/main.pid`;
  }
  if (pod.process === 'command') {
    // the container's own command, its environment only, its output kept as the container log
    const env = Object.entries(pod.container.env)
      .map(([k, v]) => shq(`${k}=${v}`))
      .join(' ');
    const argv = (pod.container.command ?? []).map(shq).join(' ');
    return `(cd / && setsid ip netns exec ${shq(ns)} env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin ${env} ${argv} > ${run}/container.log 2>&1 < /dev/null & echo $! > ${run}/main.pid)`;
  }
  return `ip netns exec ${shq(ns)} nginx -c ${POD_CONF_DIR}/${ns}/nginx.conf`;
}

function podScript(plan: TwinPlan, pod: PlannedPod): string {
  const ns = shq(netnsName(pod));
  const veth = shq(vethName(pod));
  const conf = `${POD_CONF_DIR}/${netnsName(pod)}`;
  const file = podConfigFile(pod);
  const files =
    pod.process === 'dns'
      ? writeFilesScript(clusterDnsFor(plan, pod, dnsDirs(pod), plannedEndpoints(plan)))
      : file
        ? `cat > ${conf}/${file} <<'LABGATE_EOF'\n${nginxConf(pod)}LABGATE_EOF`
        : ':';
  return [
    `ip netns add ${ns}`,
    // Calico's CNI plugin: both ends at the pool's MTU, the node end with Calico's fixed MAC
    `ip link add ${veth} mtu ${plan.podMtu} address ${CALICO_VETH_MAC} type veth peer name eth0 mtu ${plan.podMtu} netns ${ns}`,
    `ip -n ${ns} link set lo up`,
    `ip -n ${ns} addr add ${pod.ip}/32 dev eth0`,
    `ip -n ${ns} link set eth0 up`,
    `ip -n ${ns} route add 169.254.1.1 dev eth0 scope link`,
    `ip -n ${ns} route add default via 169.254.1.1 dev eth0`,
    `ip link set ${veth} up`,
    `echo 1 > /proc/sys/net/ipv4/conf/${vethName(pod)}/proxy_arp`,
    `echo 0 > /proc/sys/net/ipv4/neigh/${vethName(pod)}/proxy_delay`,
    `ip route add ${pod.ip}/32 dev ${veth} scope link`,
    `mkdir -p /etc/netns/${ns} ${conf} ${POD_RUN_DIR}/${ns}`,
    pod.process === 'dns'
      ? `echo 'nameserver ${UPSTREAM_ADDRESS}' > /etc/netns/${ns}/resolv.conf`
      : writeResolvConf(plan, pod, `/etc/netns/${ns}/resolv.conf`),
    files,
    podStartCommand(pod),
  ].join('\n');
}

/** One script that builds every pod of `nodeName` and the routes to the other nodes' blocks. */
export function nodeSetupScript(
  plan: TwinPlan,
  nodeName: string,
  nodeIps: Map<string, string>,
  gateway: string,
): string {
  const lines = [
    'set -e',
    // as Kind does: the node resolves through its network's gateway instead of Docker's 127.0.0.11
    `r=$(sed 's/^nameserver 127\\.0\\.0\\.11$/nameserver ${gateway}/' /etc/resolv.conf); printf '%s\\n' "$r" > /etc/resolv.conf`,
    `NODE_SEARCH=$(awk '$1 == "search" { $1 = ""; sub(/^ /, ""); print }' /etc/resolv.conf)`,
  ];
  for (const other of plan.nodes.filter((n) => n.name !== nodeName)) {
    lines.push(`ip route replace ${other.block} via ${nodeIps.get(other.name)}`);
  }
  for (const pod of plan.pods.filter((p) => p.node === nodeName)) lines.push(podScript(plan, pod));
  return lines.join('\n') + '\n';
}
