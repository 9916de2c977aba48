/** A route destination as `ip` prints it (`default`, `10.0.0.5`, `10.0.0.0/24`), as a CIDR. */
import { Address4, Address6 } from 'ip-address';

/** `hint` is another address of the route (gateway or source) to tell an IPv6 default from an IPv4 one. */
export function routeCidr(dst: string, hint?: string): string {
  if (dst === 'default') return hint?.includes(':') ? '::/0' : '0.0.0.0/0';
  if (dst.includes('/')) return dst;
  return dst.includes(':') ? `${dst}/128` : `${dst}/32`;
}

/** True when `ip` falls inside `cidr` (both of one family); false for anything unreadable. */
export function cidrContains(cidr: string, ip: string): boolean {
  try {
    if (ip.includes(':') !== cidr.includes(':')) return false;
    return ip.includes(':') ? new Address6(ip).isInSubnet(new Address6(cidr)) : new Address4(ip).isInSubnet(new Address4(cidr));
  } catch {
    return false;
  }
}

export function prefixLength(cidr: string): number {
  return Number(cidr.split('/')[1]);
}
