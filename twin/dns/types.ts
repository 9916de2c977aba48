/** What the twin's cluster DNS is built from: the twin's Services, their endpoints and its pods. */

export interface DnsEndpoint {
  ip: string;
  /** the EndpointSlice endpoint's hostname (a StatefulSet pod's name behind its headless Service) */
  hostname?: string;
  ready: boolean;
}

export interface DnsServicePort {
  /** unnamed ports get no SRV record */
  name?: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  port: number;
}

export interface DnsService {
  namespace: string;
  name: string;
  /** null (or "None") for a headless Service */
  clusterIP: string | null;
  ports: DnsServicePort[];
  endpoints: DnsEndpoint[];
}

export interface DnsPod {
  namespace: string;
  ip: string;
}

/** Which local stand-in answers as the cluster DNS's upstream resolver. */
export type UpstreamStandIn = 'unreachable' | 'nxdomain';

export interface DnsRecords {
  /** the cluster domain, e.g. cluster.local */
  domain: string;
  /** TTL of every cluster record, as the kubernetes plugin's `ttl` */
  ttl: number;
  services: DnsService[];
  pods: DnsPod[];
}

export interface ClusterDnsInput extends DnsRecords {
  /** the DNS pod's own address: DNS on port 53 (UDP and TCP), metrics on 9153 */
  podIp: string;
  /** where the configuration files go (created by the caller) */
  confDir: string;
  /** where pid and log files go (created by the caller) */
  runDir: string;
  /** default 'unreachable': names outside the domain get SERVFAIL */
  upstream?: UpstreamStandIn;
  /** prefixed to every command that starts a server: how to enter the pod, e.g. ['ip', 'netns', 'exec', 'coredns-x'] */
  exec?: string[];
}

export interface ClusterDnsConfig {
  /** absolute path -> content; write them all before start, reload or restartUpstream */
  files: Record<string, string>;
  /** shell: starts the upstream stand-in, the DNS server and the metrics server; each daemonizes */
  startCommand: string;
  /** shell: the DNS server re-reads its records (after files changed); answers continue meanwhile */
  reloadCommand: string;
  /** shell: replaces the running upstream stand-in with the configured one and flushes the server's caches */
  restartUpstreamCommand: string;
  /** shell: stops all three processes */
  stopCommand: string;
  /** the Corefile the twin's coredns ConfigMap reports: what this server does, in CoreDNS's terms */
  corefile: string;
  /** the DNS pod's /etc/resolv.conf: the upstream stand-in the server forwards to */
  resolvConf: string;
  pidFiles: { server: string; upstream: string; metrics: string };
}
