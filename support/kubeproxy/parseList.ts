/** The lines of `iptables -L [CHAIN] [-n] [-v] [-x] [--line-numbers]` output: chain headers, columns, rules. */
import type { NatRule } from './types.ts';
import { isAnyAddress, normaliseProtocol, parseAddressMatch, parseCounter } from './normalise.ts';
import { portNumber } from './input/portNames.ts';
import { familyOf } from '../floor/address.ts';

export const CHAIN_HEADER = /^Chain\s+(\S+)\s+\((?:policy\s+(\S+)[^)]*|(\d+)\s+references?)\)\s*$/;
const OPT_COLUMN = /^(--|-f|!f)$/;

export interface Columns {
  lineNumbers: boolean;
  verbose: boolean;
}

/** The column header line of an -L block, or null. */
export function listColumns(line: string): Columns | null {
  const words = line.split(/\s+/);
  if (!(words.includes('target') && words.includes('prot') && words.includes('source'))) return null;
  return { lineNumbers: words[0] === 'num', verbose: words.includes('pkts') };
}

/** Names -L printed where -n would print numbers (hosts for addresses, services for ports), by the reader. */
export type NameSink = (kind: 'host' | 'port', name: string, readAs: number | null) => void;

export function parseListRule(
  raw: string,
  words: string[],
  columns: Columns,
  chainName: string,
  nextPosition: number,
  names?: NameSink,
): NatRule | string {
  let i = 0;
  let position = nextPosition;
  if (columns.lineNumbers) {
    if (!/^\d+$/.test(words[i] ?? '')) return 'expected a rule number';
    position = Number(words[i++]);
  }
  let counters: NatRule['counters'];
  if (columns.verbose) {
    const packets = parseCounter(words[i] ?? '');
    const bytes = parseCounter(words[i + 1] ?? '');
    if (packets === null || bytes === null) return 'expected packet and byte counters';
    counters = { packets, bytes };
    i += 2;
  }
  // The target column is blank for rules without -j: then the protocol is followed directly by the opt column.
  let target: string | undefined;
  if (!OPT_COLUMN.test(words[i + 1] ?? '')) target = words[i++];
  const protocolText = words[i++];
  const opt = words[i++];
  if (protocolText === undefined || opt === undefined || !OPT_COLUMN.test(opt)) return 'columns do not line up';
  let inInterface: string | undefined;
  let outInterface: string | undefined;
  if (columns.verbose) {
    inInterface = words[i++];
    outInterface = words[i++];
  }
  const sourceText = words[i++];
  const destinationText = words[i++];
  if (sourceText === undefined || destinationText === undefined) return 'missing source or destination';
  const rule: NatRule = {
    chain: chainName,
    position,
    raw,
    protocol: normaliseProtocol(protocolText),
  };
  // -L prints 0.0.0.0/0 for "no -s/-d"; leave them unset as iptables-save does
  for (const text of [sourceText, destinationText]) {
    const bare = text.replace(/^!/, '');
    if (bare !== 'anywhere' && familyOf(bare) === null) names?.('host', bare, null);
  }
  const source = parseAddressMatch(sourceText);
  const destination = parseAddressMatch(destinationText);
  if (!isAnyAddress(source)) rule.source = source;
  if (!isAnyAddress(destination)) rule.destination = destination;
  if (target) rule.target = target;
  if (counters) rule.counters = counters;
  if (inInterface && inInterface !== '*') rule.inInterface = inInterface;
  if (outInterface && outInterface !== '*') rule.outInterface = outInterface;
  readExtras(rule, words.slice(i).join(' '), names);
  return rule;
}

/** The free-form tail of a -L line: comment, port matches, statistic, recent, DNAT target, addrtype. */
function readExtras(rule: NatRule, extras: string, names?: NameSink): void {
  let rest = extras;
  const comment = /\/\* (.*?) \*\//.exec(rest);
  if (comment) {
    rule.comment = comment[1];
    rest = rest.replace(comment[0], ' ');
  }
  const dport = /\b(?:tcp|udp|sctp)\b[^/]*?\bdpt:(\S+)/.exec(rest);
  if (dport) {
    const port = portNumber(dport[1]!);
    if (!/^\d+$/.test(dport[1]!)) names?.('port', dport[1]!, port);
    if (port !== null) rule.dport = port;
  }
  const mark = /\bMARK (set|xset|or) (0x[0-9a-f]+)(?:\/(0x[0-9a-f]+))?/.exec(rest);
  if (mark && rule.target === 'MARK') {
    rule.setMark = mark[1] === 'or' ? `${mark[2]}/${mark[2]}` : `${mark[2]}/${mark[3] ?? '0xffffffff'}`;
  }
  const srcType = /ADDRTYPE match (?:dst-type \S+ )?src-type (!?\s?\S+)/.exec(rest);
  if (srcType) rule.srcType = srcType[1]!.replace(/\s/, '');
  const seconds = /\brecent: \w+ seconds: (\d+)/.exec(rest);
  if (seconds) rule.recentSeconds = Number(seconds[1]);
  const probability = /statistic mode random probability (\S+)/.exec(rest);
  if (probability) rule.probability = Number(probability[1]);
  const dnat = /\bto:(\S+)/.exec(rest);
  if (dnat && rule.target === 'DNAT') rule.dnatTo = dnat[1];
  const recent = /\brecent: (SET|CHECK|UPDATE|REMOVE)\b/.exec(rest);
  if (recent) {
    rule.recentModule = true;
    rule.recentAction = ({ SET: 'set', CHECK: 'rcheck', UPDATE: 'update', REMOVE: 'remove' } as const)[
      recent[1] as 'SET' | 'CHECK' | 'UPDATE' | 'REMOVE'
    ];
  }
  const addrtype = /ADDRTYPE match dst-type (\S+)/.exec(rest);
  if (addrtype) rule.dstType = addrtype[1];
}
