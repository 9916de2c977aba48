/** A route destination as `ip` prints it (`default`, `10.0.0.5`, `10.0.0.0/24`), as a CIDR. */
/** `hint` is another address of the route (gateway or source) to tell an IPv6 default from an IPv4 one. */
export function routeCidr(dst: string, hint?: string): string {
  if (dst === 'default') return hint?.includes(':') ? '::/0' : '0.0.0.0/0';
  if (dst.includes('/')) return dst;
  return dst.includes(':') ? `${dst}/128` : `${dst}/32`;
}

export function prefixLength(cidr: string): number {
  return Number(cidr.split('/')[1]);
}
