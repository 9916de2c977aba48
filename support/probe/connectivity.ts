/** Exercise 3 findings: what a pod saw when it looked up and connected to a Service. */
import type { KubeConfig } from '@kubernetes/client-node';
import { LabgateError } from '../errors.ts';
import { requireObjectName } from '../validate/names.ts';
import { finding, type Evidence, type Finding } from '../report/evidence.ts';
import { lookupName, tcpRequest, type PodRef, type ProbeOptions, type ProbeResult } from './probe.ts';
import type { HttpReply, LookupOutcome } from './scripts.ts';

function where(pod: PodRef): string {
  return `pod ${pod.name} on ${pod.node}`;
}

/** A probe that could not run is not an observation: it fails the step with its reason. */
function ranOrThrow<T>(r: ProbeResult<T>): T {
  if (r.problem) throw new LabgateError(r.problem.message, r.problem.hint);
  return r.outcome;
}

export async function lookUp(kc: KubeConfig, pod: PodRef, name: string, opts: ProbeOptions = {}): Promise<{ outcome: LookupOutcome; evidence: Evidence[] }> {
  requireObjectName(name, 'the name to look up');
  const r = await lookupName(kc, pod, name, opts);
  return { outcome: ranOrThrow(r), evidence: r.evidence };
}

export async function request(
  kc: KubeConfig, pod: PodRef, host: string, port: number, payload: string, opts: ProbeOptions = {},
): Promise<{ outcome: HttpReply; evidence: Evidence[] }> {
  requireObjectName(host, 'the host to connect to');
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new LabgateError(`port ${port} in the feature is not a TCP port`, 'use a number from 1 to 65535');
  if (!/^[\x20-\x7e]{1,200}$/.test(payload)) throw new LabgateError(`the payload ${JSON.stringify(payload)} must be one line of printable ASCII`, 'fix the feature file');
  const r = await tcpRequest(kc, pod, host, port, payload, opts);
  return { outcome: ranOrThrow(r), evidence: r.evidence };
}

export function resolvesTo(pod: PodRef, name: string, lookup: LookupOutcome, vip: string): Finding<string[]> {
  return finding(
    [vip],
    lookup.addresses,
    `The lab promises that "${name}" resolves through cluster DNS to the Service VIP ${vip}; from ${where(pod)} ${lookup.tool ?? 'the lookup'} gave ${lookup.addresses.join(', ') || 'no address'}. Check the pod's /etc/resolv.conf, CoreDNS (\`kubectl -n kube-system get pods -l k8s-app=kube-dns\`) and \`kubectl get svc ${name}\`.`,
  );
}

export function connectionEstablished(pod: PodRef, reply: HttpReply): Finding<boolean> {
  return finding(
    true,
    reply.connected,
    `The lab promises a TCP connection from ${where(pod)} to ${reply.host}:${reply.port} (telnet shows "Connected"); it was not established${reply.failure ? ` (${reply.failure})` : ''}. Check the KUBE-SERVICES rules on ${pod.node} and that the pods behind ${reply.host} are Ready.`,
  );
}

export function replyStartsWith(pod: PodRef, reply: HttpReply, statusLine: string): Finding<string | null> {
  return finding(
    statusLine,
    reply.statusLine,
    `The lab promises that its request to ${reply.host}:${reply.port} draws "${statusLine}"; from ${where(pod)} the reply began with ${reply.statusLine ? `"${reply.statusLine}"` : `no HTTP status line (raw: ${JSON.stringify(reply.raw.slice(0, 120))})`}. Check which backend answered: \`kubectl get endpointslice -l kubernetes.io/service-name=${reply.host.split('.')[0]}\`.`,
  );
}

export function headerStartsWith(pod: PodRef, reply: HttpReply, header: string, prefix: string): Finding<boolean> {
  const value = reply.headers[header.toLowerCase()];
  return finding(
    true,
    value?.startsWith(prefix) ?? false,
    `The lab's reply carries "${header}: ${prefix}/..." (the request reached that server); from ${where(pod)} the ${header} header is ${value === undefined ? 'missing' : `"${value}"`}.`,
  );
}

export function closedByServer(pod: PodRef, reply: HttpReply): Finding<boolean> {
  return finding(
    true,
    reply.closedByPeer,
    `The lab shows ${reply.host}'s server closing the connection after its reply ("Connection closed by foreign host"); from ${where(pod)} it was ${reply.connected ? 'still open when labgate stopped reading' : `never opened${reply.failure ? ` (${reply.failure})` : ''}`}.`,
  );
}

export interface WorkerReply {
  node: string;
  pod: string;
  statusLine: string | null;
  closed: boolean;
  /** why no connection was made, when none was */
  failure?: string;
}

export function everyWorkerGot(daemonset: string, payload: string, replies: WorkerReply[], statusLine: string, evidence: Evidence[]): Finding<WorkerReply[]> {
  return finding(
    replies.map(({ failure: _none, ...r }): WorkerReply => ({ ...r, statusLine, closed: true })),
    replies,
    `The lab promises that from the ${daemonset} pod on every worker, "${payload}" to the Service draws "${statusLine}" and the server closes; got ${replies.map((r) => `${r.node}: ${r.statusLine ?? (r.failure ? `no connection (${r.failure})` : 'no reply')}${r.closed || r.failure ? '' : ' (not closed)'}`).join('; ')}.`,
    evidence,
  );
}

/** Exercise 3 from the pod of `daemonset` on every worker: the request and what came back. */
export async function requestFromEveryWorker(
  session: import('../lab/session.ts').LabSession,
  daemonset: string,
  host: string,
  port: number,
  payload: string,
): Promise<{ replies: WorkerReply[]; evidence: Evidence[] }> {
  const roles = await session.roles();
  const replies: WorkerReply[] = [];
  const evidence: Evidence[] = [];
  for (let i = 1; i <= roles.workers.length; i++) {
    const pod = await session.podOn(daemonset, `worker ${i}`);
    const r = await request(session.kube.kc, pod, host, port, payload);
    evidence.push(...r.evidence);
    replies.push({ node: pod.node, pod: pod.name, statusLine: r.outcome.statusLine, closed: r.outcome.closedByPeer, ...(r.outcome.failure ? { failure: r.outcome.failure } : {}) });
  }
  return { replies, evidence };
}
