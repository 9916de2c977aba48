/** Follows a new connection through KUBE-SERVICES the way netfilter would, weighting each random branch. */
import type { NatRule, NatTable } from './types.ts';
import { ruleAddressMatches } from './normalise.ts';

export interface NewConnection {
  destination: string; // the address the client connects to (a service VIP)
  port: number;
  protocol: string; // "tcp" | "udp" | "sctp"
  /** the client's address; when left out, rules that test the source are taken to match */
  source?: string;
}

export interface TraceOutcome {
  address: string; // where DNAT sends the connection, "ip:port"
  chain: string; // the chain holding that DNAT rule (KUBE-SEP-...)
  share: number; // fraction of new connections that end here
}

/** Targets that change nothing about where the packet goes: netfilter carries on with the next rule. */
const NON_TERMINAL_TARGETS = new Set(['KUBE-MARK-MASQ', 'MARK', 'LOG', 'CONNMARK', 'KUBE-MARK-DROP']);
const MAX_DEPTH = 16;

function matches(rule: NatRule, connection: NewConnection): boolean {
  const protocol = connection.protocol.toLowerCase();
  if (rule.protocol && rule.protocol !== 'all' && rule.protocol !== protocol) return false;
  if (
    rule.destination &&
    ruleAddressMatches(rule.destination.cidr, connection.destination) === rule.destination.negated
  ) {
    return false;
  }
  if (rule.source && connection.source !== undefined) {
    if (ruleAddressMatches(rule.source.cidr, connection.source) === rule.source.negated) return false;
  }
  if (rule.dport !== undefined && rule.dport !== connection.port) return false;
  // a new connection has no affinity entry yet, and a service VIP is not a local address of the node
  if (rule.recentModule && rule.recentAction !== 'set') return false;
  if (rule.dstType !== undefined) return false;
  return true;
}

interface Walk {
  outcomes: TraceOutcome[];
  fallThrough: number; // weight that left the chain by its end or by RETURN
}

function walk(table: NatTable, chainName: string, connection: NewConnection, weight: number, depth: number): Walk {
  const outcomes: TraceOutcome[] = [];
  let remaining = weight;
  let leftByGoto = 0;
  const chain = table.chains.get(chainName);
  if (!chain || depth > MAX_DEPTH) return { outcomes, fallThrough: remaining };
  for (const rule of chain.rules) {
    if (remaining <= 0) break;
    if (!matches(rule, connection) || !rule.target || NON_TERMINAL_TARGETS.has(rule.target)) continue;
    const taken = remaining * (rule.probability ?? 1);
    if (rule.target === 'DNAT') {
      if (rule.dnatTo) outcomes.push({ address: rule.dnatTo, chain: chainName, share: taken });
      remaining -= taken;
    } else if (rule.target === 'RETURN') {
      return { outcomes, fallThrough: remaining + leftByGoto };
    } else if (table.chains.has(rule.target)) {
      const inner = walk(table, rule.target, connection, taken, depth + 1);
      outcomes.push(...inner.outcomes);
      // what falls out of a -j chain carries on here; out of a -g chain it returns past this chain
      if (rule.isGoto) {
        remaining -= taken;
        leftByGoto += inner.fallThrough;
      } else {
        remaining -= taken - inner.fallThrough;
      }
    } else {
      remaining -= taken; // ACCEPT, DROP, REJECT, MASQUERADE, or a chain missing from the input
    }
  }
  return { outcomes, fallThrough: remaining + leftByGoto };
}

/**
 * Where new connections to destination:port go, with the share each endpoint gets. Outcomes are merged per
 * (chain, address) and listed in rule order; the shares sum to 1 when the service's rules are well formed.
 */
export function traceNewConnection(table: NatTable, connection: NewConnection): TraceOutcome[] {
  const merged = new Map<string, TraceOutcome>();
  for (const outcome of walk(table, 'KUBE-SERVICES', connection, 1, 0).outcomes) {
    const key = `${outcome.chain} ${outcome.address}`;
    const existing = merged.get(key);
    if (existing) existing.share += outcome.share;
    else merged.set(key, { ...outcome });
  }
  return [...merged.values()];
}
