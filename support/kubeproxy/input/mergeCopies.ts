/** Two copies of one chain in a paste (an `-L` listing and an `-S` listing of it, say) are one chain, not two. */
import type { IptablesFormat, NatRule } from '../types.ts';
import { canonicalIp } from '../../floor/address.ts';

/** The rules of one chain as one listing showed them. */
export interface ChainCopy {
  format: IptablesFormat;
  rules: NatRule[];
}

function addressKey(match: NatRule['source']): string {
  if (!match) return '';
  const [ip, prefix] = match.cidr.split('/');
  return `${match.negated ? '!' : ''}${canonicalIp(ip ?? '')}/${prefix ?? ''}`;
}

/** What a rule does, without what differs between listing formats (interfaces and goto are not in plain -L). */
export function ruleKey(rule: NatRule): string {
  return [
    rule.target ?? '',
    rule.protocol ?? 'all',
    addressKey(rule.source),
    addressKey(rule.destination),
    rule.comment ?? '',
    rule.dport ?? '',
    rule.probability === undefined ? '' : Math.round(rule.probability * 1e6),
    rule.dnatTo ?? '',
    rule.recentAction ?? '',
    rule.dstType ?? '',
    rule.srcType ?? '',
  ].join('|');
}

function isSubsequence(short: string[], long: string[]): boolean {
  let i = 0;
  for (const key of long) if (i < short.length && key === short[i]) i++;
  return i === short.length;
}

/** Counters from `from` onto the rules of `into` that do the same thing (the later listing's counters win). */
function takeCounters(into: NatRule[], from: NatRule[]): void {
  const byKey = new Map<string, NatRule[]>();
  for (const rule of from) {
    const list = byKey.get(ruleKey(rule));
    if (list) list.push(rule);
    else byKey.set(ruleKey(rule), [rule]);
  }
  for (const rule of into) {
    const counters = byKey.get(ruleKey(rule))?.shift()?.counters;
    if (counters) rule.counters = counters;
  }
}

export interface MergedChain {
  rules: NatRule[];
  notes: string[];
}

/** One chain from every copy of it: equal copies are read once, a copy that holds another wins, else the later. */
export function mergeCopies(chain: string, copies: ChainCopy[]): MergedChain {
  const notes: string[] = [];
  let current = copies[0]!;
  for (const next of copies.slice(1)) {
    const a = current.rules.map(ruleKey);
    const b = next.rules.map(ruleKey);
    const formats = current.format === next.format ? `both ${next.format}` : `${current.format} and ${next.format}`;
    if (a.length === b.length && isSubsequence(a, b)) {
      takeCounters(current.rules, next.rules);
      notes.push(`${chain} is in the paste twice (${formats}) with the same rules: read once.`);
    } else if (isSubsequence(b, a)) {
      takeCounters(current.rules, next.rules);
      notes.push(`${chain} is in the paste twice (${formats}); the shorter copy is part of the longer: read once.`);
    } else if (isSubsequence(a, b)) {
      current = next;
      notes.push(`${chain} is in the paste twice (${formats}); the shorter copy is part of the longer: read once.`);
    } else {
      current = next;
      notes.push(
        `${chain} is in the paste twice (${formats}) with different rules (taken at different times?): the ` +
          `later copy is read.`,
      );
    }
  }
  return { rules: current.rules.map((rule, index) => ({ ...rule, position: index + 1 })), notes };
}
