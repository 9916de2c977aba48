/**
 * Faults in the cluster DNS, made through its real server and the pods' resolvers: a Service's records gone,
 * a changed TTL, an upstream that answers, a namespace's search path wrong, the pods' ndots changed,
 * kube-dns's UDP rule removed.
 * Record and setting changes go through the twin's DNS settings, so the control plane keeps them.
 */
import { LabgateError } from '../shared.ts';
import { dnsSettings, plannedEndpoints, renderClusterDns, type DnsSettings } from '../dataplane/clusterDns.ts';
import { dnsDirs } from '../dataplane/pods.ts';
import { firstWorker, onNode, type FaultContext } from './context.ts';
import { deleteRule, portNameOf, serviceRules } from './natRules.ts';

const WRONG_TTL = 5;

async function changeDns(
  ctx: FaultContext,
  change: (s: DnsSettings) => DnsSettings,
  opts: { restartUpstream?: boolean } = {},
): Promise<void> {
  const settings = change(dnsSettings(ctx.state));
  ctx.state.write('dns.json', settings);
  await renderClusterDns(ctx.plan, plannedEndpoints(ctx.plan), settings, dnsDirs, opts);
}

function requireService(ctx: FaultContext, name: string) {
  const svc = ctx.plan.services.find((s) => s.name === name);
  if (!svc) throw new LabgateError(`the twin plan has no Service ${name}`);
  return svc;
}

export async function dropDnsRecord(ctx: FaultContext): Promise<string> {
  const svc = requireService(ctx, 'nginx-service');
  const key = `${svc.namespace}/${svc.name}`;
  await changeDns(ctx, (s) => ({ ...s, omit: [...(s.omit ?? []), key] }));
  return `removed the records of ${svc.name}.${svc.namespace}.svc.${ctx.plan.dnsDomain} (-> ${svc.clusterIP}) from the cluster DNS and had it reload`;
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
  const pods = ctx.plan.pods.filter((p) => p.namespace !== 'kube-system' && p.process !== 'dns');
  if (pods.length === 0) throw new LabgateError('the twin has no pod outside kube-system');
  for (const pod of pods) {
    await onNode(pod.node, ['sed', '-i', 's/^options ndots:5$/options ndots:1/', `/etc/netns/${pod.name}/resolv.conf`]);
  }
  return `the resolv.conf of the ${pods.length} pod(s) outside kube-system now sets ndots:1`;
}

/** The pods of the lab's first namespace besides default and the system ones get default's search list. */
export async function searchPathWrong(ctx: FaultContext): Promise<string> {
  const namespace = ctx.plan.namespaces.find(
    (n) => !['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(n),
  );
  if (!namespace) throw new LabgateError('the lab has no namespace besides default for this fault');
  const pods = ctx.plan.pods.filter((p) => p.namespace === namespace);
  if (pods.length === 0) throw new LabgateError(`the twin has no pod in namespace ${namespace}`);
  const d = ctx.plan.dnsDomain;
  for (const pod of pods) {
    // as if the kubelet had written another namespace's search path
    await onNode(pod.node, [
      'sed',
      '-i',
      `s/^search ${namespace}\\.svc\\./search default.svc./`,
      `/etc/netns/${pod.name}/resolv.conf`,
    ]);
  }
  return `the resolv.conf of the ${pods.length} pod(s) in ${namespace} now searches default.svc.${d} first`;
}

export async function removeKubeDnsUdpJump(ctx: FaultContext): Promise<string> {
  const svc = requireService(ctx, 'kube-dns');
  const port = svc.ports.find((p) => p.protocol === 'UDP');
  if (!port?.name) throw new LabgateError('kube-dns has no named UDP port');
  const rules = await serviceRules(firstWorker(ctx.plan).name, portNameOf(ctx.plan, svc.name, port.name));
  await deleteRule(rules.node, rules.servicesJump);
  return `removed the KUBE-SERVICES rule ${rules.servicesJump.number} (-> ${rules.serviceChain}) for ${rules.portName} on ${rules.node}`;
}
