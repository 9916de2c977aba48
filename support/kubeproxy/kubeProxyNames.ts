/** kube-proxy's chain names: a prefix plus 16 characters of base32(sha256(...)). */
import crypto, { createHash } from 'node:crypto';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 with padding (Go's base32.StdEncoding), enough for hashing chain names. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

/** crypto.hash (Node >= 20.12) hashes in one call, cheaper than a Hash object per name. */
const oneShot = (crypto as unknown as { hash?: (algorithm: string, data: string, encoding: 'buffer') => Buffer }).hash;

function sha256(text: string): Uint8Array {
  return oneShot ? oneShot('sha256', text, 'buffer') : createHash('sha256').update(text).digest();
}

/** The first 16 base32 characters of sha256(text): 80 bits, five bytes to eight characters twice. */
function hash16(text: string): string {
  const b = sha256(text);
  const a = BASE32_ALPHABET;
  let out = '';
  for (let i = 0; i < 10; i += 5) {
    const b0 = b[i]!;
    const b1 = b[i + 1]!;
    const b2 = b[i + 2]!;
    const b3 = b[i + 3]!;
    const b4 = b[i + 4]!;
    out +=
      a[b0 >> 3]! +
      a[((b0 & 7) << 2) | (b1 >> 6)]! +
      a[(b1 >> 1) & 31]! +
      a[((b1 & 1) << 4) | (b2 >> 4)]! +
      a[((b2 & 15) << 1) | (b3 >> 7)]! +
      a[(b3 >> 2) & 31]! +
      a[((b3 & 3) << 3) | (b4 >> 5)]! +
      a[b4 & 31]!;
  }
  return out;
}

/** `KUBE-SVC-` chain of a service port; servicePortName is "ns/name:port" (or "ns/name" for an unnamed port). */
export function kubeProxyServiceChain(servicePortName: string, protocol: string): string {
  return `KUBE-SVC-${hash16(servicePortName + protocol.toLowerCase())}`;
}

/** `KUBE-SEP-` chain of one endpoint ("ip:port") of a service port. */
export function kubeProxyEndpointChain(servicePortName: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${hash16(servicePortName + protocol.toLowerCase() + endpoint)}`;
}

/** "ns/name:port", or "ns/name" when the port has no name (the spelling of kube-proxy since v1.9). */
export function servicePortName(namespace: string, name: string, portName: string): string {
  return portName ? `${namespace}/${name}:${portName}` : `${namespace}/${name}`;
}

/** Both spellings of an unnamed port ("ns/name" and the older "ns/name:"), or just the name itself. */
export function servicePortNameSpellings(name: string): string[] {
  if (name.endsWith(':')) return [name, name.slice(0, -1)];
  if (!/:[^/]*$/.test(name)) return [name, `${name}:`];
  return [name];
}

export type KubeProxyChainKind = 'service' | 'endpoint';

/**
 * True when `chain` is the name kube-proxy would give this service port (kind "service") or this endpoint
 * of it (kind "endpoint", `endpoint` = "ip:port"), accepting either spelling of an unnamed port.
 */
export function chainMatchesKubeProxyHash(
  chain: string,
  kind: KubeProxyChainKind,
  name: string,
  protocol: string,
  endpoint?: string,
): boolean {
  return servicePortNameSpellings(name).some((spelling) =>
    kind === 'service'
      ? kubeProxyServiceChain(spelling, protocol) === chain
      : endpoint !== undefined && kubeProxyEndpointChain(spelling, protocol, endpoint) === chain,
  );
}

const SERVICE_CHAIN_PREFIX = /^KUBE-(SVC|SVL|EXT|FW|XLB)-/;

/** The 16-character hashes kube-proxy could use for this service port (both spellings of an unnamed port). */
export function serviceHashes(name: string, protocol: string): string[] {
  return servicePortNameSpellings(name).map((spelling) => hash16(spelling + protocol.toLowerCase()));
}

/** True when a KUBE-SVC-/SVL-/EXT-/FW-/XLB- chain carries one of these hashes (they all share the service's). */
export function chainHasServiceHash(chain: string, hashes: string[]): boolean {
  const match = SERVICE_CHAIN_PREFIX.exec(chain);
  return match !== null && hashes.includes(chain.slice(match[0].length));
}

/** The spelling of the service port name kube-proxy hashed into this chain's name, if any. */
export function spellingOfChain(chain: string, name: string, protocol: string): string | undefined {
  const match = SERVICE_CHAIN_PREFIX.exec(chain);
  if (!match) return undefined;
  const hash = chain.slice(match[0].length);
  for (const spelling of servicePortNameSpellings(name))
    if (hash16(spelling + protocol.toLowerCase()) === hash) return spelling;
  return undefined;
}

/** chainMatchesKubeProxyHash for an endpoint chain, trying the spelling the service chain matched first. */
export function endpointChainHasHash(chain: string, spelling: string, protocol: string, endpoint: string): boolean {
  if (chain.length !== 25 || !chain.startsWith('KUBE-SEP-')) return false;
  const lower = protocol.toLowerCase();
  if (chain.endsWith(hash16(spelling + lower + endpoint))) return true;
  for (const other of servicePortNameSpellings(spelling)) {
    if (other !== spelling && chain.endsWith(hash16(other + lower + endpoint))) return true;
  }
  return false;
}
