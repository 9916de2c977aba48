/**
 * Faults in the cluster DNS, made through its real server and the pods' resolvers: a Service's records gone,
 * a changed TTL, an upstream that answers, a namespace's search path wrong, the pods' ndots changed, a pod's
 * own name gone, a stale address in the answer for a Service without a VIP.
 * Record and setting changes go through the twin's DNS settings, so the control plane keeps them.
 */
import { LabgateError } from '../shared.ts';
import { HEADLESS, serviceSelects } from '../plan.ts';
import { dnsSettings, plannedEndpoints, renderClusterDns, type DnsSettings } from '../dataplane/clusterDns.ts';
import { dnsDirs, netnsName } from '../dataplane/pods.ts';
import { onNode, type FaultContext } from './context.ts';
import { freeAddress } from './scheduler.ts';
import { processKind } from '../pods/index.ts';
import { apiGet, waitFor } from './api.ts';

const OBSERVE_TIMEOUT_MS = 15_000;

const WRONG_TTL = 5;

/** Changes the twin's DNS settings and has the cluster DNS reload them. */
export async function changeDns(
  ctx: FaultContext,
  change: (s: DnsSettings) => DnsSettings,
  opts: { restartUpstream?: boolean } = {},
): Promise<void> {
  const settings = change(dnsSettings(ctx.state));
  ctx.state.write('dns.json', settings);
  await renderClusterDns(ctx.plan, plannedEndpoints(ctx.plan), settings, dnsDirs, opts);
}

/** The target Service's records gone from the cluster DNS. */
export async function dropDnsRecord(ctx: FaultContext): Promise<string> {
  const svc = ctx.targets.service();
  const key = `${svc.namespace}/${svc.name}`;
  await changeDns(ctx, (s) => ({ ...s, omit: [...(s.omit ?? []), key] }));
  return (
    `removed the records of ${svc.name}.${svc.namespace}.svc.${ctx.plan.dnsDomain} (-> ${svc.clusterIP}) ` +
    'from the cluster DNS and had it reload'
  );
}

export async function changeDnsTtl(ctx: FaultContext): Promise<string> {
  await changeDns(ctx, (s) => ({ ...s, ttl: WRONG_TTL }));
  return `the cluster DNS now answers cluster names with TTL ${WRONG_TTL}`;
}

export async function upstreamAnswers(ctx: FaultContext): Promise<string> {
  await changeDns(ctx, (s) => ({ ...s, upstream: 'nxdomain' }), { restartUpstream: true });
  return "the cluster DNS's upstream now answers (NXDOMAIN) instead of failing";
}

/** The lab's own pods (outside kube-system) resolve with ndots:1, as if their dnsConfig had said so. */
export async function podNdotsWrong(ctx: FaultContext): Promise<string> {
  const pods = ctx.plan.pods.filter((p) => p.namespace !== 'kube-system' && !processKind(p).servesClusterDns);
  if (pods.length === 0) throw new LabgateError('the twin has no pod outside kube-system');
  for (const pod of pods) {
    await onNode(pod.node, ['sed', '-i', 's/^options ndots:5$/options ndots:1/', `/etc/netns/${pod.name}/resolv.conf`]);
  }
  return `the resolv.conf of the ${pods.length} pod(s) outside kube-system now sets ndots:1`;
}

/** The pods of the target namespace get the search list of the namespace `searchAs`. */
export async function searchPathWrong(ctx: FaultContext): Promise<string> {
  const namespace = ctx.targets.namespace();
  const other = ctx.targets.namespace('searchAs');
  const pods = ctx.plan.pods.filter((p) => p.namespace === namespace);
  if (pods.length === 0) throw new LabgateError(`the twin has no pod in namespace ${namespace}`);
  const d = ctx.plan.dnsDomain;
  for (const pod of pods) {
    // as if the kubelet had written another namespace's search path
    const edit = `s/^search ${namespace}\\.svc\\./search ${other}.svc./`;
    await onNode(pod.node, ['sed', '-i', edit, `/etc/netns/${pod.name}/resolv.conf`]);
  }
  return `the resolv.conf of the ${pods.length} pod(s) in ${namespace} now searches ${other}.svc.${d} first`;
}

function fqdn(ctx: FaultContext, name: string, namespace: string): string {
  return `${name}.${namespace}.svc.${ctx.plan.dnsDomain}`;
}

/** The per-pod DNS name of the target pod (a StatefulSet pod: hostname under its subdomain) gone from the DNS. */
export async function podDnsRecordMissing(ctx: FaultContext): Promise<string> {
  const pod = ctx.targets.pod();
  if (!pod.hostname || !pod.subdomain) {
    throw new LabgateError(`${ctx.targets.where}.pod: ${pod.name} has no DNS name of its own`);
  }
  const key = `${pod.namespace}/${pod.subdomain}/${pod.hostname}`;
  await changeDns(ctx, (s) => ({ ...s, omitHostnames: [...(s.omitHostnames ?? []), key] }));
  return (
    `removed ${fqdn(ctx, `${pod.hostname}.${pod.subdomain}`, pod.namespace)} (-> ${pod.ip}) from the cluster DNS ` +
    'and had it reload'
  );
}

/** The target Service (one without a VIP) gets one more address in its DNS answer: no pod has it. */
export async function dnsStaleAddress(ctx: FaultContext): Promise<string> {
  const svc = ctx.targets.service();
  const member = ctx.plan.pods.find((p) => serviceSelects(svc, p));
  if (svc.clusterIP !== HEADLESS || !member) {
    throw new LabgateError(`${ctx.targets.where}.service: ${svc.name} is no Service without a VIP that selects pods`);
  }
  const stale = await freeAddress(ctx.plan, ctx.plan.nodes.find((n) => n.name === member.node)!);
  const key = `${svc.namespace}/${svc.name}`;
  await changeDns(ctx, (s) => ({
    ...s,
    extraAddresses: { ...(s.extraAddresses ?? {}), [key]: [...(s.extraAddresses?.[key] ?? []), stale] },
  }));
  return `added the stale address ${stale} (no pod has it) to the DNS answer for ${fqdn(ctx, svc.name, svc.namespace)}`;
}

/** Docker's embedded DNS server, which Docker writes into a container's resolv.conf on a user network. */
const DOCKER_EMBEDDED_DNS = '127.0.0.11';

/**
 * The target node's resolv.conf names Docker's embedded DNS server, as Docker writes it, instead of the network's
 * gateway Kind rewrites it to. Written in place: the file is a bind mount.
 */
export async function nodeResolverDockerEmbedded(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node();
  const edit = `sed 's/^nameserver .*/nameserver ${DOCKER_EMBEDDED_DNS}/' /etc/resolv.conf > /tmp/resolv.conf.fault`;
  await onNode(node.name, ['sh', '-c', `${edit} && cat /tmp/resolv.conf.fault > /etc/resolv.conf`]);
  return `${node.name}'s /etc/resolv.conf now names ${DOCKER_EMBEDDED_DNS} (Docker's embedded DNS)`;
}

interface ConfigMapItem {
  data?: Record<string, string>;
}

/**
 * The cluster DNS pods' resolv.conf names their node's resolvers while their servers keep forwarding to the
 * address they forwarded to: what the servers forward to is a fixed address, no longer the pod's resolver.
 */
export async function dnsForwardPinned(ctx: FaultContext): Promise<string> {
  const pods = ctx.plan.pods.filter((p) => processKind(p).servesClusterDns);
  if (pods.length === 0) throw new LabgateError('the twin has no cluster DNS pod');
  for (const pod of pods) {
    const copy = `grep '^nameserver' /etc/resolv.conf > "$1.fault" && cat "$1.fault" > "$1" && rm -f "$1.fault"`;
    await onNode(pod.node, ['sh', '-c', copy, 'pin', `/etc/netns/${netnsName(pod)}/resolv.conf`]);
  }
  const line = await waitFor('the coredns ConfigMap forwarding to an address', OBSERVE_TIMEOUT_MS, async () => {
    const cm = await apiGet<ConfigMapItem>(ctx.state, '/api/v1/namespaces/kube-system/configmaps/coredns');
    return /^\s*forward \. \d[^\n]*/m.exec(cm.data?.Corefile ?? '')?.[0].trim();
  });
  return (
    `the resolv.conf of the ${pods.length} cluster DNS pod(s) now names their node's resolvers; ` +
    `the Corefile reads \`${line}\``
  );
}
