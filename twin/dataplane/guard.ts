/**
 * Keeps broken traffic on this machine. A node's default route leads to the Docker host, which forwards
 * to the outside world: a packet for a pod address no route knows any more (a deleted route, a moved pod)
 * or for a VIP kube-proxy no longer translates would leave the machine. Routes for the whole pod and Service
 * CIDRs into a dead end catch exactly those packets (every /32 pod route, /26 block route and DNAT still wins):
 * a veth whose other end is down, with ARP off, so the kernel sends into it at once and the veth drops it.
 * The sender gets no answer and times out, as in a real cluster, where such a packet leaves by the default route
 * and is never answered. The packet still crosses the filter table's FORWARD and OUTPUT chains on its way, so
 * kube-proxy's own REJECT for a Service without endpoints refuses it there, as on a real node. The twin adds
 * no filter rule of its own (a blackhole route would drop the packet before those chains).
 */
import type { TwinPlan } from '../plan.ts';
import { containerState } from './nodes.ts';
import { nodeShell } from '../docker.ts';

const GUARD_DEVICE = 'lg-guard';

const GUARD_SCRIPT = `
dev="$1"; shift
if ! ip link show "$dev" >/dev/null 2>&1; then
  ip link add "$dev" type veth peer name "$dev-end"
  ip link set "$dev" arp off
  ip link set "$dev" up
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
