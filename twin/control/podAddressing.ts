/**
 * Addresses for the pods created through the API, from the twin's Calico IPAM (twin/ipam/) over the state the plan
 * started at `up` (ipam.json, the up-time pods' addresses in it): before each assignment its pools and reservations
 * are brought up to date with the IPPools and IPReservations served (the lab's and those written through the API).
 */
import type { KubeObject } from '../api/types.ts';
import { assignPod, Ipam, IP_ADDRS, IPV4_POOLS, IpamError, podHandle, type IpamState } from '../ipam/index.ts';
import { poolFromObject, reservationFromObject } from '../ipam/objects.ts';
import type { PodAddressing } from './podController.ts';

export interface IpamStateStore {
  load(): IpamState;
  save(state: IpamState): void;
}

function calicoMessage(err: unknown): string {
  if (err instanceof IpamError) {
    const cause = typeof err.cause === 'string' ? `: ${err.cause}` : '';
    return `${err.message}${cause}`;
  }
  return err instanceof Error ? err.message : String(err);
}

type Calico = Parameters<typeof poolFromObject>[0];

export function ipamAddressing(
  store: IpamStateStore,
  served: () => KubeObject[],
  nodeLabels: (node: string) => Record<string, string>,
  /** a block newly affine to `node`: the other nodes route it there */
  newBlock: (node: string, block: string) => void,
  /** the faults the twin was given (a CNI plugin that ignores the annotation, an IPAM that hands out twice) */
  faults: () => {
    ipamIgnoresIpAddrs?: boolean;
    ipamGivesTakenAddress?: boolean;
    ipamIgnoresIpv4Pools?: boolean;
  } = () => ({}),
): PodAddressing {
  const current = (): IpamState => {
    const state = store.load();
    const objects = served();
    const pools = objects.filter((o) => o.kind === 'IPPool').map((o) => poolFromObject(o as unknown as Calico));
    const reservations = objects
      .filter((o) => o.kind === 'IPReservation')
      .map((o) => reservationFromObject(o as unknown as Parameters<typeof reservationFromObject>[0]));
    return { ...state, pools: pools.length > 0 ? pools : state.pools, reservations };
  };
  return {
    assign(pod) {
      const ipam = new Ipam(current());
      const broken = faults();
      const annotations = { ...pod.annotations };
      if (broken.ipamIgnoresIpAddrs) delete annotations[IP_ADDRS];
      if (broken.ipamIgnoresIpv4Pools) delete annotations[IPV4_POOLS];
      const requested = annotations[IP_ADDRS];
      try {
        const a = assignPod(ipam, { ...pod, annotations, nodeLabels: nodeLabels(pod.node) });
        ipam.confirm(pod.node);
        store.save(ipam.state);
        if (a.newBlock) newBlock(pod.node, a.block);
        return a.ip;
      } catch (err) {
        // the fault: the address is handed out again, to a second holder
        if (broken.ipamGivesTakenAddress && err instanceof IpamError && err.code === 'address-in-use' && requested) {
          return (JSON.parse(requested) as string[])[0]!;
        }
        throw new Error(`failed to request IP${requested ? ` ${requested}` : ''}: ${calicoMessage(err)}`);
      }
    },
    release(pod) {
      const ipam = new Ipam(store.load());
      ipam.releaseHandle(podHandle(pod));
      store.save(ipam.state);
    },
  };
}
