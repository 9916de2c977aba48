/**
 * Keeps broken traffic on this machine. A node's default route leads to the Docker host, which forwards
 * to the outside world: a packet for a pod address no route knows any more (a deleted route, a moved pod)
 * or for a VIP kube-proxy no longer translates would leave the machine. Routes for the whole pod and Service
 * CIDRs into a dead-end veth catch exactly those packets (every /32 pod route, /26 block route and DNAT still
 * wins), and the filter table refuses what goes there: TCP with a reset, the rest with host-unreachable.
 * (A plain `unreachable` route would do, but this kernel answers a SYN's first ICMP error with a retry, so
 * each refused connection would take a second; the reset makes it fail at once.)
 */
import type { TwinPlan } from '../plan.ts';
import { containerState } from './nodes.ts';
import { nodeShell } from '../docker.ts';

const GUARD_DEVICE = 'lg-guard';

const GUARD_SCRIPT = `
dev="$1"; shift
if ! ip link show "$dev" >/dev/null 2>&1; then
  ip link add "$dev" type veth peer name "$dev-end"
  ip link set "$dev" up
  ip link set "$dev-end" up
  iptables -I FORWARD -o "$dev" -j REJECT --reject-with icmp-host-unreachable
  iptables -I FORWARD -o "$dev" -p tcp -j REJECT --reject-with tcp-reset
fi
for cidr in "$@"; do ip route replace "$cidr" dev "$dev"; done
`;

export async function guardNodes(plan: TwinPlan): Promise<void> {
  await Promise.all(
    plan.nodes.map(async (n) => {
      if (!(await containerState(n.name)).running) return;
      await nodeShell(n.name, GUARD_SCRIPT, [GUARD_DEVICE, plan.podCidr, plan.serviceCidr]);
    }),
  );
}
