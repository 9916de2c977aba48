/** Every fault the twin can be given: name, what it breaks, and how. */
import type { FaultContext } from './context.ts';
import {
  changeDnsTtl,
  dropDnsRecord,
  podNdotsWrong,
  removeKubeDnsUdpJump,
  searchPathWrong,
  upstreamAnswers,
} from './dnsFaults.ts';
import {
  headlessGivenRules,
  headlessStaleAddress,
  podDnsRecordMissing,
  replicaNotReplicating,
} from './headlessFaults.ts';
import { deletePodRoute, stopNode } from './nodeFaults.ts';
import { multitoolMissingOnControlPlane, nginxSameNode, staleEndpoint, stopDns, stopNginx } from './podFaults.ts';
import { deletePodHostRoute, natBetweenPods, sharedBlock, wrongPodMtu, wrongVethMac } from './networkFaults.ts';
import { changeProbability, deleteSepChain, dnatWrongPort, removeServicesJump } from './ruleFaults.ts';

export interface Fault {
  name: string;
  summary: string;
  /** breaks the running twin; returns one line saying what it broke */
  inject(ctx: FaultContext): Promise<string>;
}

export const FAULTS: readonly Fault[] = [
  {
    name: 'nginx-stopped',
    summary: "one nginx pod's processes killed: pod not Ready, its endpoint dropped",
    inject: stopNginx,
  },
  {
    name: 'stale-endpoint',
    summary: 'EndpointSlice controller paused, then an nginx pod re-addressed: the slice lists an address no pod has',
    inject: staleEndpoint,
  },
  {
    name: 'sep-chain-deleted',
    summary: 'the first KUBE-SEP chain of nginx-service and its jump deleted on worker 1',
    inject: deleteSepChain,
  },
  {
    name: 'probability-0.9',
    summary: 'the first endpoint rule of nginx-service set to probability 0.9 on worker 1',
    inject: changeProbability,
  },
  {
    name: 'services-jump-removed',
    summary: 'the KUBE-SERVICES rule for nginx-service removed on worker 1',
    inject: removeServicesJump,
  },
  {
    name: 'dnat-wrong-port',
    summary: 'the first KUBE-SEP DNAT of nginx-service sent to port 8080 on worker 1',
    inject: dnatWrongPort,
  },
  { name: 'dns-down', summary: 'the cluster DNS processes (in the coredns pod) killed', inject: stopDns },
  {
    name: 'dns-record-missing',
    summary: 'the DNS records of nginx-service removed and the cluster DNS reloaded',
    inject: dropDnsRecord,
  },
  {
    name: 'coredns-pod-down',
    summary: "one cluster DNS pod's processes killed: it leaves kube-dns's endpoints",
    inject: stopDns,
  },
  {
    name: 'dns-ttl-changed',
    summary: 'the cluster DNS answers cluster names with TTL 5 instead of 30',
    inject: changeDnsTtl,
  },
  {
    name: 'dns-upstream-answers',
    summary: "the cluster DNS's upstream answers NXDOMAIN instead of failing (SERVFAIL)",
    inject: upstreamAnswers,
  },
  {
    name: 'namespace-search-path-wrong',
    summary: "the pods of the lab's own namespace (foo) search default.svc first",
    inject: searchPathWrong,
  },
  {
    name: 'pod-ndots-wrong',
    summary: "the lab's pods outside kube-system resolve with ndots:1 instead of kubelet's ndots:5",
    inject: podNdotsWrong,
  },
  {
    name: 'kube-dns-udp-rule-removed',
    summary: 'the KUBE-SERVICES rule for kube-dns port dns (UDP) removed on worker 1',
    inject: removeKubeDnsUdpJump,
  },
  {
    name: 'nginx-same-node',
    summary: "the second nginx pod rescheduled onto the first one's node",
    inject: nginxSameNode,
  },
  {
    name: 'multitool-missing-on-control-plane',
    summary: "the multitool DaemonSet pods gone from the control-plane, as deployed without the lab's manifests",
    inject: multitoolMissingOnControlPlane,
  },
  { name: 'node-stopped', summary: "the last worker's node container stopped", inject: stopNode },
  {
    name: 'redis-replica-not-replicating',
    summary: 'the last StatefulSet replica told REPLICAOF NO ONE: it stops following its master',
    inject: replicaNotReplicating,
  },
  {
    name: 'headless-given-rules',
    summary: 'kube-proxy-shaped KUBE-SERVICES rule and KUBE-SVC chain for a headless Service on worker 1',
    inject: headlessGivenRules,
  },
  {
    name: 'pod-dns-record-missing',
    summary: 'the per-pod DNS name of the second StatefulSet pod removed from the cluster DNS',
    inject: podDnsRecordMissing,
  },
  {
    name: 'headless-stale-address',
    summary: "a stale address no pod has added to a headless Service's DNS answer",
    inject: headlessStaleAddress,
  },
  {
    name: 'pod-route-missing',
    summary: "worker 1's route to the control-plane's pod block deleted",
    inject: deletePodRoute,
  },
  {
    name: 'pod-host-route-missing',
    summary: "the /32 host route of the lab's pod on the last worker (else its first pod) deleted on its node",
    inject: deletePodHostRoute,
  },
  {
    name: 'pod-mtu-wrong',
    summary: "eth0 of that pod set to MTU 1500, its veth's node end left at the Installation's MTU",
    inject: wrongPodMtu,
  },
  {
    name: 'veth-mac-wrong',
    summary: "the node end of that pod's veth given a MAC other than ee:ee:ee:ee:ee:ee",
    inject: wrongVethMac,
  },
  {
    name: 'nat-between-pods',
    summary: "the lab's first pod on worker 1 SNATed to its node's address for traffic to the pod pool",
    inject: natBetweenPods,
  },
  { name: 'block-shared', summary: "worker 2's BlockAffinity names worker 1's block", inject: sharedBlock },
];

export function faultNames(): string[] {
  return FAULTS.map((f) => f.name);
}
