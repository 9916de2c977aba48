/**
 * Where the traffic of one way in goes: the rules from its entry (KUBE-SERVICES / KUBE-NODEPORTS) through
 * KUBE-FW-, KUBE-EXT- and KUBE-XLB- chains, read as "which clients -> which endpoints, masqueraded or not".
 */
import type { NatRule, NatTable, TrafficRoute } from '../types.ts';
import { marksForDrop, marksForMasquerade } from './marks.ts';
import { isAnyAddress } from '../normalise.ts';
import { IPTABLES_NAMING, type ChainNaming } from '../naming.ts';

const MAX_DEPTH = 8;

export interface RouteWalk {
  routes: TrafficRoute[];
  /** no rule took the remaining traffic: it leaves the nat rules untranslated */
  fellThrough: boolean;
  sourceRanges: string[]; // loadBalancerSourceRanges read from a KUBE-FW- chain
  /** chains this walk went through or ended in, so a whole table can tell which chains nothing uses */
  chains: string[];
}

/** The clients a rule is limited to, in words, or null when it takes every client. */
function clientsOf(rule: NatRule): string | null {
  const parts: string[] = [];
  if (rule.source && !isAnyAddress(rule.source)) {
    const pods = /pod/i.test(rule.comment ?? '');
    parts.push(
      rule.source.negated
        ? `clients outside ${rule.source.cidr}`
        : `${pods ? 'pods in' : 'clients in'} ${rule.source.cidr}`,
    );
  }
  if (rule.srcType === 'LOCAL') parts.push('this node');
  else if (rule.srcType === '!LOCAL') parts.push('clients not on this node');
  return parts.length > 0 ? parts.join(', ') : null;
}

/** A chain that only picks an endpoint (KUBE-SVC-, KUBE-SVL-): every jump in it goes to a KUBE-SEP- chain. */
export function isEndpointChoice(table: NatTable, chain: string, naming: ChainNaming = IPTABLES_NAMING): boolean {
  const rules = table.chains.get(chain)?.rules;
  if (!rules) return false;
  return rules.every(
    (rule) => !rule.target || marksForMasquerade(rule) || marksForDrop(rule) || naming.isEndpointChain(rule.target),
  );
}

class Walker {
  readonly routes: TrafficRoute[] = [];
  readonly sourceRanges: string[] = [];
  readonly chains: string[] = [];
  constructor(
    private readonly table: NatTable,
    private readonly naming: ChainNaming,
  ) {}

  private add(from: string | null, to: TrafficRoute['to'], masquerade: boolean, chain?: string): void {
    const route: TrafficRoute = {
      from: from ?? (this.routes.length > 0 ? 'other clients' : 'any client'),
      to,
      masquerade,
    };
    if (chain) route.chain = chain;
    this.routes.push(route);
  }

  /** Walks rules in order; returns true when some rule took all the remaining traffic. */
  walk(rules: NatRule[], chainName: string, depth: number, masquerade: boolean, prefix: string | null): boolean {
    let masq = masquerade;
    let masqFor: Set<string> | null = null;
    const label = (clients: string | null) => (prefix && clients ? `${prefix}: ${clients}` : (prefix ?? clients));
    for (const rule of rules) {
      if (rule.recentAction === 'rcheck') continue;
      const clients = clientsOf(rule);
      if (marksForMasquerade(rule)) {
        // the ClusterIP "! -s podCIDR" mark is reported per Service (masqueradeUnlessFrom), not per route
        if (clients === null) masq = true;
        else if (!rule.source?.negated) (masqFor ??= new Set()).add(clients);
        continue;
      }
      const routeMasq = masq || (clients !== null && masqFor !== null && masqFor.has(clients));
      const target = rule.target;
      if (!target) {
        if (!/dropped/.test(rule.comment ?? '')) continue;
        this.add(label(clients), 'dropped', false);
      } else if (this.naming.isEndpointChain(target)) {
        this.add(
          label(clients),
          this.naming.isLocalChoice(chainName) ? 'localEndpoints' : 'endpoints',
          routeMasq,
          chainName,
        );
        return true; // the rest of this chain is its endpoint choice
      } else if (marksForDrop(rule)) {
        this.add(label(clients), 'dropped', false);
      } else if (target === 'REJECT') {
        this.add(label(clients), 'rejected', false);
      } else if (target === 'RETURN') {
        if (clients === null) return false;
        continue;
      } else if (!this.table.chains.has(target)) {
        this.add(label(clients), 'notShown', routeMasq, target);
      } else if (isEndpointChoice(this.table, target, this.naming)) {
        this.chains.push(target);
        const choice = this.table.chains.get(target)!.rules;
        const dropsAll =
          !choice.some((r) => r.target && this.naming.isEndpointChain(r.target)) && choice.some(marksForDrop);
        if (dropsAll) this.add(label(clients), 'dropped', false, target);
        else
          this.add(
            label(clients),
            this.naming.isLocalChoice(target) ? 'localEndpoints' : 'endpoints',
            routeMasq,
            target,
          );
      } else if (depth < MAX_DEPTH) {
        this.chains.push(target);
        if (/^KUBE-FW-|^firewall-/.test(chainName) && rule.source && !rule.source.negated)
          this.sourceRanges.push(rule.source.cidr);
        const took = this.walk(this.table.chains.get(target)!.rules, target, depth + 1, routeMasq, label(clients));
        if (took && clients === null) return true;
        continue;
      } else continue;
      if (clients === null) return true;
    }
    return false;
  }
}

/** The routes of a way in whose entry rules (in order) are `entryRules`. */
export function walkRoutes(table: NatTable, entryRules: NatRule[], naming: ChainNaming = IPTABLES_NAMING): RouteWalk {
  const walker = new Walker(table, naming);
  const took = walker.walk(entryRules, entryRules[0]?.chain ?? '', 0, false, null);
  return { routes: walker.routes, fellThrough: !took, sourceRanges: walker.sourceRanges, chains: walker.chains };
}
