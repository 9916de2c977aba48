/**
 * A fast reader for the `-A ...` lines kube-proxy writes, for tables of tens of thousands of Services: it scans
 * the line once, compares option names in place and slices only the values the model keeps. Anything outside
 * kube-proxy's vocabulary returns null, and the caller reads the line with the general tokenizer instead.
 */
import type { AddressMatch, NatRule } from '../types.ts';
import { normaliseProtocol, parseAddressMatch } from '../normalise.ts';

/** Long options read here, each with what to do with its value. */
type Action =
  | 'skip'
  | 'flag'
  | 'comment'
  | 'dport'
  | 'probability'
  | 'to'
  | 'mark'
  | 'or-mark'
  | 'dst-type'
  | 'src-type'
  | 'seconds'
  | 'recent';
const LONG: Array<[string, Action]> = [
  ['--comment', 'comment'],
  ['--dport', 'dport'],
  ['--to-destination', 'to'],
  ['--mode', 'skip'],
  ['--probability', 'probability'],
  ['--dst-type', 'dst-type'],
  ['--src-type', 'src-type'],
  ['--set-xmark', 'mark'],
  ['--set-mark', 'mark'],
  ['--or-mark', 'or-mark'],
  ['--name', 'skip'],
  ['--seconds', 'seconds'],
  ['--mask', 'skip'],
  ['--reap', 'flag'],
  ['--rsource', 'flag'],
  ['--rdest', 'flag'],
  ['--set', 'recent'],
  ['--rcheck', 'recent'],
  ['--update', 'recent'],
  ['--remove', 'recent'],
  ['--random-fully', 'flag'],
  ['--random', 'flag'],
  ['--persistent', 'flag'],
  ['--reject-with', 'skip'],
  ['--mark', 'skip'],
  ['--ctstate', 'skip'],
  ['--state', 'skip'],
  ['--xor-mark', 'skip'],
  ['--physdev-is-in', 'flag'],
];

function longOption(line: string, i: number, end: number): [string, Action] | undefined {
  for (const entry of LONG) if (entry[0].length === end - i && line.startsWith(entry[0], i)) return entry;
  return undefined;
}

/**
 * Reads "-A CHAIN ..." starting at `from`; null when the line needs the general reader. `chain` is reused when equal.
 */
export function fastRule(line: string, from: number, raw: string, previousChain?: string): NatRule | null {
  const n = line.length;
  if (line.charCodeAt(from) !== 45 || line.charCodeAt(from + 1) !== 65 || line.charCodeAt(from + 2) !== 32) return null;
  let i = from + 3;
  let end = line.indexOf(' ', i);
  if (end < 0) end = n;
  const sameChain =
    previousChain !== undefined && previousChain.length === end - i && line.startsWith(previousChain, i);
  // the common fields in one literal, in one order: 100,000s of rules then share one shape (fast property access)
  const rule: NatRule = {
    chain: sameChain ? previousChain : line.slice(i, end),
    position: 0,
    raw,
    protocol: 'all',
    target: undefined,
    source: undefined,
    destination: undefined,
    comment: undefined,
    dport: undefined,
    probability: undefined,
    dnatTo: undefined,
    line: undefined,
  };
  i = end;
  let negated = false;
  let recentModule = false;
  while (i < n) {
    if (line.charCodeAt(i) === 32) {
      i++;
      continue;
    }
    end = line.indexOf(' ', i);
    if (end < 0) end = n;
    if (line.charCodeAt(i) !== 45) {
      if (end - i === 1 && line.charCodeAt(i) === 33) {
        negated = true;
        i = end;
        continue;
      }
      return null;
    }
    let action: Action;
    let short = 0;
    if (end - i === 2) {
      short = line.charCodeAt(i + 1);
      action = 'skip';
    } else {
      const long = longOption(line, i, end);
      if (!long) return null;
      action = long[1];
      if (action === 'flag') {
        if (negated) return null;
        i = end;
        continue;
      }
      if (action === 'recent') {
        rule.recentAction = line.slice(i + 2, end) as NatRule['recentAction'];
        i = end;
        continue;
      }
    }
    // the value: quoted (a comment) or up to the next space
    let valueStart = end + 1;
    let valueEnd: number;
    if (line.charCodeAt(valueStart) === 34) {
      valueEnd = line.indexOf('"', valueStart + 1);
      // unbalanced or escaped: the general reader
      if (valueEnd < 0 || line.charCodeAt(valueEnd - 1) === 92) return null;
      valueStart++;
      i = valueEnd + 1;
    } else {
      valueEnd = line.indexOf(' ', valueStart);
      if (valueEnd < 0) valueEnd = n;
      i = valueEnd;
    }
    if (valueStart >= n || valueEnd <= valueStart) return null;
    const first = line.charCodeAt(valueStart);
    if (first === 39 || (first === 45 && action !== 'comment')) return null;
    if (short !== 0) {
      if (!readShort(rule, short, line, valueStart, valueEnd, negated)) {
        if (short !== 109 /* m */) return null;
        if (line.startsWith('recent', valueStart) && valueEnd - valueStart === 6) recentModule = true;
      }
      negated = false;
      continue;
    }
    if (action === 'skip') {
      if (negated && !line.startsWith('--mark', end - 6)) return null;
      negated = false;
      continue;
    }
    if (!readLong(rule, action, line.slice(valueStart, valueEnd), negated)) return null;
    negated = false;
  }
  if (recentModule) rule.recentModule = true;
  return rule;
}

const COMMON_TARGETS = [
  'DNAT',
  'KUBE-MARK-MASQ',
  'KUBE-MARK-DROP',
  'MARK',
  'RETURN',
  'ACCEPT',
  'DROP',
  'REJECT',
  'MASQUERADE',
];

/** The shared string of a frequent target, so that 100,000s of rules do not each hold a copy. */
function commonTarget(line: string, start: number, end: number): string | undefined {
  for (const target of COMMON_TARGETS)
    if (target.length === end - start && line.startsWith(target, start)) return target;
  return undefined;
}

const networks = new Map<string, AddressMatch>();

/** Networks (a pod CIDR on every service chain) are one shared object; single addresses are not worth keeping. */
function sharedMatch(value: string, negated: boolean): AddressMatch {
  if (value.endsWith('/32') || value.endsWith('/128') || !value.includes('/')) return parseAddressMatch(value, negated);
  const key = negated ? `!${value}` : value;
  let match = networks.get(key);
  if (!match) {
    if (networks.size > 1000) networks.clear();
    networks.set(key, (match = Object.freeze(parseAddressMatch(value, negated)) as AddressMatch));
  }
  return match;
}

/** -s -d -p -j; false for anything else (the caller handles -m, refuses the rest). */
function readShort(rule: NatRule, letter: number, line: string, start: number, end: number, negated: boolean): boolean {
  switch (letter) {
    case 115: // s
      rule.source = sharedMatch(line.slice(start, end), negated);
      return true;
    case 100: // d
      rule.destination = parseAddressMatch(line.slice(start, end), negated);
      return true;
    case 112: // p
      if (negated) return false;
      rule.protocol = normaliseProtocol(line.slice(start, end));
      return true;
    case 106: // j
      if (negated) return false;
      rule.target = commonTarget(line, start, end) ?? line.slice(start, end);
      return true;
    default:
      return false;
  }
}

function readLong(rule: NatRule, action: Action, value: string, negated: boolean): boolean {
  switch (action) {
    case 'comment':
      rule.comment = value.trim();
      return !negated;
    case 'dport':
      if (negated || !/^\d+$/.test(value)) return false;
      rule.dport = Number(value);
      return true;
    case 'probability': {
      const probability = Number(value);
      rule.probability = probability;
      return Number.isFinite(probability);
    }
    case 'to':
      rule.dnatTo = value;
      return true;
    case 'mark':
      rule.setMark = value;
      return true;
    case 'or-mark':
      rule.setMark = `${value}/${value}`;
      return true;
    case 'dst-type':
      rule.dstType = value;
      return !negated;
    case 'src-type':
      rule.srcType = negated ? `!${value}` : value;
      return true;
    case 'seconds':
      if (!/^\d+$/.test(value)) return false;
      rule.recentSeconds = Number(value);
      return true;
    default:
      return false;
  }
}
