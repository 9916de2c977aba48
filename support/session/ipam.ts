/** Calico IPAM as the lab's cluster records it: pools, block affinities, every pod's and node's addresses. */
import {
  affinitiesFrom,
  ipamPicture,
  nodeIpamFrom,
  podAddressesFrom,
  poolsFromInstallation,
  poolsFromIpPools,
  type BlockAffinity,
  type IpamPicture,
  type IpPool,
  type PodAddress,
} from '../ipam/index.ts';
import { listAllPods, listBlockAffinityObjects, listIpPoolObjects } from '../ipam/calicoObjects.ts';
import { getTigeraObject } from '../access/kubeQueries.ts';
import { objectEvidence, type Evidence } from '../floor/finding.ts';
import { CALICO_INSTALLATION } from '../ipam/calicoObjects.ts';
import type { LabSession } from './session.ts';

export interface IpamReading {
  pools: IpPool[];
  affinities: BlockAffinity[];
  pods: PodAddress[];
  nodes: string[];
  picture: IpamPicture;
  evidence: Evidence[];
}

/** The pools Calico runs with: its IPPool objects when it has made them, else the Installation's. */
export async function ipPools(session: LabSession): Promise<IpPool[]> {
  const crs = poolsFromIpPools(await listIpPoolObjects(session.kube));
  if (crs.length > 0) return crs;
  const installation = await getTigeraObject(session.kube, 'installations', CALICO_INSTALLATION);
  return installation ? poolsFromInstallation(installation) : [];
}

export async function readIpam(session: LabSession): Promise<IpamReading> {
  const [pools, affinityObjects, podObjects, nodes] = await Promise.all([
    ipPools(session),
    listBlockAffinityObjects(session.kube),
    listAllPods(session.kube),
    session.cluster.nodes(),
  ]);
  const affinities = affinitiesFrom(affinityObjects);
  const pods = podAddressesFrom(podObjects);
  const nodeIpam = nodeIpamFrom(nodes);
  return {
    pools,
    affinities,
    pods,
    nodes: nodeIpam.map((n) => n.name),
    picture: ipamPicture({ pools, affinities, pods, nodes: nodeIpam }),
    evidence: [objectEvidence('IP pools', pools), objectEvidence('block affinities', affinities)],
  };
}
