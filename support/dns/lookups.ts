/**
 * What the DNS steps read from the lab: a ConfigMap's Corefile, a pod's resolv.conf, and dig run in a pod.
 * CoreDNS's cache hands out an answer with its TTL counting down, so a lookup whose TTL is short of the
 * promise is asked again once the cached copy has expired (bounded by the TTL itself).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { LabgateError } from '../floor/errors.ts';
import type { KubeClients } from '../access/kubeClient.ts';
import { getConfigMap } from '../access/kubeQueries.ts';
import { runInPod, type PodCommandResult } from '../access/podCommand.ts';
import type { PodRef } from '../access/podExec.ts';
import { objectEvidence, type Evidence } from '../floor/finding.ts';
import type { Lookup } from './checks.ts';
import { answerAddresses, parseDig, singleReply } from './dig.ts';
import { digArgv } from './digCommand.ts';

export async function readCorefile(
  k: KubeClients,
  namespace: string,
  name: string,
): Promise<{ source: string; text: string; evidence: Evidence[] }> {
  const cm = await getConfigMap(k, name, namespace);
  const text = cm?.data?.Corefile;
  if (text === undefined)
    throw new LabgateError(
      `the ConfigMap ${namespace}/${name} ${cm ? 'has no Corefile' : 'does not exist'}`,
      `\`kubectl -n ${namespace} get configmap ${name} -o yaml\``,
    );
  return { source: `${namespace}/${name}`, text, evidence: [objectEvidence(`ConfigMap ${namespace}/${name}`, cm)] };
}

export async function podResolvConf(kc: KubeConfig, pod: PodRef): Promise<PodCommandResult> {
  return runInPod(kc, pod, ['cat', '/etc/resolv.conf'], 'to read its resolver settings');
}

function where(pod: PodRef): string {
  return `pod ${pod.name} (${pod.namespace}) on ${pod.node}`;
}

export async function runDig(
  kc: KubeConfig,
  pod: PodRef,
  command: string,
): Promise<{ lookup: Lookup; evidence: Evidence[] }> {
  const argv = digArgv(command);
  const r = await runInPod(kc, pod, argv, 'the lab looks names up with dig');
  return { lookup: { command, output: r.stdout, where: where(pod) }, evidence: r.evidence };
}

/** The lookup again after a cached answer (TTL below `ttl`) has expired; the first one when it was fresh. */
export async function freshLookup(
  kc: KubeConfig,
  pod: PodRef,
  first: Lookup,
  ttl: number,
): Promise<{ lookup: Lookup; evidence: Evidence[] }> {
  const reply = singleReply(parseDig(first.output), 'dig');
  const seen = reply?.answer.filter((r) => r.type === 'A').map((r) => r.ttl ?? ttl) ?? [];
  if (!reply || answerAddresses(reply).length === 0 || seen.every((t) => t >= ttl))
    return { lookup: first, evidence: [] };
  const wait = Math.min(ttl, Math.max(...seen.map((t) => t))) + 1;
  await new Promise((r) => setTimeout(r, wait * 1000));
  return runDig(kc, pod, first.command);
}
