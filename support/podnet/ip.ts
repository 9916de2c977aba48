/**
 * One entry point per `ip` command, whichever form it printed: JSON (`ip -j ...`, preferred) or text.
 * Plus the questions the labs ask of the result.
 */
import { parseIpAddrJson, parseIpLinkJson, parseIpRouteGetJson, parseIpRouteJson } from './ipJson.ts';
import { parseIpAddrText, parseIpLinkText, parseIpRouteGetText, parseIpRouteText } from './ipText.ts';
import type { Interface, Link, Parsed, Route, RouteLookup } from './model.ts';
import { cidrContains } from '../floor/address.ts';
import { prefixLength } from './routeCidr.ts';

function isJson(text: string): boolean {
  return text.trimStart().startsWith('[');
}

export function parseIpAddr(text: string): Parsed<Interface[]> {
  return isJson(text) ? { value: parseIpAddrJson(text), problems: [] } : parseIpAddrText(text);
}

export function parseIpLink(text: string): Parsed<Link[]> {
  return isJson(text) ? { value: parseIpLinkJson(text), problems: [] } : parseIpLinkText(text);
}

export function parseIpRoute(text: string): Parsed<Route[]> {
  return isJson(text) ? { value: parseIpRouteJson(text), problems: [] } : parseIpRouteText(text);
}

export function parseIpRouteGet(text: string): Parsed<RouteLookup | undefined> {
  return isJson(text) ? { value: parseIpRouteGetJson(text), problems: [] } : parseIpRouteGetText(text);
}

export function interfaceNamed<T extends Link>(links: T[], name: string): T | undefined {
  return links.find((l) => l.ifname === name);
}

export function ipv4Addresses(iface: Interface): string[] {
  return iface.addresses.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`);
}

/**
 * The route the main table would pick for `ip`: longest prefix, then lowest metric (blackhole and unreachable routes
 * included, as the kernel does).
 */
export function bestRoute(routes: Route[], ip: string): Route | undefined {
  const candidates = routes.filter((r) => cidrContains(r.cidr, ip));
  candidates.sort((a, b) => prefixLength(b.cidr) - prefixLength(a.cidr) || (a.metric ?? 0) - (b.metric ?? 0));
  return candidates[0];
}

/** Routes whose destination is exactly `ip` as a host route (/32 or /128). */
export function hostRoutesTo(routes: Route[], ip: string): Route[] {
  const host = ip.includes(':') ? `${ip}/128` : `${ip}/32`;
  return routes.filter((r) => r.cidr === host);
}
