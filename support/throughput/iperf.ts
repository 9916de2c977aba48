/**
 * iperf3's JSON output (`iperf3 -c <server> -t <s> -J`, iperf 3.12) read into a run, the one reader of every lab
 * that measures throughput: the client's intervals and totals, the TOS it set, and with `--get-server-output` the
 * receiver's own intervals. A server started without -J (the lab's `iperf3 -s`) hands back its text report
 * (`server_output_text`); one started with -J its JSON. The receiver's rate is the one a shaper bounds: on a short
 * run the sender's counts every byte its socket took, including what still waits in the shaper's queue (a 3 s run
 * through a 1 Mbit/s class shows about 3.8 Mbit/s sent and 1.0 Mbit/s received).
 */
import { LabgateError } from '../floor/errors.ts';

/** A reading with what could not be read. */
export interface Parsed<T> {
  value: T;
  problems: string[];
}

export interface RateInterval {
  /** seconds since the test began */
  start: number;
  end: number;
  bytes: number;
  bitsPerSecond: number;
}

export interface ThroughputRun {
  /** iperf3's own message when the test did not run ("unable to connect to server: ..."): then every rate is 0 */
  error?: string;
  /** the server the client was asked for, as `connecting_to` says */
  server?: { host: string; port: number };
  /** the TOS byte the client set (`-S`) */
  tos?: number;
  /** the address the client connected to (the Service's VIP when it named the Service) */
  remoteHost: string;
  /** what the client sent, second by second (what its socket took) */
  senderIntervals: RateInterval[];
  /** what the server received, second by second; empty when the server's output did not come back */
  receiverIntervals: RateInterval[];
  sentBitsPerSecond: number;
  receivedBitsPerSecond: number;
  receivedBytes: number;
  seconds: number;
  retransmits: number;
}

const UNIT: Record<string, number> = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };
const BYTE_UNIT: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };
/** `[  5]   1.00-2.00   sec  1.13 MBytes  9.52 Mbits/sec` (summary lines end in sender/receiver: left out) */
const TEXT_INTERVAL =
  /^\[\s*\d+\]\s+([\d.]+)-([\d.]+)\s+sec\s+([\d.]+)\s+([KMGT]?)Bytes\s+([\d.]+)\s+([KMGT]?)bits\/sec(.*)$/;

/** The receiver's intervals from iperf3's text report (the server's, as --get-server-output returns it). */
export function parseIperfTextIntervals(text: string): RateInterval[] {
  const out: RateInterval[] = [];
  for (const line of text.split('\n')) {
    const m = TEXT_INTERVAL.exec(line.trim());
    if (!m || /sender|receiver/.test(m[7]!)) continue;
    out.push({
      start: Number(m[1]),
      end: Number(m[2]),
      bytes: Number(m[3]) * BYTE_UNIT[m[4]!]!,
      bitsPerSecond: Number(m[5]) * UNIT[m[6]!]!,
    });
  }
  return out;
}

interface JsonInterval {
  sum?: { start?: number; end?: number; bytes?: number; bits_per_second?: number };
}
interface IperfJson {
  error?: string;
  start?: {
    connected?: { remote_host?: string }[];
    connecting_to?: { host?: unknown; port?: unknown };
    test_start?: { tos?: unknown };
  };
  intervals?: JsonInterval[];
  end?: {
    sum_sent?: { bits_per_second?: number; retransmits?: number; seconds?: number };
    sum_received?: { bits_per_second?: number; bytes?: number; seconds?: number };
  };
  server_output_text?: string;
  server_output_json?: { intervals?: JsonInterval[] };
}

function jsonIntervals(list: JsonInterval[] | undefined): RateInterval[] {
  return (list ?? [])
    .map((i) => i.sum)
    .filter((s): s is NonNullable<JsonInterval['sum']> => s !== undefined)
    .map((s) => ({ start: s.start ?? 0, end: s.end ?? 0, bytes: s.bytes ?? 0, bitsPerSecond: s.bits_per_second ?? 0 }));
}

/**
 * Reads one `iperf3 -J` run. A test that did not run is its `error` (iperf3's own message) with no rate; what is
 * not iperf3's JSON, or a run without its totals, is a problem, never a rate.
 */
export function readIperfJson(text: string): Parsed<ThroughputRun> {
  const empty: ThroughputRun = {
    remoteHost: '',
    senderIntervals: [],
    receiverIntervals: [],
    sentBitsPerSecond: 0,
    receivedBitsPerSecond: 0,
    receivedBytes: 0,
    seconds: 0,
    retransmits: 0,
  };
  let doc: IperfJson;
  try {
    doc = JSON.parse(text) as IperfJson;
  } catch {
    return { value: empty, problems: [`not iperf3 -J output: ${text.trim().split('\n')[0]?.slice(0, 120) ?? ''}`] };
  }
  if (typeof doc !== 'object' || doc === null || !('start' in doc))
    return { value: empty, problems: ['not iperf3 -J output: no "start"'] };
  const to = doc.start?.connecting_to;
  const tos = doc.start?.test_start?.tos;
  const run: ThroughputRun = {
    ...empty,
    ...(typeof doc.error === 'string' ? { error: doc.error } : {}),
    ...(typeof to?.host === 'string' && typeof to.port === 'number'
      ? { server: { host: to.host, port: to.port } }
      : {}),
    ...(typeof tos === 'number' ? { tos } : {}),
    remoteHost: doc.start?.connected?.[0]?.remote_host ?? '',
  };
  if (run.error) return { value: run, problems: [] };
  const received = doc.end?.sum_received;
  const sent = doc.end?.sum_sent;
  if (!received || !sent)
    return { value: run, problems: ['iperf3 reported no totals (no end.sum_sent / end.sum_received)'] };
  return {
    value: {
      ...run,
      senderIntervals: jsonIntervals(doc.intervals),
      receiverIntervals: doc.server_output_json
        ? jsonIntervals(doc.server_output_json.intervals)
        : parseIperfTextIntervals(doc.server_output_text ?? ''),
      sentBitsPerSecond: sent.bits_per_second ?? 0,
      receivedBitsPerSecond: received.bits_per_second ?? 0,
      receivedBytes: received.bytes ?? 0,
      seconds: received.seconds ?? sent.seconds ?? 0,
      retransmits: sent.retransmits ?? 0,
    },
    problems: [],
  };
}

/** One iperf3 -J run that must have run: iperf3's own error, or what cannot be read, is a one-line error. */
export function parseIperfJson(text: string): ThroughputRun {
  const { value, problems } = readIperfJson(text);
  if (problems.length > 0)
    throw new LabgateError(problems[0]!.replace(/^not iperf3 -J output/, "iperf3's output is not JSON"));
  if (value.error) throw new LabgateError(`iperf3 failed: ${value.error}`);
  return value;
}

/** Mbit/s, as iperf3 prints them (10^6 bits per second). */
export function mbits(bitsPerSecond: number): number {
  return bitsPerSecond / 1e6;
}

/** The intervals a rate is read from: the receiver's when they came back, else the sender's. */
export function intervalsOf(run: ThroughputRun): { side: 'receiver' | 'sender'; intervals: RateInterval[] } {
  return run.receiverIntervals.length > 0
    ? { side: 'receiver', intervals: run.receiverIntervals }
    : { side: 'sender', intervals: run.senderIntervals };
}

/** The mean rate over the intervals that start at or after `from` seconds (the steady part after a burst). */
export function rateFrom(run: ThroughputRun, from: number): number | undefined {
  const after = intervalsOf(run).intervals.filter((i) => i.start >= from - 1e-6 && i.end > i.start);
  const seconds = after.reduce((s, i) => s + (i.end - i.start), 0);
  if (seconds <= 0) return undefined;
  return after.reduce((s, i) => s + i.bitsPerSecond * (i.end - i.start), 0) / seconds;
}

/** The rate of the first second (the first interval). */
export function firstSecondRate(run: ThroughputRun): number | undefined {
  return intervalsOf(run).intervals[0]?.bitsPerSecond;
}
