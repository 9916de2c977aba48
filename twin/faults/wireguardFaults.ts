/**
 * Faults of the twin's Felix as it programs WireGuard once the lab enables it: on one node the peer of another node
 * left out, or given allowed IPs that are not that node's blocks; on one node no rule to table 1 (what leaves it
 * goes out unencrypted), or no route of table 1 for another node's blocks; the device's MTU other than Felix's; or
 * WireGuard left on from an earlier try while the setting says false. They take effect on the real dataplane whenever
 * wireguardEnabled is (or becomes) true.
 */
import { LabgateError } from '../shared.ts';
import { WIREGUARD_DEVICE } from '../nodes/wireguard.ts';
import { apiMergePatch, waitFor } from './api.ts';
import { onNode, type FaultContext } from './context.ts';
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

export async function wireguardRouteLeftOut(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node().name;
  const peer = ctx.targets.node('blockOf').name;
  await setControllers(ctx.state, { wireguardRouteLeftOut: { node, peer } });
  return `WireGuard on ${node} has no route of table 1 for ${peer}'s blocks`;
}

const FELIX_DEFAULT = '/apis/crd.projectcalico.org/v1/felixconfigurations/default';
const UP_TIMEOUT_MS = 30_000;

/**
 * An earlier try of the lab, turned off again, whose WireGuard Felix never took down: the twin's Felix is made to
 * keep what it programmed, then the lab's two patches are written through the API (true, then once every node has
 * its peers, false). The FelixConfiguration now says `wireguardEnabled: false`; every node keeps wireguard.cali,
 * its peers, rule 99 and table 1, so the pods' traffic between nodes stays encrypted.
 */
export async function wireguardLeftOn(ctx: FaultContext): Promise<string> {
  await setControllers(ctx.state, { wireguardKeptWhenOff: true });
  await apiMergePatch(ctx.state, FELIX_DEFAULT, { spec: { wireguardEnabled: true } });
  const nodes = ctx.plan.nodes.map((n) => n.name);
  await waitFor(`${WIREGUARD_DEVICE} with its peers on every node`, UP_TIMEOUT_MS, async () => {
    const peers = await Promise.all(
      nodes.map(async (n) => (await onNode(n, ['wg', 'show', WIREGUARD_DEVICE, 'peers'], { reject: false })).stdout),
    );
    const routes = await Promise.all(
      nodes.map(async (n) => (await onNode(n, ['ip', 'route', 'show', 'table', '1'], { reject: false })).stdout),
    );
    const peered = peers.every((p) => p.trim().split('\n').filter(Boolean).length === nodes.length - 1);
    return peered && routes.every((r) => r.trim() !== '') ? true : undefined;
  });
  await apiMergePatch(ctx.state, FELIX_DEFAULT, { spec: { wireguardEnabled: false } });
  // Felix reads the setting at its next pass: wait for it, then the device must still be there
  await new Promise((r) => setTimeout(r, 2_500));
  const left = await Promise.all(nodes.map((n) => onNode(n, ['wg', 'show', WIREGUARD_DEVICE], { reject: false })));
  if (left.some((r) => r.exitCode !== 0)) throw new LabgateError(`Felix took ${WIREGUARD_DEVICE} down after all`);
  return `wireguardEnabled set true, then false; ${WIREGUARD_DEVICE}, its peers, rule 99 and table 1 stay on each node`;
}
