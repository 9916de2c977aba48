/**
 * What the lab promises about a bandwidth-limited pod's traffic, checked on a measured run against the rate its
 * annotation asks for (read from the API, never from the run):
 *
 * The shaping tolerance. Calico's tbf counts every byte of the frame on the pod's veth (IP packet + 14 bytes of
 * Ethernet header); iperf3 counts TCP payload. At MTU m a full segment carries m - 52 bytes (IP 20, TCP 20 with
 * timestamps 12) in m + 14 on the wire: at 1500, 1448/1514 = 0.956, at Calico's VXLAN MTU 1450 1398/1464 = 0.955.
 * So the receiver's steady goodput under a 10M tbf is 9.56 Mbit/s (what was measured through tbf here: 9.42 to
 * 9.78 a second, 9.55 over three). The lower bound allows a further 11 % for TCP recovering from the tbf's drops
 * and a shared 2-core machine's scheduling (0.956 * 0.89 = 0.85); the upper bound 5 % above the rate covers
 * iperf3's three-digit rounding and interval edges: once the bucket is spent no mean above the rate can pass a
 * tbf, and a missing or tenfold shaper lands far outside (a tbf at 100M gives ~95 Mbit/s). The lab text's 10.5
 * Mbit/s a second is the sender's view (its socket's 1.25 MBytes); this check reads the receiver's.
 */
import { finding, textEvidence, type Finding } from '../floor/finding.ts';
import { formatRate } from './bandwidth.ts';
import { firstSecondRate, intervalsOf, rateFrom, type ThroughputRun } from './iperf.ts';

export const SHAPING_TOLERANCE = { low: 0.85, high: 1.05 } as const;
/** The steady part of a run starts after its first second (the burst the tbf bucket lets through). */
export const STEADY_FROM_S = 1;

function intervalsEvidence(title: string, run: ThroughputRun): ReturnType<typeof textEvidence> {
  const { side, intervals } = intervalsOf(run);
  const lines = intervals.map(
    (i) =>
      `${i.start.toFixed(2)}-${i.end.toFixed(2)} s  ${String(Math.round(i.bytes)).padStart(12)} bytes  ` +
      formatRate(i.bitsPerSecond),
  );
  lines.push(
    `total received: ${formatRate(run.receivedBitsPerSecond)} over ${run.seconds.toFixed(2)} s (${side} side)`,
  );
  return textEvidence(title, lines.join('\n'));
}

/** After its first second, the run holds to the annotated rate within the shaping tolerance. */
export function steadyRateWithin(
  what: string,
  run: ThroughputRun,
  limit: number,
  limitSource: string,
): Finding<string> {
  const lo = limit * SHAPING_TOLERANCE.low;
  const hi = limit * SHAPING_TOLERANCE.high;
  const range = `${formatRate(lo)} to ${formatRate(hi)}`;
  const steady = rateFrom(run, STEADY_FROM_S);
  const inside = steady !== undefined && steady >= lo && steady <= hi;
  const seen = steady === undefined ? 'no interval after the first second' : formatRate(steady);
  const message = inside
    ? `${what} after the first second: ${seen}, within ${range} (${limitSource})`
    : `${what} after the first second is ${seen}, not within ${range} (${limitSource})`;
  return finding(range, inside ? range : seen, message, [intervalsEvidence(what, run)]);
}

/** The first second carries a burst: more than `factor` times the annotated rate, as the tbf's bucket allows. */
export function burstInFirstSecond(what: string, run: ThroughputRun, limit: number, factor: number): Finding<boolean> {
  const first = firstSecondRate(run);
  const ok = first !== undefined && first > factor * limit;
  const seen = first === undefined ? 'no first second' : formatRate(first);
  const message = ok
    ? `${what} in its first second: ${seen}, a burst above ${factor} x ${formatRate(limit)}`
    : `${what} in its first second is ${seen}, no burst above ${factor} x ${formatRate(limit)}`;
  return finding(true, ok, message, [intervalsEvidence(what, run)]);
}

/** A run carries at least `factor` times a rate (an unshaped run against the rate the QoS pods ask for). */
export function rateAtLeast(what: string, run: ThroughputRun, factor: number, rate: number): Finding<boolean> {
  const ok = run.receivedBitsPerSecond >= factor * rate;
  const seen = formatRate(run.receivedBitsPerSecond);
  const message = ok
    ? `${what} carries ${seen}, at least ${factor} x ${formatRate(rate)}`
    : `${what} carries only ${seen}, less than ${factor} x ${formatRate(rate)}: it is held back`;
  return finding(true, ok, message, [intervalsEvidence(what, run)]);
}

/** The shaped run's steady rate is at most 1/factor of the baseline's rate. */
export function farBelow(
  what: string,
  shaped: ThroughputRun,
  baseline: ThroughputRun,
  factor: number,
): Finding<boolean> {
  const steady = rateFrom(shaped, STEADY_FROM_S);
  const ok = steady !== undefined && steady * factor <= baseline.receivedBitsPerSecond;
  const seen = steady === undefined ? 'no interval after the first second' : formatRate(steady);
  const base = formatRate(baseline.receivedBitsPerSecond);
  const message = ok
    ? `${what} after the first second: ${seen}, at most 1/${factor} of the baseline's ${base}`
    : `${what} after the first second is ${seen}, not at most 1/${factor} of the baseline's ${base}`;
  return finding(true, ok, message, [intervalsEvidence(what, shaped), intervalsEvidence('the baseline', baseline)]);
}

/** The pod carries exactly the annotations its manifest gives it (the API's own ones left aside). */
export function annotationsAsWritten(
  pod: string,
  observed: Record<string, string>,
  manifest: Record<string, string>,
): Finding<Record<string, string>> {
  const own = Object.fromEntries(
    Object.entries(observed)
      .filter(([k]) => !k.startsWith('kubectl.kubernetes.io/'))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  const wanted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
  const same = JSON.stringify(own) === JSON.stringify(wanted);
  const show = (o: Record<string, string>) => JSON.stringify(o);
  const message = same
    ? `pod ${pod} carries the annotations of its manifest: ${show(own)}`
    : `pod ${pod} carries ${show(own)}, not the annotations of its manifest ${show(wanted)}`;
  return finding(wanted, own, message, [textEvidence(`annotations of ${pod}`, JSON.stringify(observed, null, 2))]);
}
