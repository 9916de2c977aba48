/**
 * What the lab promises after a change, as findings: a pod at the address its annotation asks for, back at the
 * address it had, inside a pool and outside a reservation, held back in a waiting state, an Event naming an
 * address, a Calico object's CIDRs. Each message reads differently passed and failed, in the lab's terms.
 */
import type { CoreV1Event } from '@kubernetes/client-node';
import { cidrContains } from '../floor/address.ts';
import { finding, objectEvidence, type Finding } from '../floor/finding.ts';
import type { PodWait } from './podWaits.ts';

/** The pod's address against the one its `cni.projectcalico.org/ipAddrs` annotation asks for. */
export function podAtRequestedAddress(pod: string, address: string, requested: string): Finding<string> {
  const at = address || 'no address';
  return finding(
    requested,
    address,
    address === requested
      ? `pod ${pod} is at ${requested}, the address its ipAddrs annotation asks for`
      : `pod ${pod} is at ${at}, not at ${requested}, the address its ipAddrs annotation asks for. ` +
          `Check \`kubectl get pod ${pod} -o wide\` and the IPAM of its node (\`calicoctl ipam show\`).`,
  );
}

/** A re-created pod's address against the one it had before it was deleted. */
export function podBackAtAddress(pod: string, address: string, before: string): Finding<string> {
  return finding(
    before,
    address,
    address === before && before !== ''
      ? `pod ${pod}, deleted and applied again, is back at ${before}`
      : `pod ${pod}, deleted and applied again, is at ${address || 'no address'}, not back at ${before || 'none'}`,
  );
}

/** A dynamically addressed pod: inside the pool, outside the reservation. */
export function podInPoolOutsideReservation(
  pod: string,
  address: string,
  pool: string,
  reserved: string,
): Finding<{ inPool: boolean; inReservation: boolean }> {
  const observed = { inPool: cidrContains(pool, address), inReservation: cidrContains(reserved, address) };
  const ok = observed.inPool && !observed.inReservation;
  const at = address || 'no address';
  return finding(
    { inPool: true, inReservation: false },
    observed,
    ok
      ? `pod ${pod} is at ${at}: inside the pool ${pool}, outside the reservation ${reserved}`
      : `pod ${pod} is at ${at}: ${observed.inPool ? 'inside' : 'outside'} the pool ${pool}, ` +
          `${observed.inReservation ? 'inside' : 'outside'} the reservation ${reserved}; the lab promises a dynamic ` +
          'address in the pool that the reservation holds back from',
  );
}

/** A pod held back (never Ready, its container waiting with `reason`) for the whole of the wait. */
export function podHeldBack(pod: string, reason: string, wait: PodWait): Finding<string> {
  const observed = wait.becameReady ? 'Ready' : wait.state;
  return finding(
    reason,
    observed,
    observed === reason
      ? `pod ${pod} stayed in ${reason} for ${wait.seconds} s, never Ready`
      : wait.becameReady
        ? `pod ${pod} became Ready (address ${wait.address || 'none'}); it should stay in ${reason}`
        : `pod ${pod} is ${observed}, not ${reason}`,
  );
}

/** An Event of `reason` about the pod whose message names `address`. */
export function eventNamesAddress(
  pod: string,
  events: CoreV1Event[],
  reason: string,
  address: string,
): Finding<boolean> {
  const names = new RegExp(`(^|[^\\d.])${address.replace(/\./g, '\\.')}([^\\d.]|$)`);
  const hit = events.find((e) => e.reason === reason && names.test(e.message ?? ''));
  const seen = events.map((e) => `${e.reason}: ${e.message}`).join('; ') || 'none';
  return finding(
    true,
    Boolean(hit),
    hit
      ? `an Event ${reason} on pod ${pod} names ${address}: ${hit.message}`
      : `no ${reason} Event on pod ${pod} names ${address} (its Events: ${seen}). ` +
          `Check \`kubectl describe pod ${pod}\`.`,
    [objectEvidence(`Events of pod ${pod}`, events)],
  );
}

/** A Calico object's CIDR list (an IPPool's cidr, an IPReservation's reservedCIDRs) against the lab's. */
export function calicoCidrs(what: string, observed: string[], expected: string[]): Finding<string[]> {
  const shown = observed.join(', ') || 'none';
  return finding(
    expected,
    observed,
    JSON.stringify(observed) === JSON.stringify(expected)
      ? `${what} holds ${shown}`
      : `${what} holds ${shown}, where the lab has ${expected.join(', ')}`,
  );
}
