/** Spellings iptables prints differently by version and format, brought to one form. */
import type { AddressMatch } from './types.ts';
import { cidrContains } from '../floor/address.ts';

const PROTOCOL_NUMBERS: Record<string, string> = { '0': 'all', '6': 'tcp', '17': 'udp', '132': 'sctp', '1': 'icmp' };

/** "6" -> "tcp", "TCP" -> "tcp", "0" -> "all"; a leading "!" is dropped (callers keep negation if they need it). */
export function normaliseProtocol(text: string): string {
  const bare = text.replace(/^!/, '').toLowerCase();
  return PROTOCOL_NUMBERS[bare] ?? bare;
}

/** "10.96.0.10" -> "10.96.0.10/32", "anywhere" -> "0.0.0.0/0", "!192.168.0.0/16" -> negated CIDR. */
export function parseAddressMatch(text: string, negatedBefore = false): AddressMatch {
  let negated = negatedBefore;
  let value = text;
  if (value.startsWith('!')) {
    negated = !negated;
    value = value.slice(1);
  }
  if (value === 'anywhere') value = '0.0.0.0/0';
  else if (!value.includes('/')) value = value.includes(':') ? `${value}/128` : `${value}/32`;
  return { cidr: value, negated };
}

/** True for the "match everything" address that -L prints for rules without -s/-d. */
export function isAnyAddress(match: AddressMatch | undefined): boolean {
  return !match || (!match.negated && (match.cidr === '0.0.0.0/0' || match.cidr === '::/0'));
}

/** "10.96.0.10/32" -> "10.96.0.10"; other prefixes are kept. */
export function hostOf(cidr: string): string {
  if (cidr.endsWith('/32')) return cidr.slice(0, -3);
  return cidr.endsWith('/128') ? cidr.slice(0, -4) : cidr;
}

function ipv4ToNumber(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

/** Whether a rule's address match (a CIDR, an address, or a host name as iptables -L prints it) takes ip; IPv4 fast. */
export function ruleAddressMatches(cidr: string, ip: string): boolean {
  const [base, prefixText] = cidr.split('/');
  const prefix = Number(prefixText ?? '32');
  const baseNumber = ipv4ToNumber(base ?? '');
  const ipNumber = ipv4ToNumber(ip);
  if (baseNumber === null || ipNumber === null)
    return hostOf(cidr) === ip || (ip.includes(':') && cidrContains(cidr, ip));
  if (prefix === 0) return true;
  const size = 2 ** (32 - prefix);
  return Math.floor(baseNumber / size) === Math.floor(ipNumber / size);
}

/** "1234", "12K", "3M" (iptables -L -v prints thousands with a suffix unless -x) -> a number. */
export function parseCounter(text: string): number | null {
  const match = /^(\d+)([KMGT]?)$/.exec(text);
  if (!match) return null;
  const scale = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 }[match[2] as '' | 'K' | 'M' | 'G' | 'T'];
  return Number(match[1]) * scale;
}
