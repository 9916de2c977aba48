/**
 * iperf3's JSON report (`iperf3 -c ... -J`, iperf 3.12): what the sender wrote and what the receiver got, in
 * bits per second over each side's own duration, and iperf3's error when the test did not run. The receiver's
 * rate is the one a shaper bounds: on a short run the sender's counts every byte its socket took, including
 * what still waits in the shaper's queue (a 3 s run through a 1 Mbit/s class shows about 3.8 Mbit/s sent and
 * 1.0 Mbit/s received). Kept in its own file so one iperf3 reader can serve every lab that measures throughput.
 */
import type { Parsed } from './model.ts';

export interface Iperf3Side {
  bytes: number;
  seconds: number;
  bitsPerSecond: number;
}

export interface Iperf3Run {
  /** iperf3's own message when the test failed ("unable to connect to server: ...") */
  error?: string;
  /** TCP's sum over the streams, as the client's report gives it */
  sent?: Iperf3Side & { retransmits?: number };
  received?: Iperf3Side;
  /** the TOS byte the client set (`-S`), 0 unless asked */
  tos?: number;
  /** the server the client reached, as `connecting_to` says */
  server?: { host: string; port: number };
}

function side(raw: unknown): Iperf3Side | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const { bytes, seconds, bits_per_second: bps } = r;
  if (typeof bytes !== 'number' || typeof seconds !== 'number' || typeof bps !== 'number') return undefined;
  return { bytes, seconds, bitsPerSecond: bps };
}

/** Reads `iperf3 -J` output; what is not iperf3's JSON is a problem, never a rate. */
export function parseIperf3Json(text: string): Parsed<Iperf3Run> {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    return { value: {}, problems: [`not iperf3 -J output: ${(err as Error).message.split('\n')[0]}`] };
  }
  if (typeof doc !== 'object' || doc === null || !('start' in doc) || !('end' in doc))
    return { value: {}, problems: ['not iperf3 -J output: no "start" and "end"'] };
  const run: Iperf3Run = {};
  const problems: string[] = [];
  if (typeof doc.error === 'string') run.error = doc.error;
  const start = (doc.start ?? {}) as Record<string, unknown>;
  const to = start.connecting_to as { host?: unknown; port?: unknown } | undefined;
  if (typeof to?.host === 'string' && typeof to.port === 'number') run.server = { host: to.host, port: to.port };
  const tos = (start.test_start as { tos?: unknown } | undefined)?.tos;
  if (typeof tos === 'number') run.tos = tos;
  const end = (doc.end ?? {}) as Record<string, unknown>;
  const sent = side(end.sum_sent);
  const received = side(end.sum_received);
  if (sent) {
    const retr = (end.sum_sent as { retransmits?: unknown }).retransmits;
    run.sent = { ...sent, ...(typeof retr === 'number' ? { retransmits: retr } : {}) };
  }
  if (received) run.received = received;
  if (!run.error && (!sent || !received)) problems.push('iperf3 -J output without sum_sent and sum_received');
  return { value: run, problems };
}

/** Mbit/s, as iperf3 prints them (10^6 bits per second). */
export function mbits(bitsPerSecond: number): number {
  return bitsPerSecond / 1e6;
}
