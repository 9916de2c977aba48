/** kube-proxy's filter-table verdicts: Services without (local) endpoints are rejected or dropped there. */
import type { NatChain, NatRule, WayInKind } from '../types.ts';
import { canonicalIp } from '../../floor/address.ts';
import { hostOf } from '../normalise.ts';

const NO_ENDPOINTS = /^(.+) has no (local )?endpoints$/;

export interface FilterVerdict {
  name: string; // the service port name from the comment ("" when the comment names none)
  kind: WayInKind;
  address: string; // "" for a node port
  port: number;
  protocol: string;
  to: 'rejected' | 'dropped';
  noLocalEndpoints: boolean;
  rule: NatRule;
}

const key = (address: string, port: number, protocol: string) => `${canonicalIp(address)}|${port}|${protocol}`;

export class FilterIndex {
  private readonly byWay = new Map<string, FilterVerdict>();
  readonly noEndpoints: FilterVerdict[] = [];
  readonly present: boolean;

  /** nftables: the no-endpoint maps, read into verdicts by the caller */
  static of(verdicts: FilterVerdict[]): FilterIndex {
    const index = new FilterIndex(new Map());
    for (const verdict of verdicts) {
      index.byWay.set(key(verdict.address, verdict.port, verdict.protocol), verdict);
      if (verdict.name) index.noEndpoints.push(verdict);
    }
    return index;
  }

  constructor(filter: Map<string, NatChain> | undefined) {
    this.present = filter !== undefined;
    for (const chainName of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-PROXY-FIREWALL']) {
      for (const rule of filter?.get(chainName)?.rules ?? []) {
        if (rule.target !== 'REJECT' && rule.target !== 'DROP') continue;
        if (rule.dport === undefined) continue;
        const nodePort = rule.dstType === 'LOCAL' && !rule.destination;
        const address = rule.destination && !rule.destination.negated ? hostOf(rule.destination.cidr) : '';
        if (!nodePort && !address) continue;
        const comment = NO_ENDPOINTS.exec(rule.comment ?? '');
        const verdict: FilterVerdict = {
          name: comment?.[1] ?? '',
          kind: nodePort ? 'nodePort' : chainName === 'KUBE-SERVICES' ? 'clusterIP' : 'externalOrLoadBalancer',
          address,
          port: rule.dport,
          protocol: rule.protocol ?? 'all',
          to: rule.target === 'REJECT' ? 'rejected' : 'dropped',
          noLocalEndpoints: comment?.[2] !== undefined,
          rule,
        };
        this.byWay.set(key(address, rule.dport, verdict.protocol), verdict);
        if (comment) this.noEndpoints.push(verdict);
      }
    }
  }

  /** What the filter table does with new connections to this way in that the nat rules did not translate. */
  verdictFor(address: string, port: number, protocol: string): FilterVerdict | undefined {
    return this.byWay.get(key(address, port, protocol));
  }
}
