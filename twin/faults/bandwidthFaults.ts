/**
 * Faults of Calico's bandwidth QoS as pods created through the API meet it: the CNI plugin building the pod's tc
 * shaping wrong on the real veth (no shaping at all, the ingress tbf left out, the egress ifb left out, the rate
 * ten times the annotation's, a bucket too small to burst). The pods the lab's scenarios apply afterwards are built
 * that way. And shaping left on a pod that has no annotation: a tbf on its veth.
 */
import { type BandwidthFault, tbf } from '../dataplane/bandwidth.ts';
import { vethName } from '../dataplane/pods.ts';
import { onNode, type FaultContext } from './context.ts';
import { setControllers } from './controlPlane.ts';

const WHAT: Record<BandwidthFault, string> = {
  'not-applied': 'the CNI plugin ignores the qos.projectcalico.org bandwidth annotations: no tc shaping on new pods',
  'ingress-not-shaped': "the CNI plugin leaves out the ingress tbf on new pods' cali veths",
  'egress-not-shaped': 'the CNI plugin leaves out the egress ifb (and its mirred redirect and tbf) of new pods',
  'rate-tenfold': "the CNI plugin shapes new pods at ten times their annotations' bandwidth",
  'no-burst': "the CNI plugin gives new pods' tbfs a bucket of 16 KiB instead of 10 MiB: no burst",
};

/** The rate of the shaping a pod's veth keeps when the fault leaves it there: the QoS pods' 10 Mbit/s. */
export const LEFTOVER_RATE_BITS = 10_000_000;

function bandwidthFault(fault: BandwidthFault): (ctx: FaultContext) => Promise<string> {
  return async (ctx) => {
    await setControllers(ctx.state, { bandwidthFault: fault });
    return WHAT[fault];
  };
}

export const bandwidthNotApplied = bandwidthFault('not-applied');
export const ingressNotShaped = bandwidthFault('ingress-not-shaped');
export const egressNotShaped = bandwidthFault('egress-not-shaped');
export const rateTenfold = bandwidthFault('rate-tenfold');
export const noBurst = bandwidthFault('no-burst');

/** A tbf left at the root of a pod's veth (a pod without annotations held to 10 Mbit/s all the same). */
export async function podVethShaped(ctx: FaultContext): Promise<string> {
  const pod = ctx.targets.pod();
  await onNode(pod.node, ['sh', '-c', tbf(vethName(pod), LEFTOVER_RATE_BITS)]);
  return `a tbf at ${LEFTOVER_RATE_BITS} bit/s on ${vethName(pod)}, pod ${pod.name}'s veth on ${pod.node}`;
}
