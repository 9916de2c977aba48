/** Reads one rule in iptables' own argument syntax (`-A CHAIN -d ... -j TARGET`), as iptables-save and -S print it. */
import type { NatRule } from './types.ts';
import { normaliseProtocol, parseAddressMatch } from './normalise.ts';

/** Splits a line the way iptables-restore does: spaces separate, double quotes group, backslash escapes in quotes. */
export function tokenize(line: string): string[] | null {
  const tokens: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    let c = line.charCodeAt(i);
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    // one token: plain runs are sliced, quoted runs (with \" escapes inside double quotes) appended
    let token = '';
    let start = i;
    while (i < n) {
      c = line.charCodeAt(i);
      if (c === 32 || c === 9) break;
      if (c !== 34 && c !== 39) {
        i++;
        continue;
      }
      token += line.slice(start, i);
      const quote = c;
      let segment = ++i;
      for (;;) {
        if (i >= n) return null;
        const d = line.charCodeAt(i);
        if (d === quote) break;
        if (d === 92 && quote === 34 && i + 1 < n) {
          token += line.slice(segment, i) + line[i + 1];
          i += 2;
          segment = i;
          continue;
        }
        i++;
      }
      token += line.slice(segment, i);
      start = ++i;
    }
    tokens.push(token + line.slice(start, i));
  }
  return tokens;
}

const OPTIONS_WITH_ONE_VALUE = new Set([
  '-A',
  '--append',
  '-s',
  '--source',
  '-d',
  '--destination',
  '-p',
  '--protocol',
  '-i',
  '--in-interface',
  '-o',
  '--out-interface',
  '-j',
  '--jump',
  '-g',
  '--goto',
  '-m',
  '--match',
  '--comment',
  '--dport',
  '--destination-port',
  '--sport',
  '--source-port',
  '--probability',
  '--mode',
  '--every',
  '--packet',
  '--to-destination',
  '--to-source',
  '--to-ports',
  '--name',
  '--seconds',
  '--hitcount',
  '--mask',
  '--mark',
  '--set-xmark',
  '--set-mark',
  '--or-mark',
  '--xor-mark',
  '--and-mark',
  '--dst-type',
  '--src-type',
  '--ctstate',
  '--state',
  '--reject-with',
  '--tcp-flags',
  '--log-prefix',
  '--log-level',
]);

const FLAGS_WITHOUT_VALUE = new Set([
  '--set',
  '--rcheck',
  '--update',
  '--remove',
  '--reap',
  '--rsource',
  '--rdest',
  '--random',
  '--random-fully',
  '--persistent',
  '-f',
  '--fragment',
  '--syn',
  '--rttl',
]);

export type RuleSpec = Omit<NatRule, 'position'>;

/**
 * Reads the tokens of an `-A CHAIN ...` rule (an optional `-c pkts bytes` anywhere). Returns a reason string
 * when the tokens are not a rule.
 */
export function parseRuleSpec(tokens: string[], raw: string): RuleSpec | string {
  if (tokens[0] !== '-A' && tokens[0] !== '--append') return 'not an -A rule';
  const chain = tokens[1];
  if (!chain) return '-A without a chain name';
  const rule: RuleSpec = { chain, raw };
  let negateNext = false;
  let i = 2;
  const valueAt = (index: number): string => {
    const value = tokens[index];
    if (value === undefined) throw new Error(`${tokens[index - 1]} without a value`);
    return value;
  };
  try {
    while (i < tokens.length) {
      const option = tokens[i]!;
      if (option === '!') {
        negateNext = true;
        i++;
        continue;
      }
      const negated = negateNext;
      negateNext = false;
      if (option === '--src-type') {
        const value = valueAt(i + 1);
        rule.srcType = negated ? `!${value}` : value;
        i += 2;
        continue;
      }
      if (option === '-c' || option === '--set-counters') {
        const packets = Number(valueAt(i + 1));
        const bytes = Number(valueAt(i + 2));
        if (!Number.isFinite(packets) || !Number.isFinite(bytes)) throw new Error('-c needs two numbers');
        rule.counters = { packets, bytes };
        i += 3;
        continue;
      }
      if (FLAGS_WITHOUT_VALUE.has(option)) {
        if (option === '--set' || option === '--rcheck' || option === '--update' || option === '--remove') {
          rule.recentAction = option.slice(2) as NatRule['recentAction'];
        }
        i++;
        continue;
      }
      if (OPTIONS_WITH_ONE_VALUE.has(option)) {
        applyOption(rule, option, valueAt(i + 1), negated);
        i += 2;
        continue;
      }
      if (!option.startsWith('-')) throw new Error(`unexpected word "${option}"`);
      // an option this reader does not know: skip it with the values that follow it
      i++;
      while (i < tokens.length && !tokens[i]!.startsWith('-') && tokens[i] !== '!') i++;
    }
  } catch (err) {
    return (err as Error).message;
  }
  return rule;
}

function applyOption(rule: RuleSpec, option: string, value: string, negated: boolean): void {
  switch (option) {
    case '-s':
    case '--source':
      rule.source = parseAddressMatch(value, negated);
      break;
    case '-d':
    case '--destination':
      rule.destination = parseAddressMatch(value, negated);
      break;
    case '-p':
    case '--protocol':
      rule.protocol = normaliseProtocol(value);
      break;
    case '-i':
    case '--in-interface':
      rule.inInterface = negated ? `!${value}` : value;
      break;
    case '-o':
    case '--out-interface':
      rule.outInterface = negated ? `!${value}` : value;
      break;
    case '-j':
    case '--jump':
      rule.target = value;
      break;
    case '-g':
    case '--goto':
      rule.target = value;
      rule.isGoto = true;
      break;
    case '-m':
    case '--match':
      if (value === 'recent') rule.recentModule = true;
      break;
    case '--comment':
      rule.comment = value.trim();
      break;
    case '--dport':
    case '--destination-port':
      if (/^\d+$/.test(value)) rule.dport = Number(value);
      break;
    case '--probability': {
      const probability = Number(value);
      if (!Number.isFinite(probability)) throw new Error(`probability "${value}" is not a number`);
      rule.probability = probability;
      break;
    }
    case '--to-destination':
      rule.dnatTo = value;
      break;
    case '--dst-type':
      rule.dstType = value;
      break;
    case '--set-xmark':
    case '--set-mark':
      rule.setMark = value;
      break;
    case '--or-mark':
      rule.setMark = `${value}/${value}`;
      break;
    case '--seconds':
      if (/^\d+$/.test(value)) rule.recentSeconds = Number(value);
      break;
    default:
      break;
  }
}
