/**
 * A pod's network from inside it: `ip -j` readings, a bounded ping, and a bounded capture taken while another
 * pod pings it. Argument arrays only; addresses come from the cluster and are validated before use.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { Address4 } from 'ip-address';
import { LabgateError } from '../floor/errors.ts';
import { parseIpAddr, parseIpRoute } from './ip.ts';
import type { Interface, Route } from './model.ts';
import { parsePing, type PingRun } from './ping.ts';
import { parseTcpdump, type Capture } from './tcpdump.ts';
import { commandEvidence, type Evidence } from '../floor/finding.ts';
import { execInPod, type PodExecResult } from '../access/podExec.ts';
import type { PodRef } from '../access/podExec.ts';
import { programMissing } from '../connectivity/scripts.ts';

export interface PodRead<T> {
  value: T;
  evidence: Evidence[];
}

/** Seconds between echo requests: fast, and still allowed to an unprivileged ping. */
export const PING_INTERVAL_S = 0.2;
/** How long ping waits for the last reply. */
export const PING_REPLY_WAIT_S = 1;
/** How long a capture may take to start listening before the ping goes out anyway. */
export const CAPTURE_START_TIMEOUT_MS = 5_000;
const EXEC_SLACK_MS = 10_000;

function requireIpv4(ip: string, what: string): string {
  if (!Address4.isValid(ip))
    throw new LabgateError(
      `${what} "${ip}" is not an IPv4 address`,
      "addresses come from the pods' status (kubectl get pods -o wide)",
    );
  return ip;
}

function where(pod: PodRef): string {
  return `pod ${pod.namespace}/${pod.name} on ${pod.node}`;
}

function failed(pod: PodRef, r: PodExecResult): LabgateError {
  const program = r.command[0] === 'timeout' ? r.command[2]! : r.command[0]!;
  if (programMissing(program, r.failure, r.stderr, r.exitCode))
    return new LabgateError(
      `${program} is not installed in ${where(pod)}`,
      'use an image with iproute2, ping and tcpdump in it (a network-tools image)',
    );
  if (r.timedOut)
    return new LabgateError(
      `\`${r.command.join(' ')}\` in ${where(pod)} timed out after ${r.timeoutMs} ms`,
      `kubectl exec -n ${pod.namespace} ${pod.name} -- ${r.command.join(' ')}`,
    );
  return new LabgateError(
    `\`${r.command.join(' ')}\` in ${where(pod)} failed: ` +
      `${r.failure ?? `exit ${r.exitCode}`}${r.stderr.trim() ? ` (${r.stderr.trim().split('\n')[0]})` : ''}`,
    `kubectl exec -n ${pod.namespace} ${pod.name} -- ${r.command.join(' ')}`,
  );
}

async function run(
  kc: KubeConfig,
  pod: PodRef,
  command: string[],
  opts: { timeoutMs?: number; onOutput?: (chunk: string) => void } = {},
): Promise<PodExecResult> {
  return execInPod(kc, { namespace: pod.namespace, pod: pod.name, container: pod.container, command, ...opts });
}

function evidenceOf(pod: PodRef, r: PodExecResult): Evidence {
  return commandEvidence(`${r.command.join(' ')} in ${pod.name}`, r);
}

async function readIp<T>(
  kc: KubeConfig,
  pod: PodRef,
  args: string[],
  parse: (t: string) => { value: T },
): Promise<PodRead<T>> {
  const r = await run(kc, pod, ['ip', '-j', ...args]);
  if (r.exitCode !== 0) throw failed(pod, r);
  return { value: parse(r.stdout).value, evidence: [evidenceOf(pod, r)] };
}

export function podInterfaces(kc: KubeConfig, pod: PodRef): Promise<PodRead<Interface[]>> {
  return readIp(kc, pod, ['addr'], parseIpAddr);
}

/** `ip -j -d addr`: each interface with its kind (veth, macvlan, ...). */
export function podInterfacesDetailed(kc: KubeConfig, pod: PodRef): Promise<PodRead<Interface[]>> {
  return readIp(kc, pod, ['-d', 'addr'], parseIpAddr);
}

export function podRoutes(kc: KubeConfig, pod: PodRef): Promise<PodRead<Route[]>> {
  return readIp(kc, pod, ['route'], parseIpRoute);
}

function pingCommand(ip: string, count: number): string[] {
  return [
    'ping',
    '-c',
    String(count),
    '-i',
    String(PING_INTERVAL_S),
    '-W',
    String(PING_REPLY_WAIT_S),
    requireIpv4(ip, 'the destination'),
  ];
}

function pingTimeoutMs(count: number): number {
  return Math.ceil((count * PING_INTERVAL_S + PING_REPLY_WAIT_S) * 1000) + EXEC_SLACK_MS;
}

/** `ping -c count` from the pod; a run with lost replies is an outcome for the checks, not an error. */
export async function pingFrom(kc: KubeConfig, pod: PodRef, ip: string, count: number): Promise<PodRead<PingRun>> {
  const r = await run(kc, pod, pingCommand(ip, count), { timeoutMs: pingTimeoutMs(count) });
  // ping exits 1 when replies are missing and 2 on errors: both are for the checks to judge
  if (r.exitCode === undefined || r.exitCode > 2) throw failed(pod, r);
  return { value: parsePing(r.stdout).value, evidence: [evidenceOf(pod, r)] };
}

/**
 * `tcpdump -n -i eth0 -c packets icmp` in the destination, bounded by `seconds`; once it listens, the source
 * pings the destination packets/2 times (each echo makes a request and a reply).
 */
export async function captureWhilePinging(
  kc: KubeConfig,
  source: PodRef,
  destination: PodRef & { ip: string },
  packets: number,
  seconds: number,
): Promise<PodRead<Capture>> {
  let listening: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    listening = resolve;
  });
  let seen = '';
  const captureCommand = ['timeout', String(seconds), 'tcpdump', '-n', '-i', 'eth0', '-c', String(packets), 'icmp'];
  const capture = run(kc, destination, captureCommand, {
    timeoutMs: seconds * 1000 + EXEC_SLACK_MS,
    onOutput: (chunk) => {
      seen += chunk;
      if (seen.includes('listening on')) listening();
    },
  });
  await Promise.race([ready, capture, new Promise((r) => setTimeout(r, CAPTURE_START_TIMEOUT_MS))]);
  const ping = await pingFrom(kc, source, destination.ip, Math.max(1, Math.ceil(packets / 2)));
  const r = await capture;
  // timeout(1) exits 124 when the capture ran out of time before `packets` arrived: what was seen still counts
  if (r.exitCode !== 0 && r.exitCode !== 124) throw failed(destination, r);
  return { value: parseTcpdump(r.stdout).value, evidence: [evidenceOf(destination, r), ...ping.evidence] };
}
