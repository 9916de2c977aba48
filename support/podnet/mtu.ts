/**
 * The MTU Calico gives pod interfaces: the Installation's `calicoNetwork.mtu` when set, else the node's
 * uplink MTU minus the largest overhead among the encapsulations its IP pools enable (Calico's auto-detection).
 */
import { LabgateError } from '../floor/errors.ts';

/** Bytes each encapsulation adds to a packet, per address family (Calico's MTU documentation). */
export const ENCAPSULATION_OVERHEAD = {
  VXLAN: { ipv4: 50, ipv6: 70 },
  IPIP: { ipv4: 20, ipv6: 20 },
  WireGuard: { ipv4: 60, ipv6: 80 },
} as const;

/** The operator's `encapsulation` values (and an IPPool CR's ipipMode/vxlanMode) mapped to what they enable. */
export function encapsulationKind(value: string): keyof typeof ENCAPSULATION_OVERHEAD | undefined {
  if (/^VXLAN/i.test(value)) return 'VXLAN';
  if (/^IPIP/i.test(value)) return 'IPIP';
  if (value === 'None' || value === '') return undefined;
  throw new LabgateError(
    `unknown Calico encapsulation "${value}"`,
    'expected one of IPIP, IPIPCrossSubnet, VXLAN, VXLANCrossSubnet, None',
  );
}

export interface MtuInputs {
  /** `spec.calicoNetwork.mtu` of the Installation, if set */
  configuredMtu?: number;
  /** the `encapsulation` of every IP pool of the Installation */
  encapsulations: string[];
  wireguard?: boolean;
  family?: 'ipv4' | 'ipv6';
  /** MTU of the node's interface towards the other nodes */
  uplinkMtu: number;
}

export function expectedPodMtu(inputs: MtuInputs): { mtu: number; reason: string } {
  if (inputs.configuredMtu !== undefined)
    return { mtu: inputs.configuredMtu, reason: `the Installation sets calicoNetwork.mtu ${inputs.configuredMtu}` };
  const family = inputs.family ?? 'ipv4';
  const kinds = [...new Set(inputs.encapsulations.map(encapsulationKind).filter((k) => k !== undefined))];
  if (inputs.wireguard) kinds.push('WireGuard');
  const overheads = kinds.map((k) => ({ kind: k, bytes: ENCAPSULATION_OVERHEAD[k][family] }));
  const largest = overheads.sort((a, b) => b.bytes - a.bytes)[0];
  if (!largest)
    return { mtu: inputs.uplinkMtu, reason: `no encapsulation, so the node's uplink MTU ${inputs.uplinkMtu}` };
  return {
    mtu: inputs.uplinkMtu - largest.bytes,
    reason:
      `the node's uplink MTU ${inputs.uplinkMtu} minus ${largest.bytes} bytes of ${largest.kind} (${family}) ` +
      `overhead`,
  };
}
