/**
 * A Linux shaper as `tc` shows it: `tc class show dev X` (HTB classes with rate and ceil) and `tc filter show dev
 * X` (u32 filters: the 32-bit word they match at an offset, and the class they send to). A u32 `match ip tos T M`
 * is the word `00TT0000/00MM0000 at 0`: the TOS byte is the IPv4 header's second. iproute2 6.1 prints HTB classes
 * as text even under `-j`, so the text is what is read.
 */
import type { Parsed } from './model.ts';

export interface HtbClass {
  classid: string;
  parent?: string;
  /** bits per second */
  rate: number;
  ceil: number;
  line: string;
}

export interface U32Filter {
  pref: number;
  flowid: string;
  /** the TOS byte and mask it matches, when its match is on the second byte of the IP header */
  tos?: { value: number; mask: number };
}

const UNITS: Readonly<Record<string, number>> = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** tc's rate text (`1Mbit`, `1Gbit`, `1000bit`, `5mbit`) in bits per second; NaN when it is not a rate. */
export function tcRate(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kmgt]?)bit$/i.exec(text);
  return m ? Number(m[1]) * UNITS[m[2]!.toUpperCase()]! : Number.NaN;
}

const CLASS = /^class htb (\S+) (?:parent (\S+)|root)\b.*?\brate (\S+) ceil (\S+)/;

export function parseHtbClasses(text: string): Parsed<HtbClass[]> {
  const classes: HtbClass[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line.startsWith('class ')) return;
    const m = CLASS.exec(line);
    if (!m) return void problems.push(`line ${i + 1}: "${line}" is not an HTB class`);
    classes.push({
      classid: m[1]!,
      ...(m[2] ? { parent: m[2] } : {}),
      rate: tcRate(m[3]!),
      ceil: tcRate(m[4]!),
      line,
    });
  });
  return { value: classes, problems };
}

export function parseU32Filters(text: string): Parsed<U32Filter[]> {
  const filters: U32Filter[] = [];
  const problems: string[] = [];
  let current: U32Filter | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    const head = /^filter .*\bpref (\d+) u32\b.*\*?flowid (\S+)/.exec(line);
    if (head) {
      current = { pref: Number(head[1]), flowid: head[2]! };
      filters.push(current);
      return;
    }
    const match = /^match ([0-9a-f]{8})\/([0-9a-f]{8}) at (\d+)$/.exec(line);
    if (match && current) {
      const word = Number.parseInt(match[1]!, 16);
      const mask = Number.parseInt(match[2]!, 16);
      // the TOS byte only: the second byte of the word at offset 0, nothing else masked in
      if (match[3] === '0' && (mask & 0xff00ffff) === 0)
        current.tos = { value: (word >>> 16) & 0xff, mask: mask >>> 16 };
      return;
    }
    if (line && !line.startsWith('filter ')) problems.push(`line ${i + 1}: "${line}" is not a u32 filter line`);
  });
  return { value: filters, problems };
}

/** What the shaper does with a TOS byte: the class its first matching filter (lowest pref) sends it to. */
export function classOfTos(filters: readonly U32Filter[], tos: number): string | undefined {
  return [...filters]
    .sort((a, b) => a.pref - b.pref)
    .find((f) => f.tos !== undefined && (tos & f.tos.mask) === (f.tos.value & f.tos.mask))?.flowid;
}

/** The class an HTB root qdisc sends what no filter matched to (`qdisc htb 1: root ... default 0x30` -> `1:30`). */
export function htbDefaultClass(qdiscText: string): string | undefined {
  const m = /^qdisc htb (\w+): root\b.*\bdefault (?:0x)?([0-9a-f]+)\b/m.exec(qdiscText);
  return m ? `${m[1]}:${m[2]}` : undefined;
}
