/** The pod network as the lab's Calico Installation sets it up: its IP pools and the MTU of every pod veth. */
import type { KubeObject } from '../api/types.ts';
import { expectedPodMtu } from '../shared.ts';
import type { TwinPlan } from '../plan.ts';

/** The MTU of a node's eth0 on the twin's Docker network (Docker's default), the uplink Calico measures. */
const NODE_UPLINK_MTU = 1500;
const DEFAULT_BLOCK_SIZE = 26;

type IpPool = { cidr: string; blockSize?: number; encapsulation?: string };
type Installation = KubeObject & { spec: { calicoNetwork: { mtu?: number; ipPools: IpPool[] } } };

/** Every pool of the Installation (or the Kind pod subnet as one pool), and the pod MTU Calico computes. */
export function planPodNetwork(podSubnet: string, manifests: KubeObject[]): Pick<TwinPlan, 'pools' | 'podMtu'> {
  const installation = manifests.find((m) => m.kind === 'Installation') as Installation | undefined;
  const pools = (installation?.spec.calicoNetwork.ipPools ?? [{ cidr: podSubnet }]).map((p) => ({
    cidr: p.cidr,
    blockSize: p.blockSize ?? DEFAULT_BLOCK_SIZE,
    ...(p.encapsulation ? { encapsulation: p.encapsulation } : {}),
  }));
  const podMtu = expectedPodMtu({
    configuredMtu: installation?.spec.calicoNetwork.mtu,
    encapsulations: pools.map((p) => p.encapsulation ?? 'None'),
    uplinkMtu: NODE_UPLINK_MTU,
  }).mtu;
  return { pools, podMtu };
}
