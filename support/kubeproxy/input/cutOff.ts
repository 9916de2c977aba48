/**
 * Whether the last rule of a paste stops short of a whole rule: a copy cut off mid-line would otherwise be read
 * as a real rule (a DNAT to "10.0.0.1:8", a jump to "KUBE-SEP-AB") and reported as a kube-proxy fault.
 */
import type { NatRule } from '../types.ts';

const WHOLE_ENDPOINT = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]):\d+$/;

function cutTarget(rule: NatRule, knownChains: Set<string>): boolean {
  const target = rule.target;
  if (!target) return false;
  if (
    !knownChains.has(target) &&
    [...knownChains].some((name) => name.length > target.length && name.startsWith(target))
  ) {
    return true;
  }
  if (target === 'DNAT') {
    if (!rule.dnatTo || !WHOLE_ENDPOINT.test(rule.dnatTo)) return true;
  }
  return false;
}

/** Reasons a reader gives for a line that ends too early (as opposed to a line that says something wrong). */
export const ENDS_EARLY = /without a value|unbalanced quote|do not line up|missing source|expected /;

/** An `-A ...` line (iptables-save or -S) that is cut: no target after its matches, or a cut target or address. */
export function saveLineIsCut(rule: NatRule, tokens: string[], knownChains: Set<string>): boolean {
  if (!rule.target) {
    // kube-proxy writes one rule without a target (KUBE-FW-'s "other traffic ... dropped"): it ends with its comment
    return tokens.at(-2) !== '--comment';
  }
  return cutTarget(rule, knownChains);
}

/** A rule line of an `-L` listing that is cut: unclosed comment, a probability or DNAT without its value. */
export function listLineIsCut(rule: NatRule, line: string, knownChains: Set<string>): boolean {
  if (line.includes('/*') && !line.includes('*/')) return true;
  if (/statistic mode random( probability)?\s*$/.test(line)) return true;
  const probability = /probability (\S+)\s*$/.exec(line);
  if (probability && !/^\d\.\d{11}$/.test(probability[1]!)) return true;
  if (/\b(dpt|spt|to):?\s*$/.test(line)) return true;
  if (rule.target === 'DNAT' && !/\bto:\S+/.test(line)) return true;
  return cutTarget(rule, knownChains);
}
