/** Nodes by the role the lab gives them: the control-plane, then worker 1, worker 2, ... in name order. */
import type { V1Node } from '@kubernetes/client-node';
import { LabgateError } from '../floor/errors.ts';

export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';
export const NODE_ROLE_PATTERN = /control-plane|worker \d+/;

export interface NodeRoles {
  controlPlane: string[];
  workers: string[]; // sorted by name
}

export function assignRoles(nodes: V1Node[]): NodeRoles {
  const names = nodes.map((n) => ({
    name: n.metadata?.name ?? '',
    cp: CONTROL_PLANE_LABEL in (n.metadata?.labels ?? {}),
  }));
  return {
    controlPlane: names
      .filter((n) => n.cp)
      .map((n) => n.name)
      .sort(),
    workers: names
      .filter((n) => !n.cp)
      .map((n) => n.name)
      .sort(),
  };
}

/** The node name for a role such as "control-plane" or "worker 2". */
export function nodeForRole(roles: NodeRoles, role: string): string {
  const m = /^worker (\d+)$/.exec(role);
  const pick = role === 'control-plane' ? roles.controlPlane[0] : m ? roles.workers[Number(m[1]) - 1] : undefined;
  if (!pick) {
    const list = (names: string[]) => names.join(', ') || 'none';
    const have = `control-plane: ${list(roles.controlPlane)}; workers: ${list(roles.workers)}`;
    throw new LabgateError(
      `the cluster has no node in the role "${role}" (${have})`,
      'the lab has 1 control-plane and 2 workers: kubectl get nodes',
    );
  }
  return pick;
}

export function roleOf(roles: NodeRoles, node: string): string {
  if (roles.controlPlane.includes(node)) return 'control-plane';
  const i = roles.workers.indexOf(node);
  return i >= 0 ? `worker ${i + 1}` : 'unknown role';
}
