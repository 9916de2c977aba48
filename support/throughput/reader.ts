/**
 * A bounded throughput measurement between two pods: iperf3 run in the client pod against a server (a Service's
 * name, resolved by the cluster DNS as the lab's `kubectl exec ... iperf3 -c <name>` does) for a few seconds, its
 * JSON read with the server's own report of what it received. Bounded in time (the run plus a margin) and in
 * bytes (the run's length at the path's rate).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { execInPod, type PodRef } from '../access/podExec.ts';
import { LabgateError } from '../floor/errors.ts';
import { commandEvidence, type Evidence } from '../floor/finding.ts';
import { assertDns1123 } from '../floor/names.ts';
import { parseIperfJson, type ThroughputRun } from './iperf.ts';

/** The longest run a step may ask for: measurements stay short. */
export const MAX_RUN_SECONDS = 30;
const EXEC_MARGIN_MS = 15_000;

export function iperfCommand(server: string, seconds: number): string[] {
  return ['iperf3', '-c', server, '-t', String(seconds), '-i', '1', '-J', '--get-server-output'];
}

export async function measureThroughput(
  kc: KubeConfig,
  from: PodRef,
  server: string,
  seconds: number,
): Promise<{ run: ThroughputRun; evidence: Evidence[] }> {
  assertDns1123(server, 'server name');
  if (!Number.isInteger(seconds) || seconds < 2 || seconds > MAX_RUN_SECONDS) {
    throw new LabgateError(`a throughput run lasts 2 to ${MAX_RUN_SECONDS} s, not ${seconds}`);
  }
  const command = iperfCommand(server, seconds);
  const r = await execInPod(kc, {
    namespace: from.namespace,
    pod: from.name,
    container: from.container,
    command,
    timeoutMs: seconds * 1000 + EXEC_MARGIN_MS,
  });
  const evidence = [commandEvidence(`${command.join(' ')} in ${from.name}`, r)];
  if (r.timedOut) throw new LabgateError(`iperf3 in pod ${from.name} to ${server} timed out after ${r.timeoutMs} ms`);
  if (r.failure && !r.stdout.trim()) {
    throw new LabgateError(`iperf3 in pod ${from.name} could not run: ${r.failure}`, 'the pod needs iperf3');
  }
  try {
    return { run: parseIperfJson(r.stdout), evidence };
  } catch (err) {
    throw new LabgateError(`iperf3 from pod ${from.name} to ${server}: ${(err as Error).message}`);
  }
}
