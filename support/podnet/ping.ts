/**
 * `ping -c N` output, iputils' (`icmp_seq=`) or busybox's (`seq=`): each reply with its TTL and time,
 * the errors routers sent back, and the closing statistics when the run ended.
 */
import type { Parsed } from './model.ts';

export interface PingReply {
  from: string;
  seq: number;
  ttl: number;
  timeMs?: number;
  bytes: number;
  duplicate: boolean;
}

/** `From 172.18.0.3 icmp_seq=1 Destination Host Unreachable` */
export interface PingError {
  from: string;
  seq?: number;
  message: string;
}

export interface PingSummary {
  transmitted: number;
  received: number;
  errors: number;
  lossPercent: number;
}

export interface PingRtt {
  min: number;
  avg: number;
  max: number;
  mdev?: number;
}

export interface PingRun {
  /** the address ping sent to, from its first line */
  target?: string;
  replies: PingReply[];
  errors: PingError[];
  /** absent when the run was cut short (a background ping's log) */
  summary?: PingSummary;
  rtt?: PingRtt;
}

const HEADER = /^PING (\S+) \(([^)]+)\)/;
const REPLY = new RegExp(
  [
    String.raw`^(\d+) bytes from (?:\S+ \()?([0-9a-fA-F.:]+)\)?: `,
    String.raw`(?:icmp_seq|seq)=(\d+) ttl=(\d+)(?: time=([\d.]+) ms)?( \(DUP!\))?`,
  ].join(''),
);
const ERROR = /^From (?:\S+ \()?([0-9a-fA-F.:]+)\)?:? icmp_seq=(\d+) (.+)$/;
const SUMMARY = new RegExp(
  [
    String.raw`^(\d+) packets transmitted, (\d+)(?: packets)? received`,
    String.raw`(?:, \+(\d+) duplicates)?(?:, \+(\d+) errors)?, ([\d.]+)% packet loss`,
  ].join(''),
);
const RTT = /^(?:rtt|round-trip) min\/avg\/max(?:\/mdev)? = ([\d.]+)\/([\d.]+)\/([\d.]+)(?:\/([\d.]+))? ms/;
const IGNORED = [/^--- .* ping statistics ---$/, /^pipe \d+$/, /^nohup: /, /^\s*$/];

export function parsePing(text: string): Parsed<PingRun> {
  const run: PingRun = { replies: [], errors: [] };
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = HEADER.exec(line))) run.target = m[2];
    else if ((m = REPLY.exec(line))) {
      run.replies.push({
        bytes: Number(m[1]),
        from: m[2]!,
        seq: Number(m[3]),
        ttl: Number(m[4]),
        timeMs: m[5] === undefined ? undefined : Number(m[5]),
        duplicate: m[6] !== undefined,
      });
    } else if ((m = ERROR.exec(line))) run.errors.push({ from: m[1]!, seq: Number(m[2]), message: m[3]! });
    else if ((m = SUMMARY.exec(line))) {
      run.summary = {
        transmitted: Number(m[1]),
        received: Number(m[2]),
        errors: Number(m[4] ?? 0),
        lossPercent: Number(m[5]),
      };
    } else if ((m = RTT.exec(line))) {
      run.rtt = {
        min: Number(m[1]),
        avg: Number(m[2]),
        max: Number(m[3]),
        mdev: m[4] === undefined ? undefined : Number(m[4]),
      };
    } else if (!IGNORED.some((re) => re.test(line)))
      problems.push(`line ${i + 1}: "${line}" is not part of ping output`);
  });
  return { value: run, problems };
}

/** The distinct TTLs of the non-duplicate replies, ascending. */
export function replyTtls(run: PingRun): number[] {
  return [...new Set(run.replies.filter((r) => !r.duplicate).map((r) => r.ttl))].sort((a, b) => a - b);
}
