/** The typed model of kube-proxy's iptables NAT rules, shared by the parsers, the features and the diagram. */

export type IptablesFormat = 'iptables-save' | 'iptables-S' | 'iptables-L';

export interface AddressMatch {
  cidr: string; // as printed, normalised to a CIDR ("10.96.0.10/32", "0.0.0.0/0")
  negated: boolean;
}

export interface RuleCounters {
  packets: number;
  bytes: number;
}

/** One rule of one chain, whichever format it came from. */
export interface NatRule {
  chain: string;
  /** 1-based position in its chain */
  position: number;
  target?: string; // jump/goto target: KUBE-SVC-..., DNAT, KUBE-MARK-MASQ, RETURN, ...
  protocol?: string; // normalised: "tcp" | "udp" | "sctp" | "all" (6 -> tcp, 17 -> udp, 0 -> all)
  source?: AddressMatch;
  destination?: AddressMatch;
  comment?: string;
  dport?: number;
  probability?: number; // statistic mode random probability
  dnatTo?: string; // "ip:port"
  recentModule?: boolean; // -m recent (sessionAffinity ClientIP)
  recentAction?: 'set' | 'rcheck' | 'update' | 'remove'; // what the -m recent match does
  dstType?: string; // -m addrtype --dst-type (LOCAL on the nodeports rule)
  inInterface?: string; // -i, as printed (may start with "!")
  outInterface?: string; // -o, as printed (may start with "!")
  isGoto?: boolean; // -g instead of -j
  counters?: RuleCounters;
  raw: string; // the line as read
}

export interface NatChain {
  name: string;
  policy?: string;
  references?: number;
  rules: NatRule[];
}

export interface NatTable {
  format: IptablesFormat;
  chains: Map<string, NatChain>;
  /** lines the parser could not read, as "line N: why: text" (parsing never throws on them) */
  problems?: string[];
  /** true when the input listed the whole nat table (built-in chains present), not just a few chains */
  wholeTable?: boolean;
}

export interface EndpointView {
  address: string; // "ip:port"
  chain: string; // KUBE-SEP-...
  chainMatchesKubeProxyHash: boolean;
  ruleProbability: number | null; // as written on the KUBE-SVC rule; null for the last rule
  share: number; // fraction of new connections this endpoint receives (product of the branch probabilities)
  hairpinMasqFrom?: string; // source the KUBE-SEP chain marks for masquerade (its own pod IP)
  counters?: RuleCounters; // of the DNAT rule, when the input had counters
}

export interface ServiceView {
  name: string; // "ns/svc:port" (or "ns/svc" for an unnamed port), as kube-proxy wrote it
  protocol: string; // "tcp" | "udp" | "sctp"
  clusterIP: string;
  port: number;
  chain: string; // KUBE-SVC-...
  chainMatchesKubeProxyHash: boolean;
  masqueradeUnlessFrom: string | null; // pod CIDR of the "! -s CIDR -j KUBE-MARK-MASQ" rule
  endpoints: EndpointView[];
  sessionAffinity?: boolean; // the service chain has -m recent --rcheck rules (sessionAffinity: ClientIP)
}

/** A KUBE-SEP chain that no service chain in the input reaches (e.g. one `iptables -L KUBE-SEP-...` listing). */
export interface LooseEndpointChain {
  chain: string;
  service: string; // from the chain's comments
  protocol: string; // of its DNAT rule
  address: string; // DNAT destination "ip:port"
  chainMatchesKubeProxyHash: boolean;
  hairpinMasqFrom?: string;
  counters?: RuleCounters;
}

export interface ExplainResult {
  format: IptablesFormat;
  services: ServiceView[];
  problems: string[];
  /** gaps that come from a partial input (a chain the input did not include), not from the rules */
  notes?: string[];
  /** endpoint chains the input shows without the service chain that uses them (partial inputs only) */
  looseEndpointChains?: LooseEndpointChain[];
}
