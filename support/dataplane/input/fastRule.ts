/**
 * A fast reader for the `-A ...` lines kube-proxy writes, for tables of tens of thousands of Services: it scans
 * the line once and slices only the values the model keeps. Anything outside kube-proxy's vocabulary returns
 * null, and the caller reads the line with the general tokenizer instead (same result, slower).
 */
import type { NatRule } from '../types.ts';
import { normaliseProtocol, parseAddressMatch } from '../normalise.ts';

type Spec = Omit<NatRule, 'position'>;

/** Options whose value is skipped: the model does not keep it. */
const SKIP_VALUE = new Set(['-m', '--mode', '--name', '--mask', '--reject-with', '--mark', '--ctstate', '--state', '--xor-mark']);
const SKIP_FLAG = new Set(['--reap', '--rsource', '--rdest', '--random', '--random-fully', '--persistent', '--physdev-is-in']);

/** Reads "-A CHAIN ..." starting at `from`; null when the line needs the general reader. */
export function fastRule(line: string, from: number, raw: string): Spec | null {
  const n = line.length;
  if (line.charCodeAt(from) !== 45 || line.charCodeAt(from + 1) !== 65 || line.charCodeAt(from + 2) !== 32) return null;
  let i = from + 3;
  let end = line.indexOf(' ', i);
  if (end < 0) end = n;
  const rule: Spec = { chain: line.slice(i, end), raw, protocol: 'all' };
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
    if (end - i === 1 && line.charCodeAt(i) === 33) {
      negated = true;
      i = end;
      continue;
    }
    const option = line.slice(i, end);
    if (SKIP_FLAG.has(option)) {
      if (negated) return null;
      i = end;
      continue;
    }
    if (option === '--set' || option === '--rcheck' || option === '--update' || option === '--remove') {
      rule.recentAction = option.slice(2) as NatRule['recentAction'];
      i = end;
      continue;
    }
    // the value: quoted (a comment) or up to the next space
    let valueStart = end + 1;
    let valueEnd: number;
    if (line.charCodeAt(valueStart) === 34) {
      valueEnd = line.indexOf('"', valueStart + 1);
      if (valueEnd < 0) return null;
      if (line.charCodeAt(valueEnd - 1) === 92) return null; // an escaped quote: the general reader
      valueStart++;
      i = valueEnd + 1;
    } else {
      valueEnd = line.indexOf(' ', valueStart);
      if (valueEnd < 0) valueEnd = n;
      i = valueEnd;
    }
    if (valueStart >= n || valueEnd <= valueStart) return null;
    const value = line.slice(valueStart, valueEnd);
    if (value.charCodeAt(0) === 39 || (value.charCodeAt(0) === 45 && option !== '--comment')) return null;
    if (SKIP_VALUE.has(option)) {
      if (option === '-m' && value === 'recent') recentModule = true;
      if (negated && option !== '--mark') return null;
      negated = false;
      continue;
    }
    if (!apply(rule, option, value, negated)) return null;
    negated = false;
  }
  if (recentModule) rule.recentModule = true;
  return rule;
}

function apply(rule: Spec, option: string, value: string, negated: boolean): boolean {
  switch (option) {
    case '-s':
      rule.source = parseAddressMatch(value, negated);
      return true;
    case '-d':
      rule.destination = parseAddressMatch(value, negated);
      return true;
    case '-p':
      if (negated) return false;
      rule.protocol = normaliseProtocol(value);
      return true;
    case '-j':
      rule.target = value;
      return !negated;
    case '--comment':
      rule.comment = value.trim();
      return !negated;
    case '--dport':
      if (negated || !/^\d+$/.test(value)) return false;
      rule.dport = Number(value);
      return true;
    case '--probability': {
      const probability = Number(value);
      rule.probability = probability;
      return Number.isFinite(probability);
    }
    case '--to-destination':
      rule.dnatTo = value;
      return true;
    case '--set-xmark':
    case '--set-mark':
      rule.setMark = value;
      return true;
    case '--or-mark':
      rule.setMark = `${value}/${value}`;
      return true;
    case '--dst-type':
      rule.dstType = negated ? `!${value}` : value;
      return !negated;
    case '--src-type':
      rule.srcType = negated ? `!${value}` : value;
      return true;
    case '--seconds':
      if (!/^\d+$/.test(value)) return false;
      rule.recentSeconds = Number(value);
      return true;
    default:
      return false;
  }
}
