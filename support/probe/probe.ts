/** Probes run from inside a pod: name lookup, one raw TCP request, a burst of new connections. */
import type { KubeConfig } from '@kubernetes/client-node';
import { commandEvidence, type Evidence } from '../report/evidence.ts';
import { execInPod, type PodExecResult } from './exec.ts';
import {
  isMissingExecutable, lookupCommand, parseBurst, parseLookup, parseTcpRequest, tcpBurstCommand, tcpRequestCommand,
  type BurstOutcome, type HttpReply, type LookupOutcome,
} from './scripts.ts';

/** Bound for a burst: N connections, each normally a few milliseconds. */
export const BURST_EXEC_TIMEOUT_MS = 120_000;

export interface PodRef {
  namespace: string;
  name: string;
  container: string;
  node: string;
}

export interface ProbeResult<T> {
  outcome: T;
  /** why the probe could not run at all (no shell, tool missing, exec refused, timeout); undefined when it ran */
  problem?: string;
  evidence: Evidence[];
}

function describePod(pod: PodRef): string {
  return `pod ${pod.name} on ${pod.node}`;
}

function execProblem(pod: PodRef, r: PodExecResult, program: string): string | undefined {
  if (r.timedOut) return `the exec in ${describePod(pod)} did not finish in time`;
  if (isMissingExecutable(r.failure)) return `${describePod(pod)} has no ${program} (${r.failure})`;
  if (r.failure) return `exec in ${describePod(pod)} failed: ${r.failure}`;
  return undefined;
}

function evidenceOf(pod: PodRef, r: PodExecResult): Evidence {
  const shown = r.command.map((a, i) => (i === 2 ? '<probe script>' : a));
  return commandEvidence(`kubectl exec ${pod.name} -- ${shown.slice(0, 2).join(' ')} … (on ${pod.node})`, {
    command: ['kubectl', 'exec', '-n', pod.namespace, pod.name, '-c', pod.container, '--', ...shown],
    stdout: r.stdout,
    stderr: r.failure ? `${r.stderr}\n${r.failure}` : r.stderr,
    exitCode: r.exitCode,
    timedOut: r.timedOut,
  });
}

export async function lookupName(kc: KubeConfig, pod: PodRef, name: string): Promise<ProbeResult<LookupOutcome>> {
  const r = await execInPod(kc, { namespace: pod.namespace, pod: pod.name, container: pod.container, command: lookupCommand(name) });
  const outcome = parseLookup(r.stdout, r.stderr);
  const problem =
    execProblem(pod, r, 'sh') ?? (outcome.missingTool ? `${describePod(pod)} has neither getent nor nslookup` : undefined);
  return { outcome, problem, evidence: [evidenceOf(pod, r)] };
}

export async function tcpRequest(kc: KubeConfig, pod: PodRef, host: string, port: number, payload: string): Promise<ProbeResult<HttpReply>> {
  const base = { namespace: pod.namespace, pod: pod.name, container: pod.container };
  let r = await execInPod(kc, { ...base, command: tcpRequestCommand(host, port, payload, 'bash') });
  const evidence = [evidenceOf(pod, r)];
  if (isMissingExecutable(r.failure)) {
    // no bash, so no /dev/tcp: try sh with nc
    r = await execInPod(kc, { ...base, command: tcpRequestCommand(host, port, payload, 'sh') });
    evidence.push(evidenceOf(pod, r));
  }
  const outcome = parseTcpRequest(host, port, r.stdout, r.stderr);
  const problem =
    execProblem(pod, r, 'bash or sh') ?? (outcome.missingTool ? `${describePod(pod)} has neither bash (/dev/tcp) nor nc` : undefined);
  return { outcome, problem, evidence };
}

export async function tcpBurst(kc: KubeConfig, pod: PodRef, host: string, port: number, count: number): Promise<ProbeResult<BurstOutcome | null>> {
  const r = await execInPod(kc, {
    namespace: pod.namespace, pod: pod.name, container: pod.container,
    command: tcpBurstCommand(host, port, count), timeoutMs: BURST_EXEC_TIMEOUT_MS,
  });
  return { outcome: parseBurst(r.stdout), problem: execProblem(pod, r, 'bash'), evidence: [evidenceOf(pod, r)] };
}
