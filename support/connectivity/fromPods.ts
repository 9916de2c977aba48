/** Probes from inside pods: look up a name, send one request. */
import type { KubeConfig } from '@kubernetes/client-node';
import { LabgateError } from '../floor/errors.ts';
import { requireObjectName } from '../floor/names.ts';
import type { Evidence } from '../floor/finding.ts';
import { lookupName, tcpRequest, type ProbeOptions, type ProbeResult } from './probe.ts';
import { type PodRef } from '../access/podExec.ts';
import type { HttpReply, LookupOutcome } from './scripts.ts';

/** A probe that could not run is not an observation: it fails the step with its reason. */
function ranOrThrow<T>(r: ProbeResult<T>): T {
  if (r.problem) throw new LabgateError(r.problem.message, r.problem.hint);
  return r.outcome;
}

export async function lookUp(
  kc: KubeConfig,
  pod: PodRef,
  name: string,
  opts: ProbeOptions = {},
): Promise<{ outcome: LookupOutcome; evidence: Evidence[] }> {
  requireObjectName(name, 'the name to look up');
  const r = await lookupName(kc, pod, name, opts);
  return { outcome: ranOrThrow(r), evidence: r.evidence };
}

export async function request(
  kc: KubeConfig,
  pod: PodRef,
  host: string,
  port: number,
  payload: string,
  opts: ProbeOptions = {},
): Promise<{ outcome: HttpReply; evidence: Evidence[] }> {
  requireObjectName(host, 'the host to connect to');
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new LabgateError(`port ${port} in the feature is not a TCP port`, 'use a number from 1 to 65535');
  if (!/^[\x20-\x7e]{1,200}$/.test(payload))
    throw new LabgateError(
      `the payload ${JSON.stringify(payload)} must be one line of printable ASCII`,
      'fix the feature file',
    );
  const r = await tcpRequest(kc, pod, host, port, payload, opts);
  return { outcome: ranOrThrow(r), evidence: r.evidence };
}

export interface WorkerReply {
  node: string;
  pod: string;
  statusLine: string | null;
  closed: boolean;
  /** why no connection was made, when none was */
  failure?: string;
}
