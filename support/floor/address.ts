/**
 * The one address toolkit (over ip-address): addresses as kube-proxy, iptables and `ip` print them, compared as
 * addresses (IPv6 has many spellings), and CIDR arithmetic for pools, blocks and routes, both families.
 */
import { Address4, Address6 } from 'ip-address';
import { LabgateError } from './errors.ts';

export type AddressFamily = 'ipv4' | 'ipv6';

export interface HostPort {
  ip: string; // without brackets, as written
  port: number | null;
}

/** "10.0.0.1:80" -> 10.0.0.1 and 80; "[fd00::5]:80" -> fd00::5 and 80; a bare address -> port null. */
export function splitHostPort(text: string): HostPort {
  const colon = text.lastIndexOf(':');
  if (colon > 0 && text.indexOf(':') === colon && text.charCodeAt(0) !== 91) {
    // "10.0.0.1:80", the common case, without regular expressions
    const port = Number(text.slice(colon + 1));
    if (Number.isInteger(port) && colon + 1 < text.length) return { ip: text.slice(0, colon), port };
  }
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { ip: bracketed[1]!, port: bracketed[2] === undefined ? null : Number(bracketed[2]) };
  const v4 = /^([\d.]+):(\d+)$/.exec(text);
  if (v4) return { ip: v4[1]!, port: Number(v4[2]) };
  return { ip: text, port: null };
}

/** The way kube-proxy writes an endpoint: "10.0.0.1:80", "[fd00::5]:80" (Go's net.JoinHostPort). */
export function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(\/\d{1,2})?$/;
const IPV6_CHARS = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/;

/** "10.0.0.1", "10.0.0.0/8" -> ipv4; "fd00::5", "[fd00::5]", "::/0" -> ipv6; a host name -> null. */
export function familyOf(ip: string): AddressFamily | null {
  const bare = ip.startsWith('[') ? ip.replace(/^\[|\](:\d+)?$/g, '') : ip;
  if (IPV4.test(bare)) return 'ipv4';
  if (bare.includes(':') && IPV6_CHARS.test(bare)) return Address6.isValid(bare.replace(/\/\d+$/, '')) ? 'ipv6' : null;
  return null;
}

/** The canonical spelling (RFC 5952 for IPv6), or the text itself when it is not an address. */
export function canonicalIp(ip: string): string {
  if (!ip.includes(':')) return ip;
  try {
    return new Address6(ip).correctForm();
  } catch {
    return ip;
  }
}

/** True when both name the same address: "fd00::5" and "fd00:0:0::5" do, "[fd00::5]" is read without brackets. */
export function sameIp(a: string, b: string): boolean {
  if (a === b) return true;
  if (!a.includes(':') || !b.includes(':')) return false;
  const left = a.startsWith('[') ? a.slice(1, -1) : a;
  const right = b.startsWith('[') ? b.slice(1, -1) : b;
  return left === right || canonicalIp(left) === canonicalIp(right);
}

/** True when both are the same "ip:port" endpoint, whatever the IPv6 spelling. */
export function sameEndpoint(a: string, b: string): boolean {
  if (a === b) return true;
  const left = splitHostPort(a);
  const right = splitHostPort(b);
  return left.port === right.port && sameIp(left.ip, right.ip);
}

export function isIPv4(text: string): boolean {
  return Address4.isValid(text) && !text.includes('/');
}

function parseCidr(cidr: string): Address4 | Address6 {
  try {
    return cidr.includes(':') ? new Address6(cidr) : new Address4(cidr);
  } catch {
    throw new LabgateError(`"${cidr}" is not a CIDR`, 'pools, blocks and subnets are written like 192.168.0.0/16');
  }
}

/**
 * Whether `ip` lies in `cidr` ("10.0.0.0/8", "fd00:10::/64", or a bare address); false when either does not parse,
 * when the families differ, or when `ip` is itself a CIDR.
 */
export function cidrContains(cidr: string, ip: string): boolean {
  try {
    if (ip.includes('/') || cidr.includes(':') !== ip.includes(':')) return false;
    if (cidr.includes(':')) return new Address6(ip).isInSubnet(new Address6(cidr));
    return new Address4(ip).isInSubnet(new Address4(cidr));
  } catch {
    return false;
  }
}

export function prefixOf(cidr: string): number {
  return parseCidr(cidr).subnetMask;
}

/** Addresses in the CIDR; exact up to 2^53 (every IPv4 CIDR, IPv6 blocks and pools up to /75). */
export function cidrSize(cidr: string): number {
  const a = parseCidr(cidr);
  const bits = a instanceof Address4 ? 32 : 128;
  return 2 ** (bits - a.subnetMask);
}

/** True when the CIDR is written with its network address (192.168.0.64/26, not 192.168.0.65/26). */
export function isNetworkAligned(cidr: string): boolean {
  const a = parseCidr(cidr);
  return a.startAddress().correctForm() === a.correctForm();
}

/** True when `inner` lies wholly inside `outer`. */
export function within(inner: string, outer: string): boolean {
  return prefixOf(inner) >= prefixOf(outer) && cidrContains(outer, parseCidr(inner).startAddress().correctForm());
}

export function overlaps(a: string, b: string): boolean {
  return within(a, b) || within(b, a);
}

/** The block of size /`prefix` an address belongs to, e.g. 192.168.202.194 with 26 -> "192.168.202.192/26". */
export function blockOf(ip: string, prefix: number): string {
  const start = new Address4(`${ip}/${prefix}`).startAddress().correctForm();
  return `${start}/${prefix}`;
}
