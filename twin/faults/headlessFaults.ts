/**
 * Faults of headless Services and the StatefulSet behind them, chosen from the plan (never by a lab's names):
 * a replica that stops replicating, kube-proxy rules written for a headless Service, a per-pod DNS name gone,
 * a stale address added to a headless Service's DNS answer.
 */
import { LabgateError, kubeProxyServiceChain, servicePortName } from '../shared.ts';
import { HEADLESS, serviceSelects, type PlannedPod, type PlannedService, type TwinPlan } from '../plan.ts';
import { dnsSettings, plannedEndpoints, renderClusterDns, type DnsSettings } from '../dataplane/clusterDns.ts';
import { dnsDirs, netnsName } from '../dataplane/pods.ts';
import { firstWorker, onNode, type FaultContext } from './context.ts';
import { freeAddress } from './scheduler.ts';
import { waitFor } from './api.ts';

const SYNC_TIMEOUT_MS = 60_000;

function headlessServices(plan: TwinPlan): PlannedService[] {
  return plan.services.filter((s) => s.clusterIP === HEADLESS);
}

/** The StatefulSet pods with stable names under a headless Service, in ordinal order. */
function statefulPods(plan: TwinPlan): PlannedPod[] {
  const pods = plan.pods.filter((p) => p.owner?.kind === 'StatefulSet' && p.hostname && p.subdomain);
  if (pods.length < 2)
    throw new LabgateError('the twin has no StatefulSet of two or more pods under a headless Service');
  return pods.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

function fqdn(plan: TwinPlan, name: string, namespace: string): string {
  return `${name}.${namespace}.svc.${plan.dnsDomain}`;
}

/** The last replica (highest ordinal) promoted to a master of its own: it no longer follows ordinal 0. */
export async function replicaNotReplicating(ctx: FaultContext): Promise<string> {
  const pod = statefulPods(ctx.plan).at(-1)!;
  // a healthy twin first: the replica has made its first sync (right after `up` it may still be resolving its master)
  await waitFor(`redis in pod ${pod.name} replicating`, SYNC_TIMEOUT_MS, async () => {
    const info = await onNode(pod.node, ['ip', 'netns', 'exec', netnsName(pod), 'redis-cli', 'INFO', 'replication'], {
      reject: false,
    });
    return /master_link_status:up/.test(info.stdout) ? true : undefined;
  });
  const r = await onNode(pod.node, ['ip', 'netns', 'exec', netnsName(pod), 'redis-cli', 'REPLICAOF', 'NO', 'ONE']);
  if (r.stdout.trim() !== 'OK')
    throw new LabgateError(`redis in pod ${pod.name} did not take REPLICAOF NO ONE: ${r.stdout.trim()}`);
  return `told redis in pod ${pod.name} on ${pod.node} REPLICAOF NO ONE: it stopped replicating and runs as a master of its own`;
}

/** On worker 1, kube-proxy-shaped rules for the first headless Service's first port, as if it had a VIP. */
export async function headlessGivenRules(ctx: FaultContext): Promise<string> {
  const svc = headlessServices(ctx.plan)[0];
  if (!svc || svc.ports.length === 0) throw new LabgateError('the twin has no headless Service with a port');
  const port = svc.ports[0]!;
  const name = servicePortName(svc.namespace, svc.name, port.name ?? '');
  const chain = kubeProxyServiceChain(name, port.protocol);
  // an address of the service range the twin never hands out as a VIP (it picks from the 11th on)
  const [base] = ctx.plan.serviceCidr.split('/');
  const vip = base!.replace(/\.\d+$/, '.9');
  const node = firstWorker(ctx.plan).name;
  const proto = port.protocol.toLowerCase();
  await onNode(node, ['iptables', '-t', 'nat', '-N', chain]);
  await onNode(node, ['iptables', '-t', 'nat', '-A', chain, '-m', 'comment', '--comment', name, '-j', 'RETURN']);
  await onNode(node, [
    'iptables',
    '-t',
    'nat',
    '-I',
    'KUBE-SERVICES',
    '1',
    '-d',
    `${vip}/32`,
    '-p',
    proto,
    '-m',
    'comment',
    '--comment',
    `${name} cluster IP`,
    '-m',
    proto,
    '--dport',
    String(port.port),
    '-j',
    chain,
  ]);
  return `wrote a KUBE-SERVICES rule for ${name} (${vip}/32 ${proto} ${port.port}) and its chain ${chain} on ${node}`;
}

async function changeDns(ctx: FaultContext, change: (s: DnsSettings) => DnsSettings): Promise<void> {
  const settings = change(dnsSettings(ctx.state));
  ctx.state.write('dns.json', settings);
  await renderClusterDns(ctx.plan, plannedEndpoints(ctx.plan), settings, dnsDirs);
}

/** The per-pod DNS name of the second StatefulSet pod gone from the cluster DNS (its address stays in the Service's answer). */
export async function podDnsRecordMissing(ctx: FaultContext): Promise<string> {
  const pod = statefulPods(ctx.plan)[1]!;
  await changeDns(ctx, (s) => ({
    ...s,
    omitHostnames: [...(s.omitHostnames ?? []), `${pod.namespace}/${pod.subdomain}/${pod.hostname}`],
  }));
  return `removed ${fqdn(ctx.plan, `${pod.hostname}.${pod.subdomain}`, pod.namespace)} (-> ${pod.ip}) from the cluster DNS and had it reload`;
}

/** A headless Service whose pods set no hostname gets one more address in its DNS answer: no pod has it. */
export async function headlessStaleAddress(ctx: FaultContext): Promise<string> {
  const headless = headlessServices(ctx.plan);
  const svc =
    headless.find(
      (s) =>
        ctx.plan.pods.some((p) => serviceSelects(s, p)) &&
        !ctx.plan.pods.some((p) => serviceSelects(s, p) && p.hostname),
    ) ?? headless[0];
  const member = svc && ctx.plan.pods.find((p) => serviceSelects(svc, p));
  if (!svc || !member) throw new LabgateError('the twin has no headless Service with pods');
  const stale = await freeAddress(ctx.plan, ctx.plan.nodes.find((n) => n.name === member.node)!);
  const key = `${svc.namespace}/${svc.name}`;
  await changeDns(ctx, (s) => ({
    ...s,
    extraAddresses: { ...(s.extraAddresses ?? {}), [key]: [...(s.extraAddresses?.[key] ?? []), stale] },
  }));
  return `added the stale address ${stale} (no pod has it) to the DNS answer for ${fqdn(ctx.plan, svc.name, svc.namespace)}`;
}
