/** iptables-save (with or without -c) and `iptables -S` output -> the nat table model. */
import type { NatChain, NatRule, NatTable } from './types.ts';
import { parseRuleSpec, tokenize } from './ruleSpec.ts';

export const BUILT_IN_NAT_CHAINS = ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'];

export function chainOf(chains: Map<string, NatChain>, name: string): NatChain {
  let chain = chains.get(name);
  if (!chain) {
    chain = { name, rules: [] };
    chains.set(name, chain);
  }
  return chain;
}

/** Parses save/-S text. Lines of tables other than nat are skipped; a text without `*table` lines counts as nat. */
export function parseSaveOrS(text: string, format: 'iptables-save' | 'iptables-S'): NatTable {
  const chains = new Map<string, NatChain>();
  const problems: string[] = [];
  const tablesSeen: string[] = [];
  let table: string | null = null;
  const lines = text.split(/\r?\n/);
  lines.forEach((rawLine, index) => {
    const line = rawLine.trim();
    const where = `line ${index + 1}`;
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('*')) {
      table = line.slice(1).trim();
      tablesSeen.push(table);
      return;
    }
    if (table !== null && table !== 'nat') return;
    if (line === 'COMMIT') return;
    const declaration = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?$/.exec(line);
    if (declaration) {
      const chain = chainOf(chains, declaration[1]!);
      if (declaration[2] !== '-') chain.policy = declaration[2];
      return;
    }
    readRuleLine(chains, problems, line, rawLine, where);
  });
  if (tablesSeen.length > 0 && !tablesSeen.includes('nat')) {
    problems.push(`the input has no nat table (tables seen: ${tablesSeen.join(', ')})`);
  }
  return { format, chains, problems, wholeTable: BUILT_IN_NAT_CHAINS.every((name) => chains.has(name)) };
}

/** One `-N`, `-P` or `[pkts:bytes] -A ...` line into `chains`; anything else becomes a problem. */
export function readRuleLine(
  chains: Map<string, NatChain>,
  problems: string[],
  line: string,
  rawLine: string,
  where: string,
): void {
  let counters: { packets: number; bytes: number } | undefined;
  let ruleText = line;
  const counterPrefix = /^\[(\d+):(\d+)\]\s+(.*)$/.exec(line);
  if (counterPrefix) {
    counters = { packets: Number(counterPrefix[1]), bytes: Number(counterPrefix[2]) };
    ruleText = counterPrefix[3]!;
  }
  const tokens = tokenize(ruleText);
  if (!tokens) {
    problems.push(`${where}: unbalanced quote: ${line}`);
    return;
  }
  if (tokens[0] === '-N' && tokens.length === 2) {
    chainOf(chains, tokens[1]!);
    return;
  }
  if (tokens[0] === '-P' && tokens.length >= 3) {
    chainOf(chains, tokens[1]!).policy = tokens[2];
    return;
  }
  const spec = parseRuleSpec(tokens, rawLine);
  if (typeof spec === 'string') {
    problems.push(`${where}: ${spec}: ${line}`);
    return;
  }
  const chain = chainOf(chains, spec.chain);
  const rule: NatRule = { protocol: 'all', ...spec, position: chain.rules.length + 1 };
  if (counters && !rule.counters) rule.counters = counters;
  chain.rules.push(rule);
}
