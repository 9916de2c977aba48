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
}

export interface ExplainResult {
  format: IptablesFormat;
  services: ServiceView[];
  problems: string[];
}
