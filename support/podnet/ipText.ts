/**
 * The text forms of `ip addr`, `ip link`, `ip route` and `ip route get`, as the lab texts show them (and
 * as a busybox `ip` without -j prints them). Partial output (`| grep X -A3`) reads as far as it goes.
 */
import { Address4, Address6 } from 'ip-address';
import type { Interface, IpAddress, Parsed, Route, RouteLookup } from './model.ts';
import { routeCidr } from './routeCidr.ts';

const HEADER = /^(\d+):\s+([^\s:@]+)(?:@([^\s:]+))?:\s+<([^>]*)>(.*)$/;
const LINK_LINE = /^\s+link\/(\S+)(.*)$/;
const ADDR_LINE = /^\s+(inet6?)\s+(\S+)(.*)$/;
/** Lines `ip addr` prints that say nothing the model keeps. */
const IGNORED = [/^\s+valid_lft\b/, /^\s+altname\s/, /^--$/, /^\s*$/];

function pairs(tokens: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i + 1 < tokens.length; i += 1) {
    if (!out.has(tokens[i]!)) out.set(tokens[i]!, tokens[i + 1]!);
  }
  return out;
}

function isAddress(text: string): boolean {
  return Address4.isValid(text) || Address6.isValid(text);
}

export function parseIpAddrText(text: string): Parsed<Interface[]> {
  const value: Interface[] = [];
  const problems: string[] = [];
  let current: Interface | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    const where = `line ${i + 1}`;
    const header = HEADER.exec(line);
    if (header) {
      const [, index, name, at, flags, rest] = header;
      const attrs = pairs(rest!.trim().split(/\s+/));
      const peer = at && /^if\d+$/.test(at) ? Number(at.slice(2)) : undefined;
      current = {
        ifindex: Number(index),
        ifname: name!,
        peerIfindex: peer,
        parent: at && peer === undefined ? at : undefined,
        flags: flags ? flags.split(',') : [],
        mtu: Number(attrs.get('mtu') ?? NaN),
        operstate: attrs.get('state'),
        addresses: [],
      };
      if (!Number.isFinite(current.mtu)) problems.push(`${where}: no mtu in "${line.trim()}"`);
      value.push(current);
      return;
    }
    if (IGNORED.some((re) => re.test(line))) return;
    const link = LINK_LINE.exec(line);
    if (link && current) {
      const tokens = link[2]!.trim().split(/\s+/).filter(Boolean);
      current.linkType = link[1];
      if (tokens[0] && tokens[0] !== 'brd') current.mac = tokens[0];
      const attrs = pairs(tokens);
      if (attrs.has('link-netnsid')) current.peerNetnsId = Number(attrs.get('link-netnsid'));
      if (attrs.has('link-netns')) current.peerNetnsName = attrs.get('link-netns');
      return;
    }
    const addr = ADDR_LINE.exec(line);
    if (addr && current) {
      const [, family, cidr, rest] = addr;
      const [local, prefix] = cidr!.split('/');
      if (prefix === undefined || !isAddress(local!)) {
        problems.push(`${where}: "${cidr}" is not an address with a prefix length`);
        return;
      }
      const address: IpAddress = { family: family as 'inet' | 'inet6', local: local!, prefixlen: Number(prefix) };
      const scope = pairs(rest!.trim().split(/\s+/)).get('scope');
      if (scope) address.scope = scope;
      current.addresses.push(address);
      return;
    }
    problems.push(`${where}: "${line.trim()}" is not part of \`ip addr\` or \`ip link\` output`);
  });
  return { value, problems };
}

export const parseIpLinkText = parseIpAddrText;

const ROUTE_TYPES = new Set([
  'unicast',
  'local',
  'broadcast',
  'multicast',
  'throw',
  'unreachable',
  'prohibit',
  'blackhole',
  'nat',
  'anycast',
]);
const ROUTE_KEYS = new Set([
  'via',
  'dev',
  'proto',
  'scope',
  'src',
  'metric',
  'table',
  'pref',
  'mtu',
  'expires',
  'realm',
  'realms',
  'advmss',
  'error',
  'weight',
  'uid',
  'from',
  'tos',
  'iif',
  'oif',
  'mark',
  'nhid',
  'hoplimit',
  'rtt',
  'rttvar',
  'cwnd',
  'initcwnd',
  'initrwnd',
  'quickack',
  'congctl',
  'features',
  'ssthresh',
  'reordering',
  'window',
  'fastopen_no_cookie',
  'ttl-propagate',
]);

interface RouteLine {
  type: string;
  dst: string;
  attrs: Map<string, string>;
  flags: string[];
}

/** One route line; a string says why it is not one. */
function readRouteLine(line: string): RouteLine | string {
  const tokens = line.trim().split(/\s+/);
  const type = tokens[0] && ROUTE_TYPES.has(tokens[0]) ? tokens.shift()! : 'unicast';
  const dst = tokens.shift() ?? '';
  const bare = dst.split('/')[0]!;
  if (dst !== 'default' && !isAddress(bare)) return `"${line.trim()}" is not a route`;
  const attrs = new Map<string, string>();
  const flags: string[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i]!;
    if (ROUTE_KEYS.has(t) && i + 1 < tokens.length) {
      // `via inet6 fe80::1` names the family before the address
      if (t === 'via' && (tokens[i + 1] === 'inet' || tokens[i + 1] === 'inet6')) i += 1;
      attrs.set(t, tokens[i + 1]!);
      i += 1;
    } else flags.push(t);
  }
  return { type, dst, attrs, flags };
}

export function parseIpRouteText(text: string): Parsed<Route[]> {
  const value: Route[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    if (!line.trim()) return;
    if (/^\s/.test(line)) {
      problems.push(`line ${i + 1}: "${line.trim()}" (a multipath next hop) is not read`);
      return;
    }
    const r = readRouteLine(line);
    if (typeof r === 'string') {
      problems.push(`line ${i + 1}: ${r}`);
      return;
    }
    const metric = r.attrs.get('metric');
    value.push({
      dst: r.dst,
      cidr: routeCidr(r.dst, r.attrs.get('via') ?? r.attrs.get('src')),
      type: r.type,
      gateway: r.attrs.get('via'),
      dev: r.attrs.get('dev'),
      scope: r.attrs.get('scope'),
      protocol: r.attrs.get('proto'),
      prefsrc: r.attrs.get('src'),
      metric: metric === undefined ? undefined : Number(metric),
      flags: r.flags,
    });
  });
  return { value, problems };
}

/** The first line says the route; the indented `cache ...` lines after it are left out. */
export function parseIpRouteGetText(text: string): Parsed<RouteLookup | undefined> {
  const lines = text.split('\n').filter((l) => l.trim());
  const first = lines.find((l) => !/^\s/.test(l));
  if (!first) return { value: undefined, problems: ['no route line in the output'] };
  const r = readRouteLine(first);
  if (typeof r === 'string') return { value: undefined, problems: [r] };
  const uid = r.attrs.get('uid');
  return {
    value: {
      dst: r.dst,
      type: r.type,
      gateway: r.attrs.get('via'),
      dev: r.attrs.get('dev'),
      prefsrc: r.attrs.get('src'),
      uid: uid === undefined ? undefined : Number(uid),
    },
    problems: [],
  };
}
