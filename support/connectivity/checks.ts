/** Connectivity checks: what a pod saw when it looked up and connected to a Service. */
import type { PodRef } from '../access/podExec.ts';
import type { WorkerReply } from './fromPods.ts';
import type { HttpReply, LookupOutcome } from './scripts.ts';
import { finding, type Evidence, type Finding } from '../floor/finding.ts';

function where(pod: PodRef): string {
  return `pod ${pod.name} on ${pod.node}`;
}

export function resolvesTo(pod: PodRef, name: string, lookup: LookupOutcome, vip: string): Finding<string[]> {
  return finding(
    [vip],
    lookup.addresses,
    `The lab promises that "${name}" resolves through cluster DNS to the Service VIP ${vip}; from ` +
      `${where(pod)} ${lookup.tool ?? 'the lookup'} gave ${lookup.addresses.join(', ') || 'no address'}. Check ` +
      `the pod's /etc/resolv.conf, CoreDNS (\`kubectl -n kube-system get pods -l k8s-app=kube-dns\`) and ` +
      `\`kubectl get svc ${name}\`.`,
  );
}

export function connectionEstablished(pod: PodRef, reply: HttpReply): Finding<boolean> {
  return finding(
    true,
    reply.connected,
    `The lab promises a TCP connection from ${where(pod)} to ${reply.host}:${reply.port} (telnet shows ` +
      `"Connected"); it was not established${reply.failure ? ` (${reply.failure})` : ''}. Check the ` +
      `KUBE-SERVICES rules on ${pod.node} and that the pods behind ${reply.host} are Ready.`,
  );
}

export function replyStartsWith(pod: PodRef, reply: HttpReply, statusLine: string): Finding<string | null> {
  const began = reply.statusLine
    ? `"${reply.statusLine}"`
    : `no HTTP status line (raw: ${JSON.stringify(reply.raw.slice(0, 120))})`;
  return finding(
    statusLine,
    reply.statusLine,
    `The lab promises that its request to ${reply.host}:${reply.port} draws "${statusLine}"; from ` +
      `${where(pod)} the reply began with ${began}. ` +
      `Check which backend answered: \`kubectl get endpointslice -l ` +
      `kubernetes.io/service-name=${reply.host.split('.')[0]}\`.`,
  );
}

export function headerStartsWith(pod: PodRef, reply: HttpReply, header: string, prefix: string): Finding<boolean> {
  const value = reply.headers[header.toLowerCase()];
  return finding(
    true,
    value?.startsWith(prefix) ?? false,
    `The lab's reply carries "${header}: ${prefix}/..." (the request reached that server); from ${where(pod)} ` +
      `the ${header} header is ${value === undefined ? 'missing' : `"${value}"`}.`,
  );
}

export function closedByServer(pod: PodRef, reply: HttpReply): Finding<boolean> {
  const state = reply.closedByPeer
    ? 'closed by the server after its reply'
    : reply.connected
      ? 'still open when labgate stopped reading'
      : `never opened${reply.failure ? ` (${reply.failure})` : ''}`;
  return finding(
    true,
    reply.closedByPeer,
    `The lab shows ${reply.host}'s server closing the connection after its reply ("Connection closed by ` +
      `foreign host"); from ${where(pod)} it was ${state}.`,
  );
}

function replyLine(r: WorkerReply | undefined): string {
  if (!r) return 'no reply (not asked)';
  if (r.failure) return `no connection (${r.failure})`;
  return `${r.statusLine ?? 'no status line'}, ${r.closed ? 'closed by the server' : 'not closed'}`;
}

/**
 * `workers` are the worker nodes the API lists (the expected set); `replies` what each pod got. A worker
 * without a reply, or a reply from a node that is no worker, fails; no worker at all is nothing to look at.
 */
export function everyWorkerGot(
  daemonset: string,
  payload: string,
  workers: string[],
  replies: WorkerReply[],
  statusLine: string,
  evidence: Evidence[],
): Finding<string[]> {
  const want = `${statusLine}, closed by the server`;
  const expected = workers.length ? workers.map((node) => `${node}: ${want}`) : ['(a worker node to ask from)'];
  const observed = [
    ...workers.map((node) => `${node}: ${replyLine(replies.find((r) => r.node === node))}`),
    ...replies.filter((r) => !workers.includes(r.node)).map((r) => `${r.node} (not a worker): ${replyLine(r)}`),
  ];
  // every worker is named, the ones that got no reply too
  const seen = observed.join('; ') || 'no reply';
  return finding(
    expected,
    observed,
    `The lab promises that from the ${daemonset} pod on every worker ` +
      `(${workers.join(', ') || 'the cluster lists none'}), ` +
      `"${payload}" to the Service draws "${statusLine}" and the server closes; got ${seen}.`,
    evidence,
  );
}
