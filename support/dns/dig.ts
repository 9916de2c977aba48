/**
 * dig's text output as data: each reply's header (status, flags, counts), its question and its answer,
 * authority and additional records, and why no reply came when none did. Takes whole outputs, the
 * fragments a lab text quotes (a question and an answer section only), several replies in one output,
 * and `+short` output. Written against BIND 9.16 and 9.18 dig.
 */
import { LabgateError } from '../floor/errors.ts';

export interface DnsRecord {
  /** owner name as dig prints it, lower-cased, absolute (trailing dot) */
  name: string;
  ttl: number | null;
  class: string;
  type: string;
  /** the record data as printed, single spaces between fields */
  data: string;
}

export interface DnsQuestion {
  name: string;
  class: string;
  type: string;
}

export interface DigReply {
  /** NOERROR, NXDOMAIN, SERVFAIL, ...; null when the quoted output has no header line */
  status: string | null;
  opcode: string | null;
  id: number | null;
  flags: string[];
  counts: { query: number; answer: number; authority: number; additional: number } | null;
  question: DnsQuestion[];
  answer: DnsRecord[];
  authority: DnsRecord[];
  additional: DnsRecord[];
  /** Extended DNS Error lines from the OPT pseudosection, e.g. "18 (Prohibited)" */
  ede: string[];
  /** dig's own ";; WARNING:" lines */
  warnings: string[];
  /** "10.96.0.10#53(10.96.0.10)" as printed, transport suffix dropped */
  server: string | null;
  transport: 'UDP' | 'TCP' | null;
  queryTimeMs: number | null;
}

export type DigFailureKind = 'timeout' | 'refused' | 'unreachable' | 'no-servers' | 'bad-server';

export interface DigFailure {
  kind: DigFailureKind;
  /** dig's own line */
  line: string;
}

export interface DigOutput {
  replies: DigReply[];
  /** set when some query got no reply at all */
  failure: DigFailure | null;
}

type Section = 'question' | 'answer' | 'authority' | 'additional' | 'opt' | null;

const SECTION_HEADERS: Record<string, Exclude<Section, null>> = {
  'QUESTION SECTION:': 'question',
  'ANSWER SECTION:': 'answer',
  'AUTHORITY SECTION:': 'authority',
  'ADDITIONAL SECTION:': 'additional',
  'OPT PSEUDOSECTION:': 'opt',
};

const CLASSES = /^(IN|CH|HS|NONE|ANY|CLASS\d+)$/;

function emptyReply(): DigReply {
  return {
    status: null,
    opcode: null,
    id: null,
    flags: [],
    counts: null,
    question: [],
    answer: [],
    authority: [],
    additional: [],
    ede: [],
    warnings: [],
    server: null,
    transport: null,
    queryTimeMs: null,
  };
}

function absolute(name: string): string {
  const n = name.toLowerCase();
  return n.endsWith('.') ? n : `${n}.`;
}

/** `name [ttl] [class] type data...`; TTL and class are optional (+nottlid, +noclass). */
export function parseRecordLine(line: string): DnsRecord {
  const fields = line.trim().split(/\s+/);
  if (fields.length < 3) throw new LabgateError(`not a DNS record line: "${line.trim()}"`);
  const name = absolute(fields[0]!);
  let i = 1;
  let ttl: number | null = null;
  if (/^\d+$/.test(fields[i]!)) ttl = Number(fields[i++]);
  let klass = 'IN';
  if (CLASSES.test(fields[i]!)) klass = fields[i++]!;
  const type = fields[i++];
  if (!type) throw new LabgateError(`not a DNS record line: "${line.trim()}"`);
  return { name, ttl, class: klass, type: type.toUpperCase(), data: fields.slice(i).join(' ') };
}

function parseQuestionLine(line: string): DnsQuestion {
  const fields = line.replace(/^;/, '').trim().split(/\s+/);
  if (fields.length < 2) throw new LabgateError(`not a dig question line: "${line.trim()}"`);
  const [name, a, b] = fields;
  return b === undefined
    ? { name: absolute(name!), class: 'IN', type: a!.toUpperCase() }
    : { name: absolute(name!), class: a!, type: b.toUpperCase() };
}

function failureOf(line: string): DigFailure | null {
  const t = line.trim();
  if (/connection timed out|: timed out$/.test(t)) return { kind: 'timeout', line: t };
  if (/connection refused/.test(t)) return { kind: 'refused', line: t };
  if (/(network|host) unreachable/i.test(t)) return { kind: 'unreachable', line: t };
  if (/couldn't get address for/.test(t)) return { kind: 'bad-server', line: t };
  if (/no servers could be reached/.test(t)) return { kind: 'no-servers', line: t };
  return null;
}

/** A failure line names its cause; the closing "no servers could be reached" only says there was none. */
function keepFailure(current: DigFailure | null, next: DigFailure): DigFailure {
  if (current === null) return next;
  return current.kind === 'no-servers' && next.kind !== 'no-servers' ? next : current;
}

export function parseDig(text: string): DigOutput {
  const replies: DigReply[] = [];
  let failure: DigFailure | null = null;
  let reply: DigReply | null = null;
  let section: Section = null;
  // A reply starts at ";; Got answer:" in full output; in a quoted fragment, at a header or a question
  // section when the reply being read already has one.
  const current = (): DigReply => {
    if (reply === null) {
      reply = emptyReply();
      replies.push(reply);
    }
    return reply;
  };
  const startReply = (): DigReply => {
    reply = null;
    section = null;
    return current();
  };
  const hasQuestion = (): boolean => reply !== null && (reply as DigReply).question.length > 0;

  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      section = section === 'opt' ? null : section;
      continue;
    }
    const fail = failureOf(line);
    if (fail && line.startsWith(';')) {
      failure = keepFailure(failure, fail);
      continue;
    }
    if (/^dig: /.test(line)) {
      if (fail) failure = keepFailure(failure, fail);
      continue;
    }
    if (line.startsWith(';; Got answer:')) {
      startReply();
      continue;
    }
    const header = /^;; ->>HEADER<<- opcode: (\S+), status: (\S+), id: (\d+)/.exec(line);
    if (header) {
      const r = reply !== null && ((reply as DigReply).status !== null || hasQuestion()) ? startReply() : current();
      r.opcode = header[1]!;
      r.status = header[2]!;
      r.id = Number(header[3]);
      continue;
    }
    const flags = /^;; flags:([^;]*);\s*QUERY: (\d+), ANSWER: (\d+), AUTHORITY: (\d+), ADDITIONAL: (\d+)/.exec(line);
    if (flags) {
      const r = current();
      r.flags = flags[1]!.trim().split(/\s+/).filter(Boolean);
      r.counts = {
        query: Number(flags[2]),
        answer: Number(flags[3]),
        authority: Number(flags[4]),
        additional: Number(flags[5]),
      };
      continue;
    }
    if (line.startsWith(';; WARNING:')) {
      current().warnings.push(line.slice(';; WARNING:'.length).trim());
      continue;
    }
    const sectionName = line.startsWith(';; ') ? SECTION_HEADERS[line.slice(3).trim()] : undefined;
    if (sectionName) {
      if (sectionName === 'question' && hasQuestion()) startReply();
      current();
      section = sectionName;
      continue;
    }
    const time = /^;; Query time: (\d+) msec/.exec(line);
    if (time) {
      current().queryTimeMs = Number(time[1]);
      continue;
    }
    const server = /^;; SERVER: (\S+)(?: \((UDP|TCP)\))?/.exec(line);
    if (server) {
      const r = current();
      r.server = server[1]!;
      r.transport = (server[2] as 'UDP' | 'TCP' | undefined) ?? null;
      continue;
    }
    if (section === 'opt') {
      const ede = /^; EDE: (.*)$/.exec(line);
      if (ede) current().ede.push(ede[1]!.trim());
      continue;
    }
    if (line.startsWith(';;') || line.startsWith('; <<>>') || line.startsWith('; (')) continue;
    if (section === 'question' && line.startsWith(';')) {
      current().question.push(parseQuestionLine(line));
      continue;
    }
    if (section === 'answer' || section === 'authority' || section === 'additional') {
      if (line.startsWith(';')) continue;
      current()[section].push(parseRecordLine(line));
      continue;
    }
  }
  return { replies, failure };
}

/** The one reply of a single-query dig run; a LabgateError when there is none or several. */
export function singleReply(out: DigOutput, what: string): DigReply | null {
  if (out.replies.length > 1)
    throw new LabgateError(
      `dig printed ${out.replies.length} replies for ${what}; expected one`,
      'run one query per dig command',
    );
  return out.replies[0] ?? null;
}

export interface DigShortOutput {
  /** the data lines: addresses for A/AAAA, "prio weight port target" for SRV, names for CNAME/PTR */
  data: string[];
  failure: DigFailure | null;
}

/** `dig +short` output: one record's data per line; dig's own ";;" lines are failures or notes. */
export function parseDigShort(text: string): DigShortOutput {
  const data: string[] = [];
  let failure: DigFailure | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const fail = failureOf(line);
    if (fail && (line.startsWith(';') || line.startsWith('dig:'))) {
      failure = keepFailure(failure, fail);
      continue;
    }
    if (line.startsWith(';')) continue;
    data.push(line.replace(/\s+/g, ' '));
  }
  return { data, failure };
}

/** Addresses of the A (or AAAA) records answering for `name` (absolute or not), in answer order. */
export function answerAddresses(reply: DigReply, name?: string, type: 'A' | 'AAAA' = 'A'): string[] {
  const want = name === undefined ? undefined : absolute(name);
  return reply.answer.filter((r) => r.type === type && (want === undefined || r.name === want)).map((r) => r.data);
}
