/**
 * What crosses a link of the topology: the link's interface found in the topology file, and a bounded
 * `tcpdump -n` on that interface of a topology container (the ToR: cEOS has tcpdump in its bash, as the twin's ToR
 * has) while a pod pings, so the checks see whether the pod's packets travel inside VXLAN or as they are.
 */
import { readFileSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { captureOnContainerDuring } from '../access/captureOnContainer.ts';
import type { PodRef } from '../access/podExec.ts';
import { LabgateError } from '../floor/errors.ts';
import { commandEvidence, type Evidence } from '../floor/finding.ts';
import { type Capture, parseTcpdump } from '../podnet/index.ts';
import { pingFrom } from '../podnet/podReader.ts';

/** tcpdump is given this long to start listening before the pod's first echo request (its exec gives no sign). */
const CAPTURE_START_MS = 700;
const CAPTURE_MAX_SECONDS = 12;

/** The interface of topology node `from` whose link's other end is topology node `to`, as the topology file lists. */
export function linkInterface(topologyFile: string, from: string, to: string): string {
  let doc: { topology?: { links?: { endpoints?: unknown }[] } };
  try {
    doc = parse(readFileSync(topologyFile, 'utf8')) as typeof doc;
  } catch (err) {
    throw new LabgateError(`cannot read the topology file ${topologyFile}: ${(err as Error).message.split('\n')[0]}`);
  }
  for (const link of doc?.topology?.links ?? []) {
    const ends = Array.isArray(link.endpoints) ? link.endpoints.map(String) : [];
    const mine = ends.find((e) => e.startsWith(`${from}:`));
    if (mine && ends.some((e) => e.startsWith(`${to}:`))) return mine.slice(from.length + 1);
  }
  throw new LabgateError(`the topology ${topologyFile} has no link between ${from} and ${to}`);
}

/**
 * `tcpdump -n` of ICMP and VXLAN on `iface` of `container` while the pod pings `dst` `count` times: the capture
 * stops after every request and reply of the ping was seen, or after 12 s.
 */
export async function captureLinkWhilePinging(
  kc: KubeConfig,
  container: string,
  iface: string,
  pod: PodRef,
  dst: string,
  count: number,
): Promise<{ capture: Capture; evidence: Evidence[] }> {
  const tcpdump = ['timeout', String(CAPTURE_MAX_SECONDS), 'tcpdump', '-n', '-l', '-i', iface];
  const argv = [...tcpdump, '-c', String(2 * count), 'icmp or udp port 4789'];
  const { result: r, during: ping } = await captureOnContainerDuring(
    container,
    iface,
    argv,
    (CAPTURE_MAX_SECONDS + 5) * 1000,
    CAPTURE_START_MS,
    () => pingFrom(kc, pod, dst, count),
  );
  const parsed = parseTcpdump(`${r.stdout}\n${r.stderr}`);
  if (parsed.problems.length > 0)
    throw new LabgateError(`tcpdump on ${container} printed what labgate cannot read: ${parsed.problems[0]}`);
  return {
    capture: parsed.value,
    evidence: [commandEvidence(`tcpdump on ${container} ${iface}`, r), ...ping.evidence],
  };
}
