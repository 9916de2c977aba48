/**
 * Calico's bandwidth QoS as its CNI plugin applies it when a pod is created (the CNI bandwidth plugin's way): the
 * `ingressBandwidth` annotation a tbf at the root of the pod's host-side cali veth (what the node sends into the
 * pod), the `egressBandwidth` annotation an ifb device the veth's ingress is redirected to (mirred) with a tbf on
 * it (what the pod sends). The bucket holds the lab text's `burst 10Mb` (tc's notation: 10 MiB), the queue 25 ms.
 * The ifb goes when the pod goes (the veth and its qdiscs go with the veth).
 */
import { createHash } from 'node:crypto';
import type { PlannedPod } from '../plan.ts';
import { annotatedBandwidth } from '../shared.ts';
import { shq } from './shell.ts';

/** tc's `burst 10Mb` as the lab text shows it: 10 MiB of tokens. */
export const TBF_BURST_BYTES = 10 * 1024 * 1024;
/** The CNI bandwidth plugin's queue: as many bytes as the rate sends in 25 ms. */
export const TBF_LATENCY = '25ms';

/** What a broken CNI plugin does with the annotations (a fault of the twin; none when healthy). */
export type BandwidthFault = 'not-applied' | 'ingress-not-shaped' | 'egress-not-shaped' | 'rate-tenfold' | 'no-burst';
/** The bucket of the `no-burst` fault: a few frames, enough for tbf to pass full-size packets at 10 Mbit/s. */
export const TINY_BURST_BYTES = 16 * 1024;

export function ifbName(pod: Pick<PlannedPod, 'namespace' | 'name'>): string {
  return `bwp${createHash('sha1').update(`${pod.namespace}.${pod.name}`).digest('hex').slice(0, 11)}`;
}

export function tbf(dev: string, bits: number, burst = TBF_BURST_BYTES): string {
  return `tc qdisc add dev ${shq(dev)} root tbf rate ${bits}bit burst ${burst} latency ${TBF_LATENCY}`;
}

/** The lines that shape a pod's traffic from its annotations on its node (none without annotations). */
export function bandwidthScript(pod: PlannedPod, veth: string, fault?: BandwidthFault): string[] {
  if (fault === 'not-applied') return [];
  const factor = fault === 'rate-tenfold' ? 10 : 1;
  const burst = fault === 'no-burst' ? TINY_BURST_BYTES : TBF_BURST_BYTES;
  const ingress = annotatedBandwidth(pod.annotations, 'ingress');
  const egress = annotatedBandwidth(pod.annotations, 'egress');
  const lines: string[] = [];
  if (ingress !== undefined && fault !== 'ingress-not-shaped') lines.push(tbf(veth, ingress * factor, burst));
  if (egress !== undefined && fault !== 'egress-not-shaped') {
    const ifb = shq(ifbName(pod));
    lines.push(
      `ip link add ${ifb} type ifb`,
      `ip link set ${ifb} up`,
      `tc qdisc add dev ${shq(veth)} handle ffff: ingress`,
      `tc filter add dev ${shq(veth)} parent ffff: protocol all u32 match u32 0 0 ` +
        `action mirred egress redirect dev ${ifb}`,
      tbf(ifbName(pod), egress * factor, burst),
    );
  }
  return lines;
}

/** Takes the pod's ifb away (idempotent). */
export function bandwidthTeardown(pod: Pick<PlannedPod, 'namespace' | 'name'>): string {
  return `ip link del ${shq(ifbName(pod))} 2>/dev/null || true`;
}
