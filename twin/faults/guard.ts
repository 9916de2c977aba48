/**
 * Keeps broken traffic on this machine. A node's default route leads to the Docker host, which forwards
 * to the outside world: a packet for a pod address no route knows any more (a deleted route, a moved pod)
 * or for a VIP kube-proxy no longer translates would leave the machine. `unreachable` routes for the pod and
 * Service CIDRs catch exactly those packets (every /32 pod route, /26 block route and DNAT still wins) and
 * answer them with ICMP host-unreachable, so a broken path fails fast instead of leaking.
 */
import type { TwinPlan } from '../plan.ts';
import { containerState } from '../dataplane/nodes.ts';
import { onNode } from './context.ts';

export async function guardNodes(plan: TwinPlan): Promise<void> {
  await Promise.all(
    plan.nodes.map(async (n) => {
      if (!(await containerState(n.name)).running) return;
      for (const cidr of [plan.podCidr, plan.serviceCidr]) await onNode(n.name, ['ip', 'route', 'replace', 'unreachable', cidr]);
    }),
  );
}
