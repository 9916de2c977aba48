/** The typed model of kube-proxy's iptables NAT rules, shared by the parsers, the features and the diagram. */
import type { AddressFamily } from '../floor/address.ts';

export type { AddressFamily } from '../floor/address.ts';
export type IptablesFormat = 'iptables-save' | 'iptables-S' | 'iptables-L';
/** Every kind of kube-proxy output `explain` reads. */
export type DataplaneFormat = IptablesFormat | 'nftables' | 'ipvsadm';

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
  /** -j MARK: the value it sets ("0x4d415351/0xffffffff", "0x4000/0x4000"; -L's "or 0x4000" as "0x4000/0x4000") */
  setMark?: string;
  srcType?: string; // -m addrtype --src-type (LOCAL on kube-proxy's "traffic from this node" rules), may start with "!"
  recentSeconds?: number; // -m recent --seconds (the sessionAffinity timeout)
  /** 1-based line of the input it was read from (set by the readers of pasted input) */
  line?: number;
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
  family?: AddressFamily;
  /** kube-proxy's filter-table chains (KUBE-SERVICES, KUBE-EXTERNAL-SERVICES, KUBE-PROXY-FIREWALL), when pasted */
  filter?: Map<string, NatChain>;
  notRules?: NotRuleLine[];
  endsMidRule?: NotRuleLine;
  /** what reading the paste did that the reader should know (copies merged, port names read) */
  readingNotes?: string[];
}

export interface EndpointView {
  address: string; // "ip:port"
  chain: string; // KUBE-SEP-...
  chainMatchesKubeProxyHash: boolean;
  ruleProbability: number | null; // as written on the KUBE-SVC rule; null for the last rule
  share: number; // fraction of new connections this endpoint receives (product of the branch probabilities)
  hairpinMasqFrom?: string; // source the KUBE-SEP chain marks for masquerade (its own pod IP)
  counters?: RuleCounters; // of the DNAT rule, when the input had counters
  /** serving but terminating: only the Local path uses it, the cluster-wide chain does not (or IPVS weight 0) */
  terminating?: boolean;
  weight?: number; // IPVS real-server weight
}

export type WayInKind =
  | 'clusterIP'
  | 'externalIP'
  | 'loadBalancer'
  | 'nodePort'
  | 'externalOrLoadBalancer'
  | 'virtualServer';

/** Where traffic that entered one way goes, for one group of clients (rules are tried in order). */
export interface TrafficRoute {
  /** which clients: "any client", "pods (10.0.0.0/8)", "this node", "clients in 203.0.113.0/25", "other clients" */
  from: string;
  to: 'endpoints' | 'localEndpoints' | 'dropped' | 'rejected' | 'notShown' | 'notTranslated';
  chain?: string; // the chain whose endpoints get it (KUBE-SVC-, KUBE-SVL-, service-..., local-...)
  masquerade: boolean; // its source is rewritten to the node's address on the way out
}

/** One way into a Service: its cluster IP, an external IP, a load-balancer IP or a node port. */
export interface WayIn {
  kind: WayInKind;
  address: string; // the IP; "" for a node port (any address kube-proxy accepts node ports on)
  port: number;
  shownAs: string; // "10.96.0.10:53", "[fd00::10]:53", "node port 30080"
  chain: string; // the chain the entry rule jumps to; "" when the entry itself drops or rejects
  routes: TrafficRoute[];
  sourceRanges?: string[]; // loadBalancerSourceRanges, from the KUBE-FW / firewall chain
  counters?: RuleCounters; // of the entry rule, when the input had counters
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
  sessionAffinityTimeoutSeconds?: number;
  family?: AddressFamily;
  /** every way in, each with where its traffic goes (iptables, nftables and IPVS readers fill it) */
  waysIn?: WayIn[];
  /** endpoints of the Local-policy chain (KUBE-SVL-/KUBE-XLB-/local-): externalTrafficPolicy Local */
  localChain?: string;
  localEndpoints?: EndpointView[];
  externalTrafficPolicy?: 'Cluster' | 'Local';
  internalTrafficPolicy?: 'Cluster' | 'Local';
  /** set when new connections find no endpoint: what the rules do with them */
  noEndpoints?: 'rejected' | 'dropped' | 'not translated';
  /** set when the chain holding the endpoint rules is not in the input (a partial paste) */
  endpointsNotShown?: string;
  counters?: RuleCounters; // of the cluster IP entry rule
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

/** A line of the input that is not a rule (a shell prompt, a command, a warning): shown once, never a problem. */
export interface NotRuleLine {
  line: number;
  text: string;
}

export interface ExplainResult {
  format: DataplaneFormat;
  /** every format the input mixed, when more than one (e.g. iptables-S lines pasted next to -L listings) */
  formats?: DataplaneFormat[];
  services: ServiceView[];
  problems: string[];
  /** gaps that come from a partial input (a chain the input did not include), not from the rules */
  notes?: string[];
  /** endpoint chains the input shows without the service chain that uses them (partial inputs only) */
  looseEndpointChains?: LooseEndpointChain[];
  notRules?: NotRuleLine[];
  /** the last line stops short of a whole rule (a cut-off paste): it is left out */
  endsMidRule?: NotRuleLine;
}
