/**
 * Addresses for the pods created through the API, from the twin's Calico IPAM (twin/ipam/): its state kept in the
 * state dir, started from the lab's pools and the addresses of the lab's own pods, and brought up to date before
 * each assignment with the IPPools and IPReservations served (the lab's and those written through the API).
 */
import type { KubeObject } from '../api/types.ts';
import { assignPod, emptyState, Ipam, IpamError, pool, podHandle, type IpamState, type Pool } from '../ipam/index.ts';
import type { TwinPlan } from '../plan.ts';
import type { PodAddressing } from './podController.ts';

export interface IpamStateStore {
  load(): IpamState | undefined;
  save(state: IpamState): void;
}

type PoolSpec = { cidr?: string; blockSize?: number; nodeSelector?: string; disabled?: boolean };

/** An IPPool object (crd.projectcalico.org/v1) as IPAM's pool. */
function poolOf(o: KubeObject): Pool | undefined {
  const spec = (o.spec ?? {}) as PoolSpec;
  if (!spec.cidr || spec.cidr.includes(':')) return undefined;
  return pool({
    name: o.metadata.name,
    cidr: spec.cidr,
    ...(spec.blockSize ? { blockSize: spec.blockSize } : {}),
    ...(spec.nodeSelector ? { nodeSelector: spec.nodeSelector } : {}),
    disabled: Boolean(spec.disabled),
  });
}

/** The state IPAM starts from: the lab's pools, the addresses its own pods hold on their nodes. */
export function initialIpamState(plan: TwinPlan): IpamState {
  const pools = plan.pools.map((p, i) =>
    pool({ name: i === 0 ? 'default-ipv4-ippool' : `pool-${i}`, cidr: p.cidr, blockSize: p.blockSize }),
  );
  const ipam = new Ipam(emptyState(pools, []));
  for (const p of plan.pods) {
    try {
      ipam.assignIp({ ip: p.ip, handle: podHandle(p), host: p.node });
    } catch {
      // an address outside every pool (hostNetwork-like fixtures): nothing for IPAM to hold
    }
  }
  return ipam.state;
}

function calicoMessage(err: unknown): string {
  if (err instanceof IpamError) {
    const cause = typeof err.cause === 'string' ? `: ${err.cause}` : '';
    return `${err.message}${cause}`;
  }
  return err instanceof Error ? err.message : String(err);
}

export function ipamAddressing(
  plan: TwinPlan,
  store: IpamStateStore,
  served: () => KubeObject[],
  nodeLabels: (node: string) => Record<string, string>,
): PodAddressing {
  const current = (): IpamState => {
    const state = store.load() ?? initialIpamState(plan);
    const objects = served();
    const written = objects.filter((o) => o.kind === 'IPPool').flatMap((o) => poolOf(o) ?? []);
    const pools = [...state.pools.filter((p) => !written.some((w) => w.name === p.name)), ...written];
    const reservations = objects
      .filter((o) => o.kind === 'IPReservation')
      .map((o) => ({
        name: o.metadata.name,
        cidrs: ((o.spec as { reservedCIDRs?: string[] } | undefined)?.reservedCIDRs ?? []).filter(
          (c) => !c.includes(':'),
        ),
      }));
    return { ...state, pools, reservations };
  };
  return {
    assign(pod) {
      const ipam = new Ipam(current());
      try {
        const a = assignPod(ipam, { ...pod, nodeLabels: nodeLabels(pod.node) });
        ipam.confirm(pod.node);
        store.save(ipam.state);
        return a.ip;
      } catch (err) {
        throw new Error(`failed to request IP ${requested(pod.annotations)}: ${calicoMessage(err)}`);
      }
    },
    release(pod) {
      const ipam = new Ipam(current());
      ipam.releaseHandle(podHandle(pod));
      store.save(ipam.state);
    },
  };
}

function requested(annotations: Record<string, string>): string {
  return annotations['cni.projectcalico.org/ipAddrs'] ?? 'from IPAM';
}
