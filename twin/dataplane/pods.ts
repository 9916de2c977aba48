/**
 * Pods as Calico builds them: a network namespace per pod inside its node container, a veth whose node
 * end is cali<hash> with proxy ARP, the pod's address as /32 with a default route via 169.254.1.1, a /32
 * route to the pod on its node, and routes to the other nodes' /26 blocks via those nodes' addresses.
 * The pod's container is a real process in that namespace: nginx, or dnsmasq for the cluster DNS.
 */
import { createHash } from 'node:crypto';
import { HEADLESS, type PlannedPod, type TwinPlan } from '../plan.ts';
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
    .map((p) => `  server { listen ${p.containerPort} default_server; root /var/www/html; index index.nginx-debian.html; }`);
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

/**
 * The cluster DNS records as a hosts file: a Service's VIP, or for a headless Service each of its pods'
 * addresses, and <hostname>.<service> for pods that set a hostname under a headless Service.
 */
export function dnsHosts(plan: TwinPlan): string {
  const lines: string[] = [];
  for (const s of plan.services) {
    const fqdn = `${s.name}.${s.namespace}.svc.${plan.dnsDomain}`;
    if (s.clusterIP !== HEADLESS) {
      lines.push(`${s.clusterIP} ${fqdn}`);
      continue;
    }
    for (const p of plan.pods.filter((p) => p.namespace === s.namespace && selects(s.selector, p.labels))) {
      lines.push(`${p.ip} ${fqdn}`);
      if (p.hostname && p.subdomain === s.name) lines.push(`${p.ip} ${p.hostname}.${fqdn}`);
    }
  }
  return lines.join('\n') + '\n';
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function resolvConf(plan: TwinPlan, pod: PlannedPod): string {
  const dns = plan.services.find((s) => s.name === 'kube-dns' && s.namespace === 'kube-system');
  const d = plan.dnsDomain;
  return `search ${pod.namespace}.svc.${d} svc.${d} ${d}\nnameserver ${dns?.clusterIP ?? '127.0.0.1'}\noptions ndots:5\n`;
}

/** The file in the pod's config folder its process reads, if any. */
export function podConfigFile(pod: PlannedPod): string | undefined {
  return pod.process === 'dns' ? 'hosts' : pod.process === 'web' ? 'nginx.conf' : undefined;
}

/** The command line that starts the pod's container process (daemonizing, pid in main.pid). */
export function podStartCommand(pod: PlannedPod): string {
  const ns = netnsName(pod);
  const run = `${POD_RUN_DIR}/${ns}`;
  if (pod.process === 'dns') {
    return `ip netns exec ${shq(ns)} dnsmasq --pid-file=${run}/main.pid --no-resolv --no-hosts --addn-hosts=${POD_CONF_DIR}/${ns}/hosts --local=/cluster.local/ --domain-needed --user=root --log-facility=${run}/dnsmasq.log`;
  }
  if (pod.process === 'command') {
    // the container's own command, its environment only, its output kept as the container log
    const env = Object.entries(pod.container.env).map(([k, v]) => shq(`${k}=${v}`)).join(' ');
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
  const files = file ? `cat > ${conf}/${file} <<'LABGATE_EOF'\n${pod.process === 'dns' ? dnsHosts(plan) : nginxConf(pod)}LABGATE_EOF` : ':';
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
    `cat > /etc/netns/${ns}/resolv.conf <<'LABGATE_EOF'\n${resolvConf(plan, pod)}LABGATE_EOF`,
    files,
    podStartCommand(pod),
  ].join('\n');
}

/** One script that builds every pod of `nodeName` and the routes to the other nodes' blocks. */
export function nodeSetupScript(plan: TwinPlan, nodeName: string, nodeIps: Map<string, string>): string {
  const lines = ['set -e'];
  for (const other of plan.nodes.filter((n) => n.name !== nodeName)) {
    lines.push(`ip route replace ${other.block} via ${nodeIps.get(other.name)}`);
  }
  for (const pod of plan.pods.filter((p) => p.node === nodeName)) lines.push(podScript(plan, pod));
  return lines.join('\n') + '\n';
}
