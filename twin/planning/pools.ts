/**
 * Calico's IP pools and reservations as the lab's cluster holds them: the operator's IPPool for each pool of the
 * Installation (named as the Installation names it, `default-ipv4-ippool` when it does not), every IPPool and
 * IPReservation the lab's manifests apply, each with Calico's defaults, served as crd.projectcalico.org/v1 objects.
 */
import type { KubeObject } from '../api/types.ts';
import { defaultedPoolSpec, poolFromObject, reservationFromObject, type IpPoolSpec } from '../ipam/index.ts';
import type { Pool, Reservation } from '../ipam/index.ts';
import { stamp } from './workloads.ts';

const CALICO_CRD = 'crd.projectcalico.org/v1';
export const POOL_KINDS = new Set(['IPPool', 'IPReservation']);

type InstallationPool = {
  name?: string;
  cidr: string;
  blockSize?: number;
  encapsulation?: string;
  natOutgoing?: string;
  nodeSelector?: string;
  disableBGPExport?: boolean;
};

/** The operator's encapsulation as the IPPool's ipipMode and vxlanMode (the operator's default is IPIP). */
function modes(encapsulation = 'IPIP'): Pick<IpPoolSpec, 'ipipMode' | 'vxlanMode'> {
  const mode = (kind: string) =>
    encapsulation === kind ? 'Always' : encapsulation === `${kind}CrossSubnet` ? 'CrossSubnet' : 'Never';
  return { ipipMode: mode('IPIP'), vxlanMode: mode('VXLAN') };
}

function installationPools(podSubnet: string, manifests: KubeObject[]): { name: string; spec: IpPoolSpec }[] {
  const installation = manifests.find((m) => m.kind === 'Installation') as
    | { spec?: { calicoNetwork?: { ipPools?: InstallationPool[] } } }
    | undefined;
  const pools = installation?.spec?.calicoNetwork?.ipPools ?? [{ cidr: podSubnet, encapsulation: 'None' }];
  return pools.map((p, i) => ({
    name: p.name ?? (i === 0 ? 'default-ipv4-ippool' : `ipv4-ippool-${i}`),
    spec: {
      cidr: p.cidr,
      blockSize: p.blockSize ?? 26,
      ...modes(p.encapsulation),
      natOutgoing: (p.natOutgoing ?? 'Enabled') === 'Enabled',
      nodeSelector: p.nodeSelector ?? 'all()',
      ...(p.disableBGPExport !== undefined ? { disableBGPExport: p.disableBGPExport } : {}),
      allowedUses: ['Workload', 'Tunnel'],
      assignmentMode: 'Automatic',
    },
  }));
}

export interface CalicoPools {
  pools: Pool[];
  reservations: Reservation[];
  /** the IPPool and IPReservation objects the API serves */
  objects: KubeObject[];
}

export function planPools(podSubnet: string, manifests: KubeObject[], createdAt: string): CalicoPools {
  const applied = manifests.filter((m) => m.kind === 'IPPool');
  const poolObjects = [
    ...installationPools(podSubnet, manifests),
    ...applied.map((m) => ({ name: m.metadata.name, spec: (m as unknown as { spec: IpPoolSpec }).spec })),
  ].map(({ name, spec }) =>
    stamp({ apiVersion: CALICO_CRD, kind: 'IPPool', metadata: { name }, spec: defaultedPoolSpec(spec) }, createdAt),
  );
  const reservationObjects = manifests
    .filter((m) => m.kind === 'IPReservation')
    .map((m) =>
      stamp(
        { apiVersion: CALICO_CRD, kind: 'IPReservation', metadata: { name: m.metadata.name }, spec: m.spec },
        createdAt,
      ),
    );
  return {
    pools: poolObjects.map((o) => poolFromObject(o as unknown as Parameters<typeof poolFromObject>[0])),
    reservations: reservationObjects.map((o) =>
      reservationFromObject(o as unknown as Parameters<typeof reservationFromObject>[0]),
    ),
    objects: [...poolObjects, ...reservationObjects],
  };
}
