/** The overlay's nodes for the fabric checks: each Kind node's InternalIP, its block, and its network state. */
import { LabgateError } from '../floor/errors.ts';
import type { Evidence } from '../floor/finding.ts';
import type { OverlayNode } from '../fabric/model.ts';
import { readNodeNet } from '../fabric/readers.ts';
import { readIpam } from './ipam.ts';
import type { LabSession } from './session.ts';

export async function overlayNodes(session: LabSession): Promise<{ nodes: OverlayNode[]; evidence: Evidence[] }> {
  const [nodes, ipam] = await Promise.all([session.cluster.nodes(), readIpam(session)]);
  const evidence: Evidence[] = [...ipam.evidence];
  const out = await Promise.all(
    nodes.map(async (n) => {
      const name = n.metadata?.name ?? '';
      const internalIp = n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
      if (!internalIp) throw new LabgateError(`node ${name} reports no InternalIP`, 'kubectl get nodes -o wide');
      const block = ipam.affinities.find((a) => a.node === name)?.cidr;
      if (!block) throw new LabgateError(`node ${name} has no block affinity`, 'kubectl get blockaffinities');
      const { net, evidence: e } = await readNodeNet(name);
      evidence.push(...e);
      return { name, internalIp, block, net };
    }),
  );
  return { nodes: out.sort((a, b) => a.name.localeCompare(b.name)), evidence };
}
