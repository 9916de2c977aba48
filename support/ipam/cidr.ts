/** Block arithmetic for IPAM, both address families (ip-address). */
import { Address4, Address6 } from 'ip-address';
import { LabgateError } from '../errors.ts';

function parse(cidr: string): Address4 | Address6 {
  try {
    return cidr.includes(':') ? new Address6(cidr) : new Address4(cidr);
  } catch {
    throw new LabgateError(`"${cidr}" is not a CIDR`, 'Calico pools and blocks are written like 192.168.0.0/16');
  }
}

export function prefixOf(cidr: string): number {
  return parse(cidr).subnetMask;
}

/** Addresses in the CIDR; exact up to 2^53 (every IPv4 CIDR, IPv6 blocks and pools up to /75). */
export function cidrSize(cidr: string): number {
  const a = parse(cidr);
  const bits = a instanceof Address4 ? 32 : 128;
  return 2 ** (bits - a.subnetMask);
}

/** True when the CIDR is written with its network address (192.168.0.64/26, not 192.168.0.65/26). */
export function isNetworkAligned(cidr: string): boolean {
  const a = parse(cidr);
  return a.startAddress().correctForm() === a.correctForm();
}

export function contains(cidr: string, ip: string): boolean {
  try {
    if (cidr.includes(':') !== ip.includes(':')) return false;
    return ip.includes(':') ? new Address6(ip).isInSubnet(new Address6(cidr)) : new Address4(ip).isInSubnet(new Address4(cidr));
  } catch {
    return false;
  }
}

/** True when `inner` lies wholly inside `outer`. */
export function within(inner: string, outer: string): boolean {
  return prefixOf(inner) >= prefixOf(outer) && contains(outer, parse(inner).startAddress().correctForm());
}

export function overlaps(a: string, b: string): boolean {
  return within(a, b) || within(b, a);
}
