/**
 * The twin's Felix for WireGuard: it watches FelixConfiguration `default`'s spec.wireguardEnabled and, when it is
 * true, brings `wireguard.cali` up on every running node (twin/nodes/wireguard.ts: a key per node, the tunnel /32
 * from the node's block as Calico's IPAM hands it out under the handle `wireguard-tunnel-addr-<node>`, one peer per
 * other node, rule 99 and table 1); when it is false again, takes it all down and releases the addresses. The
 * nodes' public keys and tunnel addresses are served as the Node annotations calico-node writes. A fault may make
 * it program the dataplane wrongly (a peer left out, a peer's allowed IPs wrong, no rule, a route of table 1 left out,
 * another MTU) or keep it all when the setting goes back to false.
 */
import type { KubeObject } from '../api/types.ts';
import { runInNode } from '../dataplane/nodeEnter.ts';
import { Ipam } from '../ipam/index.ts';
import { formatCidr, parseCidr } from '../ipam/ipv4.ts';
import {
  deviceScript,
  peersScript,
  teardownScript,
  WIREGUARD_DEFAULTS,
  type WireguardPeer,
  type WireguardSettings,
} from '../nodes/wireguard.ts';
import { readIpam, writeIpam } from './ipam.ts';
import type { TwinState } from './state.ts';

const SCRIPT_TIMEOUT_MS = 30_000;
export const WIREGUARD_PUBLIC_KEY_ANNOTATION = 'projectcalico.org/WireguardPublicKey';
export const WIREGUARD_ADDRESS_ANNOTATION = 'projectcalico.org/IPv4WireguardInterfaceAddr';

/** How a fault makes Felix program WireGuard wrongly; nodes by name. */
export interface WireguardFaults {
  /** on `node`, no peer for the node `peer` */
  wireguardPeerLeftOut?: { node: string; peer: string };
  /** on `node`, the peer for `peer` allows the block after each of that node's blocks instead of its own */
  wireguardAllowedIpsWrong?: { node: string; peer: string };
  /** on `node`, no rule to table 1: what leaves it is not encrypted */
  wireguardRuleLeftOut?: { node: string };
  /** the device's MTU instead of Felix's 1440 */
  wireguardMtu?: number;
  /** on `node`, table 1 has no route for the blocks of the node `peer`: they are reached unencrypted */
  wireguardRouteLeftOut?: { node: string; peer: string };
  /** with the setting false, Felix keeps the WireGuard it programmed: device, peers, rule and table 1 */
  wireguardKeptWhenOff?: boolean;
}

export interface WireguardNode {
  name: string;
  ip?: string;
  running: boolean;
}

/** spec.wireguardEnabled of FelixConfiguration `default` among the served objects. */
export function wireguardEnabled(objects: KubeObject[]): boolean {
  const felix = objects.find((o) => o.kind === 'FelixConfiguration' && o.metadata.name === 'default');
  return (felix?.spec as { wireguardEnabled?: unknown } | undefined)?.wireguardEnabled === true;
}

function handle(node: string): string {
  return `wireguard-tunnel-addr-${node}`;
}

/** The block of the same size right after `cidr` (a wrong allowed IP: a block of nobody's). */
function nextBlock(cidr: string): string {
  const r = parseCidr(cidr);
  return formatCidr(r.start + 2 ** (32 - r.prefix), r.prefix);
}

export class WireguardController {
  private applied = '';
  private readonly keys = new Map<string, string>();
  private readonly addresses = new Map<string, string>();

  constructor(private readonly state: TwinState) {}

  /** The Node annotations calico-node writes for WireGuard: its public key and its tunnel address. */
  annotate(objects: KubeObject[]): KubeObject[] {
    if (this.keys.size === 0) return objects;
    return objects.map((o) => {
      const key = o.kind === 'Node' ? this.keys.get(o.metadata.name) : undefined;
      if (!key) return o;
      const annotations = {
        ...((o.metadata.annotations as Record<string, string> | undefined) ?? {}),
        [WIREGUARD_PUBLIC_KEY_ANNOTATION]: key,
        [WIREGUARD_ADDRESS_ANNOTATION]: this.addresses.get(o.metadata.name) ?? '',
      };
      return { ...o, metadata: { ...o.metadata, annotations } };
    });
  }

  /** Brings the nodes to what the setting asks; does nothing when nothing it depends on changed. */
  async sync(enabled: boolean, nodes: WireguardNode[], faults: WireguardFaults): Promise<void> {
    const running = nodes.filter((n): n is WireguardNode & { ip: string } => n.running && Boolean(n.ip));
    const ipam = new Ipam(readIpam(this.state));
    const blocks = (n: string) => ipam.blocksOf(n).map((b) => b.cidr);
    const input = JSON.stringify({ enabled, nodes: running.map((n) => [n.name, n.ip, blocks(n.name)]), faults });
    if (input === this.applied) return;
    const settings: WireguardSettings = { ...WIREGUARD_DEFAULTS, mtu: faults.wireguardMtu ?? WIREGUARD_DEFAULTS.mtu };
    if (!enabled) {
      if (faults.wireguardKeptWhenOff || (this.applied === '' && this.keys.size === 0)) {
        this.applied = input;
        return;
      }
      await Promise.all(running.map((n) => runInNode(n.name, ['sh', '-c', teardownScript(settings)])));
      for (const n of nodes) ipam.releaseHandle(handle(n.name));
      writeIpam(this.state, ipam.state);
      this.keys.clear();
      this.addresses.clear();
      this.applied = input;
      return;
    }
    for (const n of running) {
      const held = ipam.addressesOf(handle(n.name))[0];
      const address =
        held ??
        ipam.autoAssign({ handle: handle(n.name), host: n.name, hostLabels: { 'kubernetes.io/hostname': n.name } }).ip;
      this.addresses.set(n.name, address);
    }
    writeIpam(this.state, ipam.state);
    const devices = await Promise.all(
      running.map(async (n) => {
        const script = deviceScript(this.addresses.get(n.name)!, settings);
        const r = await runInNode(n.name, ['sh', '-c', script], { timeoutMs: SCRIPT_TIMEOUT_MS });
        const key = r.stdout.trim().split('\n').pop() ?? '';
        if (r.exitCode === 0 && key) this.keys.set(n.name, key);
        return r.exitCode === 0 && key !== '';
      }),
    );
    // a node whose device did not come up is tried again at the next observation
    if (devices.some((ok) => !ok)) return;
    const peered = await Promise.all(
      running.map(async (n) => {
        const others = running.filter((o) => o.name !== n.name);
        const peers: WireguardPeer[] = others
          .filter((o) => !(faults.wireguardPeerLeftOut?.node === n.name && faults.wireguardPeerLeftOut.peer === o.name))
          .map((o) => {
            const wrong =
              faults.wireguardAllowedIpsWrong?.node === n.name && faults.wireguardAllowedIpsWrong.peer === o.name;
            const own = blocks(o.name);
            return {
              node: o.name,
              publicKey: this.keys.get(o.name)!,
              address: o.ip,
              allowedIps: [...(wrong ? own.map(nextBlock) : own), `${this.addresses.get(o.name)}/32`],
            };
          });
        const routeLeftOut = (o: WireguardNode) =>
          faults.wireguardRouteLeftOut?.node === n.name && faults.wireguardRouteLeftOut.peer === o.name;
        const routes = others.filter((o) => !routeLeftOut(o)).flatMap((o) => blocks(o.name));
        const withRule = faults.wireguardRuleLeftOut?.node !== n.name;
        const r = await runInNode(n.name, ['sh', '-c', peersScript(peers, routes, settings, withRule)], {
          timeoutMs: SCRIPT_TIMEOUT_MS,
        });
        return r.exitCode === 0;
      }),
    );
    if (peered.every(Boolean)) this.applied = input;
  }
}
