/**
 * Faults of the twin's Felix as it programs WireGuard once the lab enables it: on one node the peer of another node
 * left out, or given allowed IPs that are not that node's blocks; on one node no rule to table 1 (what leaves it
 * goes out unencrypted); the device's MTU other than Felix's. They take effect on the real dataplane whenever
 * wireguardEnabled is (or becomes) true.
 */
import type { FaultContext } from './context.ts';
import { setControllers } from './controlPlane.ts';

/** wireguard-go's own default MTU: the device as it comes up when Felix does not set wireguardMTU */
const WIREGUARD_GO_MTU = 1420;

export async function wireguardPeerLeftOut(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node().name;
  const peer = ctx.targets.node('blockOf').name;
  await setControllers(ctx.state, { wireguardPeerLeftOut: { node, peer } });
  return `WireGuard on ${node} has no peer for ${peer}`;
}

export async function wireguardAllowedIpsWrong(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node().name;
  const peer = ctx.targets.node('blockOf').name;
  await setControllers(ctx.state, { wireguardAllowedIpsWrong: { node, peer } });
  return `WireGuard on ${node} gives the peer ${peer} the block after its own as allowed IPs`;
}

export async function wireguardRuleLeftOut(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node().name;
  await setControllers(ctx.state, { wireguardRuleLeftOut: { node } });
  return `WireGuard on ${node} has no rule to table 1: its pods' traffic leaves unencrypted`;
}

export async function wireguardMtuWrong(ctx: FaultContext): Promise<string> {
  await setControllers(ctx.state, { wireguardMtu: WIREGUARD_GO_MTU });
  return `wireguard.cali comes up with MTU ${WIREGUARD_GO_MTU} on every node`;
}
