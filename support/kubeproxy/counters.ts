/** Packet counter differences between two listings taken before and after sending traffic. */
import type { NatRule, NatTable } from './types.ts';

/**
 * Packets each matching rule counted between `before` and `after`, summed per chain (rules absent before count from 0).
 */
export function ruleCounterDeltas(
  before: NatTable,
  after: NatTable,
  select: (rule: NatRule) => boolean,
): Map<string, number> {
  const deltas = new Map<string, number>();
  for (const chain of after.chains.values()) {
    const earlier = before.chains.get(chain.name)?.rules ?? [];
    for (const rule of chain.rules) {
      if (!select(rule) || !rule.counters) continue;
      const previous = earlier.find((r) => r.position === rule.position && r.target === rule.target)?.counters;
      const delta = rule.counters.packets - (previous?.packets ?? 0);
      deltas.set(chain.name, (deltas.get(chain.name) ?? 0) + delta);
    }
  }
  return deltas;
}

/** Packets each KUBE-SEP chain's DNAT rule counted between the two listings: new connections per endpoint. */
export function counterDeltas(before: NatTable, after: NatTable): Map<string, number> {
  return ruleCounterDeltas(before, after, (rule) => rule.chain.startsWith('KUBE-SEP-') && rule.target === 'DNAT');
}
