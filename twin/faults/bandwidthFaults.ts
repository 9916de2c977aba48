/**
 * Faults of Calico's bandwidth QoS as pods created through the API meet it: the CNI plugin building the pod's tc
 * shaping wrong on the real veth (no shaping at all, the ingress tbf left out, the egress ifb left out, the rate
 * ten times the annotation's). The pods the lab's scenarios apply afterwards are built that way.
 */
import type { BandwidthFault } from '../dataplane/bandwidth.ts';
import type { FaultContext } from './context.ts';
import { setControllers, SWITCH_PICKUP_MS } from './controlPlane.ts';

const WHAT: Record<BandwidthFault, string> = {
  'not-applied': 'the CNI plugin ignores the qos.projectcalico.org bandwidth annotations: no tc shaping on new pods',
  'ingress-not-shaped': "the CNI plugin leaves out the ingress tbf on new pods' cali veths",
  'egress-not-shaped': 'the CNI plugin leaves out the egress ifb (and its mirred redirect and tbf) of new pods',
  'rate-tenfold': "the CNI plugin shapes new pods at ten times their annotations' bandwidth",
};

function bandwidthFault(fault: BandwidthFault): (ctx: FaultContext) => Promise<string> {
  return async (ctx) => {
    setControllers(ctx.state, { bandwidthFault: fault });
    await new Promise((r) => setTimeout(r, SWITCH_PICKUP_MS));
    return WHAT[fault];
  };
}

export const bandwidthNotApplied = bandwidthFault('not-applied');
export const ingressNotShaped = bandwidthFault('ingress-not-shaped');
export const egressNotShaped = bandwidthFault('egress-not-shaped');
export const rateTenfold = bandwidthFault('rate-tenfold');
