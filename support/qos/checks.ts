/**
 * Pure checks of DSCP marking and shaping: a rate within bounds of what a class promises, a baseline far above
 * every class, the TOS of the echo requests a capture saw, the shaper's classes for each TOS, a pod's annotation.
 *
 * The bounds are ratios to the lab's own numbers, never absolute rates of a machine:
 * - a shaped class: the receiver's rate over the class rate in [0.80, 1.10]. HTB counts whole frames (1514
 *   bytes for 1448 of TCP payload), so a saturated class carries about 0.96 of its rate as payload; measured
 *   through the lab's own tc lines on this kernel, 3 s runs: 0.998 (1 Mbit/s) and 0.971 (5 Mbit/s); the 2 s
 *   runs the features ask for: 0.958 and 0.957 (the receiver's seconds run on while the queue drains). 0.80 leaves
 *   room for slow start in the first round trips of a short run, 1.10 for HTB's burst (1600 b) and timing at
 *   the run's edges; a flow in the wrong class (5 times or a fifth of the rate) or unshaped is far outside.
 * - the baseline: at least 10 times the fastest class. The lab shows 944 Mbit/s against 5 (189 times); measured
 *   here 927 (185 times); 10 leaves room for a busy machine, while any flow shaped into a class (at most 5.5
 *   Mbit/s) fails it.
 */
import { type Evidence, finding, type Finding, textEvidence } from '../floor/finding.ts';
import { classOfTos, type HtbClass, type U32Filter } from './htb.ts';
import { mbits, type ThroughputRun } from '../throughput/iperf.ts';
import { tosText } from './model.ts';
import { isEchoRequestTo, type TosCapture } from './tosCapture.ts';

export const SHAPED_RATE_BOUNDS = { low: 0.8, high: 1.1 } as const;
export const BASELINE_FACTOR = 10;

const fmt = (n: number) => Number(n.toFixed(3)).toString();

function received(run: ThroughputRun): number | undefined {
  return run.error ? undefined : mbits(run.receivedBitsPerSecond);
}

function failed(run: ThroughputRun): string {
  return `iperf3 failed: ${run.error}`;
}

/** What the receiver got is within SHAPED_RATE_BOUNDS of the class's rate. */
export function shapedRate(
  who: string,
  run: ThroughputRun,
  classMbit: number,
  evidence: Evidence[] = [],
): Finding<string> {
  const { low, high } = SHAPED_RATE_BOUNDS;
  const expected = `received within ${low}-${high} of ${classMbit} Mbit/s`;
  const got = received(run);
  const ratio = got === undefined ? undefined : got / classMbit;
  const observed =
    ratio === undefined
      ? failed(run)
      : ratio >= low && ratio <= high
        ? expected
        : `received ${fmt(got!)} Mbit/s, ${fmt(ratio)} times ${classMbit} Mbit/s`;
  return finding(
    expected,
    observed,
    `The lab promises ${who} about ${classMbit} Mbit/s, its DSCP class's rate on the router; ${observed}. ` +
      "Check the pod's qos.projectcalico.org/dscp annotation, the TOS on the wire and `tc class show` on the router.",
    evidence,
  );
}

/** What the receiver got is at least BASELINE_FACTOR times the fastest class: no class shaped it. */
export function farAboveClasses(
  who: string,
  run: ThroughputRun,
  fastestClassMbit: number,
  evidence: Evidence[] = [],
): Finding<string> {
  const floor = BASELINE_FACTOR * fastestClassMbit;
  const expected = `received at least ${BASELINE_FACTOR} times ${fastestClassMbit} Mbit/s`;
  const got = received(run);
  const observed =
    got === undefined
      ? failed(run)
      : got >= floor
        ? expected
        : `received ${fmt(got)} Mbit/s, ${fmt(got / fastestClassMbit)} times ${fastestClassMbit} Mbit/s`;
  return finding(
    expected,
    observed,
    `The lab promises ${who} unshaped bandwidth, far above its classes (fastest ${fastestClassMbit} Mbit/s); ` +
      `${observed}. A pod without DSCP marking must fall into the router's default class.`,
    evidence,
  );
}

/** Every echo request to `dst` in the capture carries `tos`, and there is at least one. */
export function echoRequestsTos(
  where: string,
  capture: TosCapture,
  dst: string,
  tos: number,
  evidence: Evidence[] = [],
): Finding<string[]> {
  const requests = capture.packets.filter((p) => isEchoRequestTo(p, dst));
  const seen = [...new Set(requests.map((p) => tosText(p.tos)))].sort();
  const observed = requests.length === 0 ? ['no echo request'] : seen;
  return finding(
    [tosText(tos)],
    observed,
    `The lab promises tos ${tosText(tos)} on the echo requests to ${dst} seen ${where}; the capture shows ` +
      `${requests.length} with tos ${observed.join(', ')}.`,
    [...evidence, textEvidence('echo requests read', requests.map((p) => p.lines).join('\n') || '(none)')],
  );
}

export interface ShapingRow {
  tos: number;
  rate: number;
  ceil: number;
}

function shapingLine(tos: number, cls: HtbClass | undefined, classid: string | undefined): string {
  if (!classid) return `tos ${tosText(tos)}: no class`;
  if (!cls) return `tos ${tosText(tos)}: ${classid}, which does not exist`;
  return `tos ${tosText(tos)}: rate ${fmt(cls.rate / 1e6)} Mbit/s ceil ${fmt(cls.ceil / 1e6)} Mbit/s`;
}

/**
 * For each TOS the lab names, the class the shaper's filters send it to (or its default class) has the rate and
 * ceil the lab gives, as `tc` reads them back from the kernel.
 */
export function htbShaping(
  iface: string,
  classes: readonly HtbClass[],
  filters: readonly U32Filter[],
  defaultClass: string | undefined,
  rows: readonly ShapingRow[],
  evidence: Evidence[] = [],
): Finding<string[]> {
  const expected = rows.map((r) => shapingLine(r.tos, { classid: '', rate: r.rate, ceil: r.ceil, line: '' }, 'wanted'));
  const observed = rows.map((r) => {
    const classid = classOfTos(filters, r.tos) ?? defaultClass;
    return shapingLine(
      r.tos,
      classes.find((c) => c.classid === classid),
      classid,
    );
  });
  return finding(
    expected,
    observed,
    `The lab promises HTB on ${iface} shaping each TOS into its class; read back: ${observed.join('; ')}.`,
    evidence,
  );
}

/** The pod carries the annotation with the value the lab gives, or, with `value` undefined, does not carry it. */
export function podAnnotation(
  pod: string,
  annotations: Readonly<Record<string, string>>,
  key: string,
  value: string | undefined,
): Finding<string> {
  const show = (v: string | undefined) => (v === undefined ? `no ${key}` : `${key}=${v}`);
  return finding(
    show(value),
    show(annotations[key]),
    `The lab promises pod ${pod} ${value === undefined ? 'without' : 'with'} the annotation ${show(value)}; its ` +
      `annotations are ${JSON.stringify(annotations)}.`,
    [textEvidence(`annotations of ${pod}`, JSON.stringify(annotations, null, 2))],
  );
}

/** Every named pod runs on `node`. */
export function podsOnNode(pods: readonly { name: string; node: string }[], node: string): Finding<string[]> {
  return finding(
    pods.map((p) => `${p.name} on ${node}`),
    pods.map((p) => `${p.name} on ${p.node || 'no node'}`),
    `The lab promises these pods on ${node}: ${pods.map((p) => `${p.name} is on ${p.node || 'no node'}`).join(', ')}.`,
    [textEvidence('pods and nodes', pods.map((p) => `${p.name} ${p.node}`).join('\n'))],
  );
}
