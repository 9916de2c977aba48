/**
 * Reduces an `iptables -L` listing to its shape, so a twin listing and a lab recording can be compared line
 * for line: addresses and kube-proxy chain hashes become placeholders, counters become 0, protocol numbers
 * become names, and column padding is ignored. Everything else (targets, comments, matches, order) must agree.
 */
const PROTOCOL_NAMES: Record<string, string> = { '0': 'all', '6': 'tcp', '17': 'udp', '132': 'sctp' };

function maskAddressesAndHashes(text: string): string {
  return text
    .replace(/\bKUBE-(SVC|SEP)-[A-Z2-7]{16}\b/g, 'KUBE-$1-<hash>')
    .replace(/(!?)\b(?!0\.0\.0\.0\/0\b)\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?(:\d+)?/g, '$1<addr>');
}

export function listingShape(text: string): string[] {
  const out: string[] = [];
  let columns: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const words = line.split(/\s+/);
    if (line.startsWith('Chain ')) {
      out.push(maskAddressesAndHashes(words.join(' ')));
      continue;
    }
    if (words.includes('target') && words.includes('prot')) {
      columns = words;
      out.push(words.join(' '));
      continue;
    }
    const shaped = [...words];
    for (const counter of ['pkts', 'bytes']) {
      const index = columns.indexOf(counter);
      if (index >= 0) shaped[index] = '0';
    }
    const prot = columns.indexOf('prot');
    if (prot >= 0 && shaped[prot] !== undefined) shaped[prot] = PROTOCOL_NAMES[shaped[prot]!] ?? shaped[prot]!;
    out.push(maskAddressesAndHashes(shaped.join(' ')));
  }
  return out;
}
