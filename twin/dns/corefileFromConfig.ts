/**
 * The Corefile the twin's coredns ConfigMap reports, rendered from what the DNS pod's server really reads: its
 * unbound.conf and the pod's /etc/resolv.conf. Each directive stands for a line of that configuration, in
 * CoreDNS's terms:
 * - `kubernetes <zone> <reverse zones>`: the `static` local-zone and the `transparent` reverse zones;
 *   `fallthrough` for the reverse zones (unknown addresses go on to the forwarder); `ttl`: the TTL the zone's
 *   records carry; `pods verified`: the record builder (records.ts) writes pod names only for existing pods.
 * - `forward . /etc/resolv.conf` when the forward-zone's addresses are the nameservers of the pod's
 *   resolv.conf, else `forward . <address>` for what the server really forwards to.
 * - `cache <n>`: cache-max-ttl; `loadbalance`: rrset-roundrobin.
 * A configuration this cannot read (no static zone, no server port) is a one-line error.
 */
import { LabgateError } from '../shared.ts';

interface UnboundConf {
  port: number;
  staticZones: string[];
  transparentZones: string[];
  /** "<zone> <ttl> IN <type> <data>" of every local-data line */
  localData: string[];
  forwards: { zone: string; addresses: string[] }[];
  cacheMaxTtl?: number;
  roundRobin: boolean;
}

/** unbound's default cache-max-ttl: a day. */
const UNBOUND_CACHE_MAX_TTL = 86400;
const ZONE_RECORD_TYPES = new Set(['A', 'AAAA', 'SRV', 'PTR', 'SOA', 'NS']);

function unquote(value: string): string {
  const v = value.trim();
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}

function relative(zone: string): string {
  return zone === '.' ? '.' : zone.replace(/\.$/, '');
}

export function parseUnboundConf(text: string): UnboundConf {
  const conf: UnboundConf = {
    port: 53,
    staticZones: [],
    transparentZones: [],
    localData: [],
    forwards: [],
    roundRobin: false,
  };
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const m = /^([\w-]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, key, value] = m as unknown as [string, string, string];
    if (value === '' && !raw.startsWith(' ') && !raw.startsWith('\t')) {
      section = key;
      if (section === 'forward-zone') conf.forwards.push({ zone: '', addresses: [] });
      continue;
    }
    if (section === 'forward-zone') {
      const fwd = conf.forwards.at(-1)!;
      if (key === 'name') fwd.zone = unquote(value);
      if (key === 'forward-addr') fwd.addresses.push(unquote(value));
      continue;
    }
    if (section !== 'server') continue;
    if (key === 'port') conf.port = Number(value);
    if (key === 'local-zone') {
      const [zone, type] = value.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
      if (zone && type === 'static') conf.staticZones.push(unquote(zone));
      if (zone && type === 'transparent') conf.transparentZones.push(unquote(zone));
    }
    if (key === 'local-data') conf.localData.push(unquote(value));
    if (key === 'cache-max-ttl') conf.cacheMaxTtl = Number(value);
    if (key === 'rrset-roundrobin') conf.roundRobin = value === 'yes';
  }
  return conf;
}

/** The nameservers of a resolv.conf, as `address:port`. */
export function resolvConfNameservers(text: string): string[] {
  return text
    .split('\n')
    .map((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1])
    .filter((a): a is string => Boolean(a))
    .map((a) => `${a}:53`);
}

/** unbound writes `addr@port`; CoreDNS and resolv.conf mean `addr:port`, port 53 by default. */
function forwardTarget(address: string): string {
  const [addr, port] = address.split('@');
  return `${addr}:${port ?? '53'}`;
}

/** The TTLs the zone's records carry (the kubernetes plugin's `ttl`), smallest first. */
function zoneTtls(localData: string[], zone: string): number[] {
  const ttls = new Set<number>();
  for (const rr of localData) {
    const [name, ttl, , type] = rr.split(/\s+/);
    if (!name || !type || !ZONE_RECORD_TYPES.has(type)) continue;
    if (name === zone || name.endsWith(`.${zone}`)) ttls.add(Number(ttl));
  }
  return [...ttls].sort((a, b) => a - b);
}

export function corefileFromUnbound(unboundConf: string, resolvConf: string, source: string): string {
  const conf = parseUnboundConf(unboundConf);
  const zone = conf.staticZones[0];
  if (!zone) throw new LabgateError(`the cluster DNS configuration in ${source} serves no zone (no static local-zone)`);
  const ttls = zoneTtls(conf.localData, zone);
  if (ttls.length === 0) throw new LabgateError(`the cluster DNS configuration in ${source} has no records in ${zone}`);
  const reverse = conf.transparentZones.map(relative);
  const root = conf.forwards.find((f) => f.zone === '.');
  const targets = (root?.addresses ?? []).map(forwardTarget);
  const nameservers = resolvConfNameservers(resolvConf);
  const viaResolvConf =
    targets.length > 0 && targets.length === nameservers.length && targets.every((t) => nameservers.includes(t));
  const shown = targets.map((t) => t.replace(/:53$/, ''));
  return [
    `# labgate twin: rendered from ${source} (unbound); only what that server does is listed`,
    ...(ttls.length > 1 ? [`# its records carry the TTLs ${ttls.join(', ')}; the smallest is shown`] : []),
    `.:${conf.port} {`,
    `    kubernetes ${[relative(zone), ...reverse].join(' ')} {`,
    '       pods verified',
    ...(reverse.length > 0 ? [`       fallthrough ${reverse.join(' ')}`] : []),
    `       ttl ${ttls[0]}`,
    '    }',
    ...(targets.length > 0 ? [`    forward . ${viaResolvConf ? '/etc/resolv.conf' : shown.join(' ')}`] : []),
    `    cache ${conf.cacheMaxTtl ?? UNBOUND_CACHE_MAX_TTL}`,
    ...(conf.roundRobin ? ['    loadbalance'] : []),
    '}',
    '',
  ].join('\n');
}
