/**
 * Calico's objects and the allocator's data, both ways: an IPPool (crd.projectcalico.org/v1 or
 * projectcalico.org/v3) as a pool with Calico's defaults, an IPReservation as its reserved CIDRs, and a pool back
 * as the IPPool object Calico serves.
 */
import { IpamError } from './errors.ts';
import { parseCidr } from './ipv4.ts';
import { pool, type Pool, type PoolUse, type Reservation } from './model.ts';
import { parseSelector } from './selector.ts';

export interface IpPoolSpec {
  cidr: string;
  blockSize?: number;
  nodeSelector?: string;
  disabled?: boolean;
  allowedUses?: string[];
  assignmentMode?: string;
  ipipMode?: string;
  vxlanMode?: string;
  natOutgoing?: boolean;
  disableBGPExport?: boolean;
}

type CalicoObject<S> = { metadata: { name: string }; spec: S };

const USES: PoolUse[] = ['Workload', 'Tunnel', 'LoadBalancer'];

/** The IPPool's spec with every default Calico's API fills in (v3.30). */
export function defaultedPoolSpec(spec: IpPoolSpec): Required<Omit<IpPoolSpec, 'disableBGPExport'>> & IpPoolSpec {
  return {
    ...spec,
    cidr: spec.cidr,
    blockSize: spec.blockSize ?? 26,
    nodeSelector: spec.nodeSelector ?? 'all()',
    disabled: spec.disabled ?? false,
    allowedUses: spec.allowedUses ?? ['Workload', 'Tunnel'],
    assignmentMode: spec.assignmentMode ?? 'Automatic',
    ipipMode: spec.ipipMode ?? 'Never',
    vxlanMode: spec.vxlanMode ?? 'Never',
    natOutgoing: spec.natOutgoing ?? false,
  };
}

export function poolFromObject(obj: CalicoObject<IpPoolSpec>): Pool {
  const name = obj.metadata.name;
  const s = defaultedPoolSpec(obj.spec);
  parseCidr(s.cidr);
  parseSelector(s.nodeSelector);
  const uses = s.allowedUses.map((u) => {
    if (!USES.includes(u as PoolUse)) throw new IpamError('unknown-pool', `IPPool ${name}: unknown allowedUse ${u}`);
    return u as PoolUse;
  });
  const tunnel = s.vxlanMode !== 'Never' ? 'VXLAN' : s.ipipMode !== 'Never' ? 'IPIP' : undefined;
  return pool({
    name,
    cidr: s.cidr,
    blockSize: s.blockSize,
    nodeSelector: s.nodeSelector,
    disabled: s.disabled,
    allowedUses: uses,
    assignmentMode: s.assignmentMode === 'Manual' ? 'Manual' : 'Automatic',
    ...(tunnel ? { tunnel } : {}),
  });
}

export function reservationFromObject(obj: CalicoObject<{ reservedCIDRs?: string[] }>): Reservation {
  const cidrs = (obj.spec.reservedCIDRs ?? []).map((c) => (c.includes('/') ? c : `${c}/32`));
  for (const c of cidrs) parseCidr(c);
  return { name: obj.metadata.name, cidrs };
}
