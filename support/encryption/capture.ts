/**
 * A capture as `tcpdump -nn -x` prints it: each packet's header line, then its IP packet in hex. The bytes are
 * decoded here (IPv4 header, TCP/UDP ports, the first byte of a UDP payload, which WireGuard uses as its message
 * type) and searched for words, so what is read is the packet itself, not tcpdump's rendering of it.
 */
import type { Parsed } from './wgShow.ts';

export interface CapturedPacket {
  /** tcpdump's header line, for evidence */
  line: string;
  bytes: Uint8Array;
  src?: string;
  dst?: string;
  /** 'tcp', 'udp', 'icmp' or the IP protocol number */
  proto?: string;
  srcPort?: number;
  dstPort?: number;
  /** the transport payload (after the TCP or UDP header) */
  payload: Uint8Array;
}

const HEADER = /^(?:\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}:\d{2}\.\d+\s/;
const HEX = /^\s+0x[0-9a-f]+:\s+([0-9a-f ]+?)\s*$/i;
const TCPDUMP_MESSAGES = [
  /^tcpdump: /,
  /^listening on /,
  /^\d+ packets? (captured|received by filter|dropped by kernel)$/,
];
const PROTOCOLS: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp' };

function ipv4(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/** Fills in addresses, protocol, ports and payload from an IPv4 packet's bytes; other packets keep only their bytes. */
export function decodeIpv4(packet: CapturedPacket): CapturedPacket {
  const b = packet.bytes;
  if (b.length < 20 || b[0]! >> 4 !== 4) return packet;
  const ihl = (b[0]! & 0x0f) * 4;
  const number = b[9]!;
  const out: CapturedPacket = {
    ...packet,
    src: ipv4(b, 12),
    dst: ipv4(b, 16),
    proto: PROTOCOLS[number] ?? String(number),
  };
  if ((number === 6 || number === 17) && b.length >= ihl + 4) {
    out.srcPort = (b[ihl]! << 8) | b[ihl + 1]!;
    out.dstPort = (b[ihl + 2]! << 8) | b[ihl + 3]!;
    const headerLength = number === 17 ? 8 : ((b[ihl + 12] ?? 0) >> 4) * 4;
    out.payload = b.subarray(Math.min(b.length, ihl + headerLength));
  }
  return out;
}

export function parseHexCapture(text: string): Parsed<CapturedPacket[]> {
  const packets: CapturedPacket[] = [];
  const problems: string[] = [];
  let line: string | undefined;
  let hex: string[] = [];
  const close = () => {
    if (line === undefined) return;
    const digits = hex.join('').replace(/\s+/g, '');
    const bytes = Uint8Array.from(digits.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    packets.push(decodeIpv4({ line, bytes, payload: new Uint8Array(0) }));
    line = undefined;
    hex = [];
  };
  text.split('\n').forEach((raw, i) => {
    const l = raw.trimEnd();
    if (HEADER.test(l)) {
      close();
      line = l;
      return;
    }
    const h = HEX.exec(l);
    if (h && line !== undefined) {
      hex.push(h[1]!);
      return;
    }
    if (l.trim() === '' || TCPDUMP_MESSAGES.some((re) => re.test(l.trim()))) return;
    problems.push(`line ${i + 1}: "${l.trim()}" is neither a packet nor its hex dump`);
  });
  close();
  return { value: packets, problems };
}

/** WireGuard's message type (1 initiation, 2 response, 3 cookie, 4 data) of a UDP packet's payload. */
export function wireguardType(p: CapturedPacket): number | undefined {
  return p.proto === 'udp' && p.payload.length >= 4 ? p.payload[0] : undefined;
}

/** A transport data message that carries a packet (more than the 32 bytes of an empty keepalive). */
export function carriesData(p: CapturedPacket): boolean {
  return wireguardType(p) === 4 && p.payload.length > 32;
}

/** The words found in the packets' bytes (read as Latin-1, as `tcpdump -A` shows them), each once, in order. */
export function wordsSeen(packets: CapturedPacket[], words: string[]): string[] {
  const text = packets.map((p) => Buffer.from(p.bytes).toString('latin1')).join('\n');
  return words.filter((w) => text.includes(w));
}
