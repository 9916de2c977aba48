/** EOS's spellings of interfaces and MAC addresses, read into one form. */

const SHORT: [RegExp, string][] = [
  [/^Et(?:h(?:e(?:r(?:n(?:e(?:t)?)?)?)?)?)?(?=\d)/i, 'Ethernet'],
  [/^Ma(?:n(?:a(?:g(?:e(?:m(?:e(?:n(?:t)?)?)?)?)?)?)?)?(?=\d)/i, 'Management'],
  [/^Po(?:r(?:t(?:-(?:C(?:h(?:a(?:n(?:n(?:e(?:l)?)?)?)?)?)?)?)?)?)?(?=\d)/i, 'Port-Channel'],
  [/^Vl(?:a(?:n)?)?(?=\d)/i, 'Vlan'],
  [/^Lo(?:o(?:p(?:b(?:a(?:c(?:k)?)?)?)?)?)?(?=\d)/i, 'Loopback'],
  [/^Vx(?:l(?:a(?:n)?)?)?(?=\d)/i, 'Vxlan'],
];

/** `Et1` -> `Ethernet1`, `Ma0` -> `Management0`, `Po1` -> `Port-Channel1`; other names (`eth1`) as they are. */
export function fullInterfaceName(name: string): string {
  if (/^eth\d/.test(name)) return name; // a Linux (FRR) name, not EOS's Et abbreviation
  for (const [short, full] of SHORT) {
    if (short.test(name)) return name.replace(short, full);
  }
  return name;
}

/** `0242.0a0a.1464`, `02:42:0A:0A:14:64`, `02-42-0a-0a-14-64` -> `02:42:0a:0a:14:64`; anything else: null. */
export function normalMac(text: string): string | null {
  const hex = text.toLowerCase().replace(/[.:-]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) return null;
  if (!/^([0-9a-f]{4}\.){2}[0-9a-f]{4}$|^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/.test(text.toLowerCase())) return null;
  return hex.match(/../g)!.join(':');
}
