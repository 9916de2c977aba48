/**
 * unbound configurations: the cluster DNS server (authoritative for the cluster domain from local data,
 * forwarding everything else to the upstream stand-in) and the two stand-ins for that upstream.
 * Nothing here can send a query off the machine: the only forward target is a loopback address, and the
 * "unreachable" stand-in forwards to a closed loopback port.
 */
import { absoluteName } from '../shared.ts';
import type { ResourceRecord } from './records.ts';
import type { UpstreamStandIn } from './types.ts';

/** Where the upstream stand-in listens inside the DNS pod (port 53, so a resolv.conf can name it). */
export const UPSTREAM_ADDRESS = '127.0.0.53';
/** The stand-in's own upstream: a loopback port nothing listens on, so every query is refused at once. */
const DEAD_UPSTREAM = '127.0.0.1@9';
/** CoreDNS's `cache 30`: forwarded answers are kept at most this long. */
export const CACHE_SECONDS = 30;

function quoted(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

function common(opts: { interface: string; pidFile: string; logFile: string; directory: string }): string[] {
  return [
    'server:',
    `  interface: ${opts.interface}`,
    '  port: 53',
    '  do-daemonize: yes',
    '  username: ""',
    '  chroot: ""',
    `  directory: ${quoted(opts.directory)}`,
    `  pidfile: ${quoted(opts.pidFile)}`,
    '  use-syslog: no',
    `  logfile: ${quoted(opts.logFile)}`,
    '  verbosity: 1',
    '  num-threads: 1',
    '  so-reuseport: no',
    '  outgoing-range: 64',
    '  num-queries-per-thread: 64',
    '  msg-cache-size: 1m',
    '  rrset-cache-size: 2m',
    '  module-config: "iterator"',
    '  do-ip6: no',
    '  hide-identity: yes',
    '  hide-version: yes',
    // drop unbound's built-in NXDOMAIN zones for private reverse ranges: the cluster's reverse records
    // live there, and the rest must reach (and fail at) the upstream, as CoreDNS's fallthrough does
    '  unblock-lan-zones: yes',
    '  insecure-lan-zones: yes',
  ];
}

export interface ServerPaths {
  podIp: string;
  confDir: string;
  pidFile: string;
  logFile: string;
}

/** The cluster DNS: `static` for the cluster domain (unknown names NXDOMAIN, with the SOA), reverse zones
 * transparent (unknown addresses fall through to the upstream, as `fallthrough in-addr.arpa ip6.arpa`). */
export function serverConf(domain: string, records: ResourceRecord[], paths: ServerPaths): string {
  const zone = absoluteName(domain);
  return [
    ...common({ interface: paths.podIp, pidFile: paths.pidFile, logFile: paths.logFile, directory: paths.confDir }),
    '  access-control: 0.0.0.0/0 allow',
    '  access-control: ::/0 allow',
    '  do-not-query-localhost: no',
    `  cache-max-ttl: ${CACHE_SECONDS}`,
    `  cache-max-negative-ttl: ${CACHE_SECONDS}`,
    '  rrset-roundrobin: yes',
    '  minimal-responses: yes',
    `  local-zone: ${quoted(zone)} static`,
    '  local-zone: "in-addr.arpa." transparent',
    '  local-zone: "ip6.arpa." transparent',
    ...records.map((r) => `  local-data: ${quoted(`${r.name} ${r.ttl} IN ${r.type} ${r.data}`)}`),
    '',
    'forward-zone:',
    '  name: "."',
    `  forward-addr: ${UPSTREAM_ADDRESS}@53`,
    '',
  ].join('\n');
}

export interface StandInPaths {
  confDir: string;
  pidFile: string;
  logFile: string;
}

/**
 * The upstream stand-in. 'unreachable': a resolver whose own upstream cannot be reached, as Docker's
 * embedded resolver is in a lab with no internet: it answers SERVFAIL. 'nxdomain': a resolver that
 * answers NXDOMAIN for every name, as a working upstream does for names that do not exist.
 */
export function upstreamConf(kind: UpstreamStandIn, paths: StandInPaths): string {
  const head = common({
    interface: UPSTREAM_ADDRESS,
    pidFile: paths.pidFile,
    logFile: paths.logFile,
    directory: paths.confDir,
  });
  const body =
    kind === 'unreachable'
      ? [
          '  do-not-query-localhost: no',
          // give up on the dead upstream within a fraction of a second instead of unbound's 2-minute backoff
          '  infra-cache-max-rtt: 50',
          '',
          'forward-zone:',
          '  name: "."',
          `  forward-addr: ${DEAD_UPSTREAM}`,
        ]
      : [
          '  local-zone: "." static',
          '  local-data: ". 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400"',
        ];
  return [...head, ...body, ''].join('\n');
}
