/**
 * Calico's DSCP marking (`qos.projectcalico.org/dscp` on a pod), as Felix programs it on the pod's node: a chain
 * in the mangle table's POSTROUTING that leaves traffic to the cluster alone (the IP pools and the nodes'
 * InternalIPs) and sets the pod's DSCP class on everything else it sends, so only traffic leaving the cluster
 * carries the mark. The value is set by the kernel (iptables' DSCP target), so the wire shows it.
 */
import { LabgateError } from '../shared.ts';
import type { PlannedNode, PlannedPod, TwinPlan } from '../plan.ts';
import type { NodeDaemonKind } from './daemons.ts';

export const DSCP_ANNOTATION = 'qos.projectcalico.org/dscp';
/** The mangle chain the twin's Felix fills (Calico's own chain name is not part of any lab's promise). */
export const DSCP_CHAIN = 'cali-egress-dscp';

const CLASSES: Readonly<Record<string, number>> = {
  DF: 0,
  EF: 46,
  ...Object.fromEntries([0, 1, 2, 3, 4, 5, 6, 7].map((n) => [`CS${n}`, n * 8])),
  ...Object.fromEntries([1, 2, 3, 4].flatMap((c) => [1, 2, 3].map((d) => [`AF${c}${d}`, c * 8 + d * 2] as const))),
};

/** The DSCP value (0-63) an annotation names: a class name (AF11, EF, CS3, DF) or a number; else an error. */
export function dscpValue(annotation: string, where = 'the pod'): number {
  const name = annotation.trim().toUpperCase();
  const named = CLASSES[name];
  if (named !== undefined) return named;
  if (/^\d{1,2}$/.test(name) && Number(name) <= 63) return Number(name);
  throw new LabgateError(
    `${where}: ${DSCP_ANNOTATION} "${annotation}" is neither a DSCP class name nor a number 0-63`,
    'Calico takes AF11-AF43, CS0-CS7, EF, DF or 0-63',
  );
}

/** The pods of `node` that carry a DSCP annotation, with their value. */
export function markedPods(plan: TwinPlan, node: string): { pod: PlannedPod; dscp: number }[] {
  return plan.pods
    .filter((p) => p.node === node && p.annotations?.[DSCP_ANNOTATION] !== undefined)
    .map((pod) => ({ pod, dscp: dscpValue(pod.annotations![DSCP_ANNOTATION]!, `pod ${pod.namespace}/${pod.name}`) }));
}

/** Where the cluster is, for the marking: every IP pool and every node's InternalIP the topology sets. */
function clusterDestinations(plan: TwinPlan): string[] {
  const hosts = plan.nodes
    .map((n) => plan.topology?.nodeAddresses[n.name]?.ip)
    .filter((ip): ip is string => Boolean(ip))
    .map((ip) => `${ip}/32`);
  return [...plan.pools.map((p) => p.cidr), ...hosts];
}

/** The iptables lines that program `node`'s DSCP chain for its marked pods (idempotent: the chain is rebuilt). */
export function dscpRules(plan: TwinPlan, node: string): string[] {
  const marked = markedPods(plan, node);
  if (marked.length === 0) return [];
  const ipt = 'iptables -w -t mangle';
  return [
    `${ipt} -N ${DSCP_CHAIN} 2>/dev/null || ${ipt} -F ${DSCP_CHAIN}`,
    `${ipt} -C POSTROUTING -j ${DSCP_CHAIN} 2>/dev/null || ${ipt} -A POSTROUTING -j ${DSCP_CHAIN}`,
    ...clusterDestinations(plan).map((cidr) => `${ipt} -A ${DSCP_CHAIN} -d ${cidr} -j RETURN`),
    ...marked.map(
      ({ pod, dscp }) =>
        `${ipt} -A ${DSCP_CHAIN} -s ${pod.ip}/32 -j DSCP --set-dscp 0x${dscp.toString(16).padStart(2, '0')}`,
    ),
  ];
}

export const dscpMarking: NodeDaemonKind = {
  name: 'calico-dscp',
  runsOn: (plan: TwinPlan, node: PlannedNode) => markedPods(plan, node.name).length > 0,
  setupScript: (plan: TwinPlan, node: PlannedNode) => dscpRules(plan, node.name).join('\n'),
};
