/**
 * `tcpdump -v -n` over IPv4: each packet's IP header line (`IP (tos 0x28, ttl 64, id ..., proto ICMP (1), length
 * 84)`) with the addresses and what it is from the line under it. The TOS byte is what DSCP marking changes:
 * DSCP is its upper six bits, ECN the lower two. tcpdump's own messages are read for the counts or skipped.
 */
import type { Parsed } from './model.ts';

export interface TosPacket {
  tos: number;
  ttl: number;
  src: string;
  dst: string;
  /** the rest of the second line: `ICMP echo request, id 32, seq 1, length 64`, `Flags [P.], ...` */
  what: string;
  /** both lines as printed, for evidence */
  lines: string;
}

export interface TosCapture {
  packets: TosPacket[];
  captured?: number;
}

const HEADER = /^(?:\d{2}:\d{2}:\d{2}\.\d+\s+)?IP \(tos (0x[0-9a-f]+)(?:,ECT\(\d\)|,CE)?, ttl (\d+),.*\)$/;
const BODY = /^\s+(\d{1,3}(?:\.\d{1,3}){3})(?:\.\d+)? > (\d{1,3}(?:\.\d{1,3}){3})(?:\.\d+)?: (.*)$/;
const MESSAGES = [/^tcpdump: /, /^listening on /, /^\d+ packets? (received by filter|dropped by kernel)$/, /^\s*$/];

export function parseTosCapture(text: string): Parsed<TosCapture> {
  const capture: TosCapture = { packets: [] };
  const problems: string[] = [];
  const lines = text.split('\n').map((l) => l.trimEnd());
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = HEADER.exec(line);
    if (header) {
      const body = BODY.exec(lines[i + 1] ?? '');
      if (!body) {
        problems.push(`line ${i + 2}: no "src > dst:" under the IP header of line ${i + 1}`);
        continue;
      }
      capture.packets.push({
        tos: Number.parseInt(header[1]!, 16),
        ttl: Number(header[2]),
        src: body[1]!,
        dst: body[2]!,
        what: body[3]!,
        lines: `${line}\n${lines[i + 1]}`,
      });
      i++;
      continue;
    }
    const counted = /^(\d+) packets? captured$/.exec(line.trim());
    if (counted) capture.captured = Number(counted[1]);
    else if (!MESSAGES.some((re) => re.test(line))) problems.push(`line ${i + 1}: "${line.trim()}" is not tcpdump -v`);
  }
  return { value: capture, problems };
}

export function isEchoRequestTo(p: TosPacket, dst: string): boolean {
  return p.dst === dst && /^ICMP echo request\b/.test(p.what);
}
