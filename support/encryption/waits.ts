/**
 * Waiting for WireGuard after the setting changed: every node's `wg show` lists the device with a listening port
 * and at least one peer (Felix configures the peers once every node has its key; the rule and routes come first).
 */
import { LabgateError } from '../floor/errors.ts';
import { waitUntil, type WaitOutcome } from '../floor/wait.ts';
import { runOnNode } from '../access/nodeRunner.ts';
import { parseWgShow } from './wgShow.ts';

async function upOn(node: string, device: string): Promise<boolean> {
  const r = await runOnNode(node, ['wg', 'show', device]);
  if (r.exitCode !== 0) return false;
  const iface = parseWgShow(r.stdout).value.find((i) => i.name === device);
  return Boolean(iface?.listeningPort && iface.peers.length > 0);
}

export async function wireguardUpWithin(
  nodes: string[],
  device: string,
  seconds: number,
): Promise<WaitOutcome<string[]>> {
  const out = await waitUntil(
    async () => {
      const up = await Promise.all(nodes.map((n) => upOn(n, device)));
      return nodes.filter((_, i) => !up[i]);
    },
    (down) => down.length === 0,
    seconds * 1000,
  );
  if (!out.satisfied) {
    throw new LabgateError(
      `WireGuard (${device} with peers in wg show) is not up on ${out.value.join(', ')} ${seconds} s after the setting`,
      'check the FelixConfiguration and `wg show` on the node',
    );
  }
  return out;
}
