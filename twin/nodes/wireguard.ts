/**
 * WireGuard on a node as Felix programs it when FelixConfiguration's wireguardEnabled is true, rendered as shell
 * scripts: the device `wireguard.cali` (here wireguard-go, a userspace tun device: the kernel has no wireguard
 * module) with its own key, listen port, fwmark and MTU and a /32 from the node's block; one peer per other node
 * (endpoint that node's address, allowed IPs its blocks and its tunnel /32); the policy rule that sends what is not
 * yet encrypted to table 1, and table 1's routes of the other nodes' blocks into the device. Pure text: the
 * controller (twin/control/wireguard.ts) runs the scripts on the nodes.
 */
import { shq } from '../dataplane/shell.ts';

export const WIREGUARD_DEVICE = 'wireguard.cali';
/** Felix's defaults: wireguardListeningPort, wireguardMTU (1440 on a 1500 underlay), the mark of encrypted packets */
export const WIREGUARD_DEFAULTS = { port: 51820, mtu: 1440, fwmark: '0x200000', table: 1, rulePriority: 99 };
/** Felix's route protocol, as on its other routes */
const FELIX_PROTO = 80;
const PID_FILE = '/run/wireguard-go.pid';
const KEY_FILE = '/etc/wireguard/wireguard.cali.key';
const LOG_FILE = '/var/log/wireguard-go.log';

export interface WireguardPeer {
  node: string;
  publicKey: string;
  /** the node's address: the peer's endpoint is address:port */
  address: string;
  allowedIps: string[];
}

export interface WireguardSettings {
  port: number;
  mtu: number;
  fwmark: string;
  table: number;
  rulePriority: number;
}

/**
 * The device up with its key, port, fwmark, MTU and address; prints the device's public key. Idempotent: a device
 * already there is configured again, its key kept.
 */
export function deviceScript(address: string, s: WireguardSettings): string {
  const dev = shq(WIREGUARD_DEVICE);
  return [
    'set -e',
    'mkdir -p /dev/net /etc/wireguard',
    '[ -c /dev/net/tun ] || mknod /dev/net/tun c 10 200',
    `if ! ip link show dev ${dev} >/dev/null 2>&1; then`,
    `  WG_PROCESS_FOREGROUND=1 setsid wireguard-go ${dev} > ${LOG_FILE} 2>&1 < /dev/null &`,
    `  echo $! > ${PID_FILE}`,
    'fi',
    'i=0',
    `until wg show ${dev} >/dev/null 2>&1; do`,
    '  i=$((i+1))',
    `  [ $i -le 100 ] || { echo "wireguard-go made no ${WIREGUARD_DEVICE} (see ${LOG_FILE})" >&2; exit 1; }`,
    '  sleep 0.1',
    'done',
    `[ -s ${KEY_FILE} ] || (umask 077 && wg genkey > ${KEY_FILE})`,
    `wg set ${dev} private-key ${KEY_FILE} listen-port ${s.port} fwmark ${s.fwmark}`,
    `ip link set dev ${dev} mtu ${s.mtu} up`,
    `ip addr replace ${shq(`${address}/32`)} dev ${dev}`,
    `wg show ${dev} public-key`,
  ].join('\n');
}

/** The rule to table 1 (or none, when `withRule` is false), table 1's routes, then the peers (exactly these). */
export function peersScript(peers: WireguardPeer[], routes: string[], s: WireguardSettings, withRule = true): string {
  const dev = shq(WIREGUARD_DEVICE);
  const wanted = peers.map((p) => p.publicKey);
  const lines = [
    'set -e',
    `while ip rule del priority ${s.rulePriority} 2>/dev/null; do :; done`,
    ...(withRule ? [`ip rule add priority ${s.rulePriority} not fwmark ${s.fwmark}/${s.fwmark} table ${s.table}`] : []),
    `ip route flush table ${s.table} 2>/dev/null || true`,
    ...routes.map((r) => `ip route replace ${shq(r)} dev ${dev} table ${s.table} proto ${FELIX_PROTO} scope link`),
    // the peers last, so a node whose wg show lists peers has its rule and routes: peers no longer wanted go first
    `for k in $(wg show ${dev} peers); do case " ${wanted.join(' ')} " in *" $k "*) ;; *)`,
    `  wg set ${dev} peer "$k" remove;; esac; done`,
    ...peers.map(
      (p) =>
        `wg set ${dev} peer ${shq(p.publicKey)} endpoint ${shq(`${p.address}:${s.port}`)} ` +
        `allowed-ips ${shq(p.allowedIps.join(','))}`,
    ),
  ];
  return lines.join('\n');
}

/** WireGuard off: the rule, table 1 and the device gone, wireguard-go stopped. */
export function teardownScript(s: WireguardSettings): string {
  const dev = shq(WIREGUARD_DEVICE);
  return [
    `while ip rule del priority ${s.rulePriority} 2>/dev/null; do :; done`,
    `ip route flush table ${s.table} 2>/dev/null || true`,
    `ip link del dev ${dev} 2>/dev/null || true`,
    `if [ -s ${PID_FILE} ]; then kill "$(cat ${PID_FILE})" 2>/dev/null || true; rm -f ${PID_FILE}; fi`,
    `rm -f /var/run/wireguard/${WIREGUARD_DEVICE}.sock`,
    'true',
  ].join('\n');
}
