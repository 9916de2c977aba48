/** Exercise 4.5 measured: new connections from a pod, counted by the DNAT rules on the pod's node. */
import type { KubeConfig } from '@kubernetes/client-node';
import { LabgateError } from '../floor/errors.ts';
import type { NodeNat } from './facts.ts';
import type { Evidence } from '../floor/finding.ts';
import { tcpBurst } from '../connectivity/probe.ts';
import { type PodRef } from '../access/podExec.ts';
import type { BurstOutcome } from '../connectivity/scripts.ts';

export const MAX_BURST = 2_000;

export interface Spread {
  outcome: BurstOutcome;
  before: NodeNat;
  after: NodeNat;
  evidence: Evidence[];
}

/** `readCounters` reads the node's NAT table with its packet counters, before and after the burst. */
export async function openConnections(
  kc: KubeConfig,
  readCounters: (node: string) => Promise<NodeNat>,
  pod: PodRef,
  vip: string,
  port: number,
  count: number,
): Promise<Spread> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_BURST) {
    throw new LabgateError(`cannot open ${count} connections`, `use a whole number between 1 and ${MAX_BURST}`);
  }
  const before = await readCounters(pod.node);
  const r = await tcpBurst(kc, pod, vip, port, count);
  const after = await readCounters(pod.node);
  if (r.problem) throw new LabgateError(r.problem.message, r.problem.hint);
  if (!r.outcome)
    throw new LabgateError(
      `the connection burst from pod ${pod.name} printed no summary`,
      'see the attached exec output',
    );
  return { outcome: r.outcome, before, after, evidence: r.evidence };
}
