/**
 * The Tigera operator's status objects for the twin's stand-ins of Calico's parts, each condition from its own
 * observation, as the operator keeps them:
 * - calico-node on a node is the node's route programming: it runs when the node container runs, and works when
 *   the node routes to every other node's block.
 * - Available: calico-node runs and works on every node.
 * - Progressing: a part is still coming up: calico-node awaited on a node that does not run, or a block claim
 *   IPAM has not confirmed yet.
 * - Degraded: a part that runs is failing: a running node without its routes to the other blocks.
 * - apiserver: the calico-apiserver stand-in is the control-plane node; it runs or it is awaited.
 */
import type { KubeObject } from '../api/types.ts';
import type { ObservedNode } from '../dataplane/observe.ts';
import type { PlannedNode } from '../plan.ts';
import type { IpamRecord } from './ipam.ts';
import { claimsOf } from './ipam.ts';

interface Condition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

const ALL_AVAILABLE = 'All objects are available';

/** The nodes whose calico-node is awaited: planned nodes whose container does not run. */
export function awaitedNodes(nodes: PlannedNode[], observed: Map<string, ObservedNode>): string[] {
  return nodes
    .filter((n) => !observed.get(n.name)?.running)
    .map((n) => `calico-node is awaited on ${n.name} (the node is down)`);
}

/** Running nodes that lack a route to another node's block (a node needs none to a block it holds itself). */
export function failingRoutes(nodes: PlannedNode[], observed: Map<string, ObservedNode>): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    const seen = observed.get(n.name);
    if (!seen?.running) continue;
    for (const other of nodes.filter((o) => o.name !== n.name && o.block !== n.block)) {
      if (!seen.routes.includes(other.block)) out.push(`${n.name} has no route to block ${other.block}`);
    }
  }
  return out;
}

/** What keeps calico-node from working everywhere: nodes down and routes missing, observed node by node. */
export function unavailableParts(nodes: PlannedNode[], observed: Map<string, ObservedNode>): string[] {
  return nodes.flatMap((n) => {
    const seen = observed.get(n.name);
    if (!seen?.running) return [`node ${n.name} is down`];
    return nodes
      .filter((o) => o.name !== n.name && o.block !== n.block && !seen.routes.includes(o.block))
      .map((o) => `${n.name} has no route to block ${o.block}`);
  });
}

export function pendingClaims(record: IpamRecord): string[] {
  return claimsOf(record)
    .filter((c) => c.state !== 'confirmed')
    .map((c) => `IPAM's claim of block ${c.cidr} for ${c.node} is ${c.state}`);
}

function condition(type: string, status: boolean, since: string, problems: string[], troubleReason: string): Condition {
  const healthy = type === 'Available' ? status : !status;
  return {
    type,
    status: status ? 'True' : 'False',
    lastTransitionTime: since,
    reason: healthy ? 'AllObjectsAvailable' : troubleReason,
    message: problems.length > 0 ? problems.join('; ') : ALL_AVAILABLE,
  };
}

export function tigeraStatus(
  name: string,
  since: string,
  observed: { unavailable: string[]; progressing: string[]; failing: string[] },
): KubeObject {
  return {
    apiVersion: 'operator.tigera.io/v1',
    kind: 'TigeraStatus',
    metadata: { name, creationTimestamp: since },
    spec: {},
    status: {
      conditions: [
        condition('Available', observed.unavailable.length === 0, since, observed.unavailable, 'ResourceNotReady'),
        condition('Progressing', observed.progressing.length > 0, since, observed.progressing, 'ResourceNotReady'),
        condition('Degraded', observed.failing.length > 0, since, observed.failing, 'ResourceNotReady'),
      ],
    },
  };
}

/** TigeraStatus calico and apiserver from the twin's nodes, their routes and the IPAM record. */
export function calicoStatuses(
  nodes: PlannedNode[],
  observed: Map<string, ObservedNode>,
  ipam: IpamRecord,
  since: string,
): KubeObject[] {
  const cp = nodes.filter((n) => n.role === 'control-plane');
  const apiserverAwaited =
    cp.length === 0
      ? ['the cluster has no control-plane node for calico-apiserver']
      : awaitedNodes(cp, observed).map((m) => m.replace('calico-node', 'calico-apiserver'));
  return [
    tigeraStatus('calico', since, {
      unavailable: unavailableParts(nodes, observed),
      progressing: [...awaitedNodes(nodes, observed), ...pendingClaims(ipam)],
      failing: failingRoutes(nodes, observed),
    }),
    // nothing in the twin stands for a calico-apiserver pod that runs and fails: it is up or awaited
    tigeraStatus('apiserver', since, { unavailable: apiserverAwaited, progressing: apiserverAwaited, failing: [] }),
  ];
}
