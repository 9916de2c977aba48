/**
 * `tcpdump -n` lines (default verbosity, optionally `-i any` with its interface and direction, or `-tttt`
 * dates): time, addresses, ports and what the packet is. tcpdump's own messages on stderr
 * ("listening on ...", "N packets captured") may be mixed in; they are read for the counts or skipped.
 */
import type { Parsed } from './model.ts';

export type PacketProto = 'icmp' | 'icmp6' | 'tcp' | 'udp' | 'arp' | 'other';

export interface Packet {
  time: string;
  /** with `-i any`: the interface and In/Out */
  interface?: string;
  direction?: string;
  family: 'IP' | 'IP6' | 'ARP';
  proto: PacketProto;
  src?: string;
  dst?: string;
  srcPort?: number;
  dstPort?: number;
  /** ICMP: `echo request`, `echo reply`, or the rest of tcpdump's description (`... udp port 9999 unreachable`) */
  icmpType?: string;
  icmpId?: number;
  icmpSeq?: number;
  /** TCP: the letters inside `Flags [...]` */
  tcpFlags?: string;
  /** a VXLAN datagram (UDP to port 4789, as tcpdump decodes it): its VNI, and the frame it carries (next line) */
  vni?: number;
  inner?: Packet;
  length?: number;
  /** the line as printed, for evidence */
  line: string;
}

export interface Capture {
  packets: Packet[];
  /** tcpdump's closing counts, when it printed them (it stopped on -c or a signal) */
  captured?: number;
  droppedByKernel?: number;
}

const LINE =
  /^(?:\d{4}-\d{2}-\d{2} )?(\d{2}:\d{2}:\d{2}\.\d+)\s+(?:(\S+)\s+(In|Out|B|M|P)\s+)?(IP6|IP|ARP)\b,?\s*(.*)$/;
const IP_BODY = /^(\S+) > (\S+?): (.*)$/;
const LENGTH = /\blength (\d+)/;
/** the frame inside a VXLAN datagram: tcpdump prints it on the next line, with no time */
const INNER_LINE = /^(IP6|IP|ARP)\b,?\s*(.*)$/;
const TCPDUMP_MESSAGES = [/^tcpdump: /, /^listening on /, /^\d+ packets? received by filter$/, /^\s*$/];

/** `192.168.93.201.50906` -> address and port; an address alone stays as it is. */
function endpoint(text: string, family: 'IP' | 'IP6'): { address: string; port?: number } {
  const lastDot = text.lastIndexOf('.');
  const tail = text.slice(lastDot + 1);
  const head = text.slice(0, lastDot);
  const hasPort =
    lastDot > 0 && /^\d+$/.test(tail) && (family === 'IP6' ? head.includes(':') : head.split('.').length === 4);
  return hasPort ? { address: head, port: Number(tail) } : { address: text };
}

function readIpBody(packet: Packet, body: string, family: 'IP' | 'IP6'): boolean {
  const m = IP_BODY.exec(body);
  if (!m) return false;
  const src = endpoint(m[1]!, family);
  const dst = endpoint(m[2]!, family);
  const rest = m[3]!;
  Object.assign(packet, { src: src.address, dst: dst.address, srcPort: src.port, dstPort: dst.port });
  const length = LENGTH.exec(rest);
  if (length) packet.length = Number(length[1]);
  const icmp = /^ICMP6?,? (.*?)(?:, id (\d+), seq (\d+))?, length \d+/.exec(rest);
  if (icmp) {
    packet.proto = rest.startsWith('ICMP6') ? 'icmp6' : 'icmp';
    packet.icmpType = icmp[1];
    if (icmp[2] !== undefined) packet.icmpId = Number(icmp[2]);
    if (icmp[3] !== undefined) packet.icmpSeq = Number(icmp[3]);
    return true;
  }
  const flags = /^Flags \[([^\]]*)\]/.exec(rest);
  if (flags) {
    packet.proto = 'tcp';
    packet.tcpFlags = flags[1];
  } else if (/^UDP\b/.test(rest)) packet.proto = 'udp';
  const vxlan = /^VXLAN, flags \[[^\]]*\] \(0x[0-9a-f]+\), vni (\d+)/.exec(rest);
  if (vxlan) {
    packet.proto = 'udp';
    packet.vni = Number(vxlan[1]);
  }
  return true;
}

export function parseTcpdump(text: string): Parsed<Capture> {
  const capture: Capture = { packets: [] };
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trimEnd();
    const m = LINE.exec(line);
    if (m) {
      const family = m[4] as Packet['family'];
      const packet: Packet = { time: m[1]!, family, proto: family === 'ARP' ? 'arp' : 'other', line };
      if (m[2]) Object.assign(packet, { interface: m[2], direction: m[3] });
      if (family !== 'ARP' && !readIpBody(packet, m[5]!, family)) {
        problems.push(`line ${i + 1}: no "src > dst:" in "${line}"`);
        return;
      }
      capture.packets.push(packet);
      return;
    }
    const outer = capture.packets.at(-1);
    const inner = INNER_LINE.exec(line);
    if (inner && outer?.vni !== undefined && !outer.inner) {
      const family = inner[1] as Packet['family'];
      const packet: Packet = { time: outer.time, family, proto: family === 'ARP' ? 'arp' : 'other', line };
      if (family !== 'ARP' && !readIpBody(packet, inner[2]!, family)) {
        problems.push(`line ${i + 1}: no "src > dst:" in "${line}"`);
        return;
      }
      outer.inner = packet;
      return;
    }
    const counted = /^(\d+) packets? (captured|dropped by kernel)$/.exec(line.trim());
    if (counted) {
      if (counted[2] === 'captured') capture.captured = Number(counted[1]);
      else capture.droppedByKernel = Number(counted[1]);
      return;
    }
    if (!TCPDUMP_MESSAGES.some((re) => re.test(line)))
      problems.push(`line ${i + 1}: "${line.trim()}" is not a tcpdump -n line`);
  });
  return { value: capture, problems };
}

export function isEchoRequest(p: Packet): boolean {
  return (p.proto === 'icmp' || p.proto === 'icmp6') && p.icmpType === 'echo request';
}

export function isEchoReply(p: Packet): boolean {
  return (p.proto === 'icmp' || p.proto === 'icmp6') && p.icmpType === 'echo reply';
}
