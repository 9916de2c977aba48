/** IPv4 arithmetic the plan needs: addresses as numbers, a CIDR's first address and size. */
import { Address4 } from 'ip-address';

export function ipToInt(ip: string): number {
  return Number(new Address4(ip).bigInt());
}

export function intToIp(n: number): string {
  return Address4.fromBigInt(BigInt(n)).correctForm();
}

export function cidrRange(cidr: string): { start: number; size: number; prefix: number } {
  const addr = new Address4(cidr);
  return {
    start: ipToInt(addr.startAddress().correctForm()),
    size: 2 ** (32 - addr.subnetMask),
    prefix: addr.subnetMask,
  };
}
