/**
 * `wg show` (every interface, or one) as wireguard-tools prints it: per interface its public key, listening port
 * and fwmark; per peer its endpoint, allowed IPs, latest handshake and transfer. The same text for the kernel's
 * WireGuard and for wireguard-go: wg reads both through the same configuration protocol.
 */
/** A parse that keeps going: `problems` names each line that could not be read. */
export interface Parsed<T> {
  value: T;
  problems: string[];
}

export interface WgPeer {
  publicKey: string;
  endpoint?: string;
  allowedIps: string[];
  latestHandshake?: string;
  transfer?: string;
  persistentKeepalive?: string;
}

export interface WgInterface {
  name: string;
  publicKey?: string;
  listeningPort?: number;
  /** as wg prints it: `0x200000`, or undefined when the interface has none ("off") */
  fwmark?: string;
  peers: WgPeer[];
}

const FIELD = /^\s+([a-z ]+):\s*(.*)$/;

export function parseWgShow(text: string): Parsed<WgInterface[]> {
  const interfaces: WgInterface[] = [];
  const problems: string[] = [];
  let iface: WgInterface | undefined;
  let peer: WgPeer | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trimEnd();
    if (line.trim() === '') return;
    const head = /^(interface|peer):\s*(\S+)$/.exec(line);
    if (head) {
      if (head[1] === 'interface') {
        iface = { name: head[2]!, peers: [] };
        interfaces.push(iface);
        peer = undefined;
      } else if (!iface) problems.push(`line ${i + 1}: a peer before any interface`);
      else {
        peer = { publicKey: head[2]!, allowedIps: [] };
        iface.peers.push(peer);
      }
      return;
    }
    const field = FIELD.exec(line);
    if (!field || !iface) {
      problems.push(`line ${i + 1}: "${line.trim()}" is not a line of wg show`);
      return;
    }
    const [, name, value] = field as unknown as [string, string, string];
    if (peer) {
      if (name === 'endpoint') peer.endpoint = value;
      else if (name === 'allowed ips')
        peer.allowedIps =
          value === '(none)'
            ? []
            : value
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean);
      else if (name === 'latest handshake') peer.latestHandshake = value;
      else if (name === 'transfer') peer.transfer = value;
      else if (name === 'persistent keepalive') peer.persistentKeepalive = value;
      else if (name !== 'preshared key') problems.push(`line ${i + 1}: unknown peer field "${name}"`);
      return;
    }
    if (name === 'public key') iface.publicKey = value;
    else if (name === 'listening port') iface.listeningPort = Number(value);
    else if (name === 'fwmark') iface.fwmark = value === 'off' ? undefined : value;
    else if (name !== 'private key') problems.push(`line ${i + 1}: unknown interface field "${name}"`);
  });
  return { value: interfaces, problems };
}
