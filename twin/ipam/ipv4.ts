/** IPv4 addresses as numbers and CIDRs as ranges: the arithmetic Calico IPAM does on blocks and pools. */
import { Address4 } from 'ip-address';
import { IpamError } from './errors.ts';

export interface Range {
  /** the first address, as a number */
  start: number;
  prefix: number;
  size: number;
}

export function ipToInt(ip: string): number {
  if (!Address4.isValid(ip) || ip.includes('/')) throw new IpamError('invalid-address', `${ip} is not an IPv4 address`);
  return Number(new Address4(ip).bigInt());
}

export function intToIp(n: number): string {
  return Address4.fromBigInt(BigInt(n)).correctForm();
}

/** A CIDR's range; its address must be the network's first (Calico refuses a pool like 10.0.0.1/24). */
export function parseCidr(cidr: string): Range {
  const [base, bits] = cidr.split('/');
  const prefix = Number(bits);
  if (bits === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32)
    throw new IpamError('invalid-cidr', `${cidr} is not an IPv4 CIDR`);
  const start = ipToInt(base!);
  const size = 2 ** (32 - prefix);
  if (start % size !== 0) throw new IpamError('invalid-cidr', `${cidr} does not start on its network's boundary`);
  return { start, prefix, size };
}

export function formatCidr(start: number, prefix: number): string {
  return `${intToIp(start)}/${prefix}`;
}

export function contains(cidr: string, ip: string): boolean {
  const r = parseCidr(cidr);
  const n = ipToInt(ip);
  return n >= r.start && n < r.start + r.size;
}

export function overlaps(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return x.start < y.start + y.size && y.start < x.start + x.size;
}

/** The block of `prefix` bits that holds `ip`. */
export function blockOf(ip: string, prefix: number): string {
  const size = 2 ** (32 - prefix);
  return formatCidr(Math.floor(ipToInt(ip) / size) * size, prefix);
}
