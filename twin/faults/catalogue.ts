/**
 * Every kind of fault the twin can be given: what it does, which targets it needs and takes, and how. A lab's
 * fault matrix names its faults, each of a kind, with the targets (the lab's objects) it breaks.
 */
import type { FaultContext } from './context.ts';
import {
  changeDnsTtl,
  dnsForwardPinned,
  dnsStaleAddress,
  dropDnsRecord,
  nodeResolverDockerEmbedded,
  podDnsRecordMissing,
  podNdotsWrong,
  searchPathWrong,
  upstreamAnswers,
} from './dnsFaults.ts';
import { blockOutsidePool, blockPending, secondBlock } from './ipamFaults.ts';
import {
  daemonSetRollsNoPod,
  ipAddrsIgnored,
  ipv4PoolsIgnored,
  podsRelabelledInPlace,
  reservationsDeleted,
  rolloutLeavesOldPod,
  takenAddressGiven,
} from './writeFaults.ts';
import {
  bandwidthNotApplied,
  egressNotShaped,
  ingressNotShaped,
  noBurst,
  podVethShaped,
  rateTenfold,
} from './bandwidthFaults.ts';
import { deletePodRoute, podRouteViaOtherNode, stopNode } from './nodeFaults.ts';
import { blockReleased, podFromPool, poolLeftBehind, poolSelector } from './poolFaults.ts';
import { loadBalancerAddressFromNodeNetwork, loadBalancerControllerOff } from './loadBalancerFaults.ts';
import { podAddressBorrowed, podAddressOutsidePool, podAddressReserved } from './addressFaults.ts';
import {
  daemonSetsLeaveNode,
  podScheduledOnNode,
  podsSameNode,
  podsUnderSubdomain,
  staleEndpoint,
  stopPod,
  workloadScaledDown,
} from './podFaults.ts';
import { podCommand } from './podCommand.ts';
import {
  deletePodHostRoute,
  natBetweenPods,
  podDefaultRouteDirect,
  sharedBlock,
  vethGivenIpv4,
  wrongPodMtu,
  wrongVethMac,
} from './networkFaults.ts';
import {
  changeProbability,
  deleteSepChain,
  dnatWrongPort,
  ipv6RuleLeft,
  removeMasqueradeMark,
  removeServicesJump,
  rulesWithoutVip,
} from './ruleFaults.ts';
import {
  installationPoolChanged,
  serviceAffinityClientIP,
  serviceDualStack,
  serviceExternalIp,
  serviceGivenVip,
  serviceTypeNodePort,
} from './serviceFaults.ts';
import { serverFinDropped, webExpectsProxyProtocol } from './serverFaults.ts';
import type { TargetKey } from './targets.ts';
import {
  wireguardAllowedIpsWrong,
  wireguardLeftOn,
  wireguardMtuWrong,
  wireguardPeerLeftOut,
  wireguardRouteLeftOut,
  wireguardRuleLeftOut,
} from './wireguardFaults.ts';
import {
  blackholeMissing,
  sviMtuChanged,
  torDefaultRoute,
  torPortWrongVlan,
  vtepMtuWrong,
  vxlanFdbMissing,
  vxlanInsideSubnet,
} from './fabricFaults.ts';
import {
  attachmentModeChanged,
  cniConfigRenamed,
  cniPluginRemoved,
  parentLinkDown,
  secondaryAddressDuplicated,
  secondaryInterfaceMissing,
  secondaryWrongParent,
  torLearnsNoMac,
} from './multinetFaults.ts';
import { dscpInsideCluster, dscpMarkMissing, htbClassRateChanged, routerRouteMissing } from './dscpFaults.ts';

export interface FaultKind {
  kind: string;
  summary: string;
  /** the targets the fault must be given */
  needs: readonly TargetKey[];
  /** further targets it may be given */
  may?: readonly TargetKey[];
  /** breaks the running twin; returns one line saying what it broke */
  inject(ctx: FaultContext): Promise<string>;
}

const SERVICE_PORT_ON_NODE: readonly TargetKey[] = ['service', 'port', 'node'];
const ONE_POD: readonly TargetKey[] = ['workload'];

export const FAULT_KINDS: readonly FaultKind[] = [
  {
    kind: 'pod-stopped',
    summary: 'the first pod of a workload killed: not Ready, its endpoint (in `service`) dropped',
    needs: ['workload'],
    may: ['service'],
    inject: stopPod,
  },
  {
    kind: 'stale-endpoint',
    summary: 'EndpointSlice controller paused, then a pod of a workload re-addressed',
    needs: ['workload', 'service'],
    inject: staleEndpoint,
  },
  {
    kind: 'sep-chain-deleted',
    summary: 'the first KUBE-SEP chain of a Service port and its jump deleted on a node',
    needs: SERVICE_PORT_ON_NODE,
    inject: deleteSepChain,
  },
  {
    kind: 'probability-0.9',
    summary: 'the first endpoint rule of a Service port set to probability 0.9 on a node',
    needs: SERVICE_PORT_ON_NODE,
    inject: changeProbability,
  },
  {
    kind: 'services-jump-removed',
    summary: 'the KUBE-SERVICES rule of a Service port removed on a node',
    needs: SERVICE_PORT_ON_NODE,
    inject: removeServicesJump,
  },
  {
    kind: 'dnat-wrong-port',
    summary: 'the first KUBE-SEP DNAT of a Service port sent to port 8080 on a node',
    needs: SERVICE_PORT_ON_NODE,
    inject: dnatWrongPort,
  },
  {
    kind: 'masquerade-mark-removed',
    summary: "the KUBE-MARK-MASQ rule of a Service port's chain deleted on a node",
    needs: SERVICE_PORT_ON_NODE,
    inject: removeMasqueradeMark,
  },
  {
    kind: 'ipv6-rule-left',
    summary: 'an IPv6 KUBE-SERVICES rule for a Service port on a node, as a dual-stack kube-proxy would leave',
    needs: SERVICE_PORT_ON_NODE,
    inject: ipv6RuleLeft,
  },
  {
    kind: 'dns-record-missing',
    summary: 'the DNS records of a Service removed and the cluster DNS reloaded',
    needs: ['service'],
    inject: dropDnsRecord,
  },
  {
    kind: 'dns-ttl-changed',
    summary: 'the cluster DNS answers cluster names with TTL 5 instead of 30',
    needs: [],
    inject: changeDnsTtl,
  },
  {
    kind: 'dns-upstream-answers',
    summary: "the cluster DNS's upstream answers NXDOMAIN instead of failing (SERVFAIL)",
    needs: [],
    inject: upstreamAnswers,
  },
  {
    kind: 'namespace-search-path-wrong',
    summary: "the pods of a namespace search another namespace's svc domain first",
    needs: ['namespace', 'searchAs'],
    inject: searchPathWrong,
  },
  {
    kind: 'pod-ndots-wrong',
    summary: "the pods outside kube-system resolve with ndots:1 instead of kubelet's ndots:5",
    needs: [],
    inject: podNdotsWrong,
  },
  {
    kind: 'pods-same-node',
    summary: "the second pod of a workload rescheduled onto the first one's node",
    needs: ['workload'],
    inject: podsSameNode,
  },
  {
    kind: 'pod-scheduled-on-node',
    summary: 'a pod deleted and applied again, placed by the scheduler on another node (a preference not met)',
    needs: ['pod', 'node'],
    inject: podScheduledOnNode,
  },
  {
    kind: 'daemonsets-leave-node',
    summary: 'the pods of DaemonSets gone from a node, as without their toleration',
    needs: ['workloads', 'node'],
    inject: daemonSetsLeaveNode,
  },
  {
    kind: 'service-type-nodeport',
    summary: 'a Service patched to type NodePort: the API serves it, the nodes keep its ClusterIP rules',
    needs: ['service'],
    inject: serviceTypeNodePort,
  },
  {
    kind: 'service-affinity-clientip',
    summary: 'a Service patched to sessionAffinity ClientIP: the API serves it, the rules stay as they were',
    needs: ['service'],
    inject: serviceAffinityClientIP,
  },
  {
    kind: 'service-external-ip',
    summary: 'a Service patched with an external IP: the API serves it, no rule is written for it',
    needs: ['service'],
    inject: serviceExternalIp,
  },
  {
    kind: 'service-dual-stack',
    summary: 'a Service patched to PreferDualStack with an IPv6 VIP: the API serves it, no IPv6 rule is written',
    needs: ['service'],
    inject: serviceDualStack,
  },
  {
    kind: 'service-given-vip',
    summary: 'a Service without a VIP given one (its manifest without clusterIP None): rules and DNS follow it',
    needs: ['service'],
    inject: serviceGivenVip,
  },
  {
    kind: 'workload-scaled-down',
    summary: 'a Deployment or StatefulSet scaled down by one: its last pod gone',
    needs: ['workload'],
    inject: workloadScaledDown,
  },
  {
    kind: 'node-resolver-docker-embedded',
    summary: "a node's resolv.conf naming Docker's embedded DNS 127.0.0.11, not the gateway Kind rewrites it to",
    needs: ['node'],
    inject: nodeResolverDockerEmbedded,
  },
  {
    kind: 'dns-forward-pinned',
    summary: "the cluster DNS forwards to a fixed address: its pods' resolv.conf names the node's resolvers",
    needs: [],
    inject: dnsForwardPinned,
  },
  {
    kind: 'installation-pool-changed',
    summary: "the Calico Installation's first IP pool edited to the next range; the pods keep their addresses",
    needs: [],
    inject: installationPoolChanged,
  },
  {
    kind: 'web-expects-proxy-protocol',
    summary: "the nginx listeners of a workload's pods expect a PROXY protocol header; nginx reloaded",
    needs: ['workload'],
    inject: webExpectsProxyProtocol,
  },
  {
    kind: 'server-fin-dropped',
    summary: "a workload's pods drop the bare FIN segments they send: replies arrive, the close never does",
    needs: ['workload'],
    inject: serverFinDropped,
  },
  {
    kind: 'pods-under-subdomain',
    summary: "a workload's pods set a hostname and spec.subdomain naming a Service: slices and DNS follow",
    needs: ['workload', 'service'],
    inject: podsUnderSubdomain,
  },
  { kind: 'node-stopped', summary: "a node's container stopped", needs: ['node'], inject: stopNode },
  {
    kind: 'pod-command',
    summary: 'a command run in a pod once its server is ready (for example a replica detached)',
    needs: ['pod', 'readyCommand', 'readyOutput', 'command', 'output'],
    inject: podCommand,
  },
  {
    kind: 'rules-without-vip',
    summary: 'kube-proxy-shaped rules on a node for a Service that has no VIP',
    needs: ['service', 'node'],
    inject: rulesWithoutVip,
  },
  {
    kind: 'pod-dns-record-missing',
    summary: 'the per-pod DNS name of a StatefulSet pod removed from the cluster DNS',
    needs: ['pod'],
    inject: podDnsRecordMissing,
  },
  {
    kind: 'dns-stale-address',
    summary: "an address no pod has added to a VIP-less Service's DNS answer",
    needs: ['service'],
    inject: dnsStaleAddress,
  },
  {
    kind: 'pod-route-missing',
    summary: "a node's route to another node's pod block deleted",
    needs: ['node', 'blockOf'],
    inject: deletePodRoute,
  },
  {
    kind: 'tor-port-wrong-vlan',
    summary: "the ToR's port to a node moved into another VLAN's bridge",
    needs: ['node'],
    inject: torPortWrongVlan,
  },
  {
    kind: 'vxlan-fdb-missing',
    summary: "on a node, the FDB entry of another node's (blockOf) VTEP MAC deleted",
    needs: ['node', 'blockOf'],
    inject: vxlanFdbMissing,
  },
  {
    kind: 'vxlan-inside-subnet',
    summary: "on a node, a same-subnet node's (blockOf) block routed through vxlan.calico instead of on-link",
    needs: ['node', 'blockOf'],
    inject: vxlanInsideSubnet,
  },
  {
    kind: 'svi-mtu-changed',
    summary: "the ToR's SVI of a node's VLAN set to MTU 9000",
    needs: ['node'],
    inject: sviMtuChanged,
  },
  {
    kind: 'tor-default-route',
    summary: 'a default route on the ToR via a node',
    needs: ['node'],
    inject: torDefaultRoute,
  },
  {
    kind: 'vtep-mtu-wrong',
    summary: "a node's vxlan.calico set to MTU 1500",
    needs: ['node'],
    inject: vtepMtuWrong,
  },
  {
    kind: 'blackhole-missing',
    summary: "a node's blackhole route for its own block deleted",
    needs: ['node'],
    inject: blackholeMissing,
  },
  {
    kind: 'pod-host-route-missing',
    summary: 'the /32 host route of a pod deleted on its node',
    needs: ONE_POD,
    may: ['node'],
    inject: deletePodHostRoute,
  },
  {
    kind: 'pod-mtu-wrong',
    summary: "eth0 of a pod set to MTU 1500, its veth's node end left at the pod MTU",
    needs: ONE_POD,
    may: ['node'],
    inject: wrongPodMtu,
  },
  {
    kind: 'veth-mac-wrong',
    summary: "the node end of a pod's veth given a MAC other than ee:ee:ee:ee:ee:ee",
    needs: ONE_POD,
    may: ['node'],
    inject: wrongVethMac,
  },
  {
    kind: 'veth-given-ipv4',
    summary: "the node end of a pod's veth given the pods' gateway address 169.254.1.1/32",
    needs: ONE_POD,
    may: ['node'],
    inject: vethGivenIpv4,
  },
  {
    kind: 'pod-default-route-direct',
    summary: "a pod's default route straight out of eth0, without the gateway 169.254.1.1",
    needs: ONE_POD,
    may: ['node'],
    inject: podDefaultRouteDirect,
  },
  {
    kind: 'pod-address-borrowed',
    summary: "a pod re-addressed from another node's block (the other nodes route the address to it)",
    needs: ['workload', 'blockOf'],
    may: ['node'],
    inject: podAddressBorrowed,
  },
  {
    kind: 'pod-address-outside-pool',
    summary: 'a pod re-addressed with an address of no pool (the other nodes route the address to it)',
    needs: ONE_POD,
    may: ['node'],
    inject: podAddressOutsidePool,
  },
  {
    kind: 'pod-address-reserved',
    summary: 'a pod re-addressed with a free address of an IPReservation, as an IPAM that ignores the reservation',
    needs: ['pod'],
    inject: podAddressReserved,
  },
  {
    kind: 'pod-route-via-other-node',
    summary: "two nodes route each other's pod blocks via a third node, one hop more each way",
    needs: ['node', 'blockOf'],
    inject: podRouteViaOtherNode,
  },
  {
    kind: 'nat-between-pods',
    summary: "a pod SNATed to its node's address for traffic to the pod pool",
    needs: ONE_POD,
    may: ['node'],
    inject: natBetweenPods,
  },
  {
    kind: 'block-shared',
    summary: "a node's BlockAffinity names another node's block",
    needs: ['node', 'blockOf'],
    inject: sharedBlock,
  },
  {
    kind: 'ipaddrs-ignored',
    summary: 'the CNI plugin ignores the cni.projectcalico.org/ipAddrs annotation of pods created after it',
    needs: [],
    inject: ipAddrsIgnored,
  },
  {
    kind: 'ipv4pools-ignored',
    summary: 'the CNI plugin ignores the cni.projectcalico.org/ipv4pools annotation of pods created after it',
    needs: [],
    inject: ipv4PoolsIgnored,
  },
  {
    kind: 'daemonset-not-rolled',
    summary: "the DaemonSet controller re-creates no pod when a DaemonSet's template changes",
    needs: [],
    inject: daemonSetRollsNoPod,
  },
  {
    kind: 'rollout-leaves-old-pod',
    summary: "a DaemonSet's rollout re-creates the pods of every node but the last, whose old pod stays",
    needs: [],
    inject: rolloutLeavesOldPod,
  },
  {
    kind: 'pods-relabelled-in-place',
    summary: "a DaemonSet's rollout rewrites its old pods' labels and annotations in place: no pod is re-created",
    needs: [],
    inject: podsRelabelledInPlace,
  },
  {
    kind: 'taken-address-given',
    summary: 'IPAM hands an address already in use to a second pod that asks for it',
    needs: [],
    inject: takenAddressGiven,
  },
  {
    kind: 'bandwidth-not-applied',
    summary: 'the CNI plugin applies no tc shaping for the bandwidth annotations of pods created after it',
    needs: [],
    inject: bandwidthNotApplied,
  },
  {
    kind: 'ingress-tbf-missing',
    summary: 'the CNI plugin leaves out the ingress tbf on the cali veth of pods created after it',
    needs: [],
    inject: ingressNotShaped,
  },
  {
    kind: 'egress-ifb-missing',
    summary: 'the CNI plugin leaves out the egress ifb, mirred redirect and tbf of pods created after it',
    needs: [],
    inject: egressNotShaped,
  },
  {
    kind: 'bandwidth-rate-tenfold',
    summary: "the CNI plugin shapes pods created after it at ten times their annotations' bandwidth",
    needs: [],
    inject: rateTenfold,
  },
  {
    kind: 'bandwidth-no-burst',
    summary: 'the CNI plugin gives the tbfs of pods created after it a 16 KiB bucket: they never burst',
    needs: [],
    inject: noBurst,
  },
  {
    kind: 'pod-veth-shaped',
    summary: "a tbf at 10 Mbit/s left at the root of a pod's veth, though the pod has no bandwidth annotation",
    needs: ONE_POD,
    inject: podVethShaped,
  },
  {
    kind: 'reservations-deleted',
    summary: "the lab's IPReservations deleted",
    needs: [],
    inject: reservationsDeleted,
  },
  {
    kind: 'block-pending',
    summary: "a node's BlockAffinity pending again, as a claim Calico never confirmed",
    needs: ['node'],
    inject: blockPending,
  },
  {
    kind: 'second-block',
    summary: 'a node holds a second confirmed block of the pool',
    needs: ['node'],
    inject: secondBlock,
  },
  {
    kind: 'block-outside-pool',
    summary: "a node's BlockAffinity names a block just outside the pool",
    needs: ['node'],
    inject: blockOutsidePool,
  },
  {
    kind: 'pool-selector',
    summary: "an IPPool's nodeSelector changed (targets: pool, selector), as a patch of the pool would",
    needs: ['pool', 'selector'],
    inject: poolSelector,
  },
  {
    kind: 'pod-from-pool',
    summary: "a workload's first pod re-created with an address of another pool (target: pool), in a block of its node",
    needs: ['workload', 'pool'],
    inject: podFromPool,
  },
  {
    kind: 'block-released',
    summary: "a node's block affinity released: the block has no host, the node's pods keep their addresses",
    needs: ['node'],
    inject: blockReleased,
  },
  {
    kind: 'wireguard-peer-left-out',
    summary: "once WireGuard is enabled, a node's wireguard.cali has no peer for another node (target: blockOf)",
    needs: ['node', 'blockOf'],
    inject: wireguardPeerLeftOut,
  },
  {
    kind: 'wireguard-allowed-ips-wrong',
    summary: "once WireGuard is enabled, a node's peer for another node (blockOf) allows the block after that node's",
    needs: ['node', 'blockOf'],
    inject: wireguardAllowedIpsWrong,
  },
  {
    kind: 'wireguard-rule-left-out',
    summary: 'once WireGuard is enabled, a node has no rule to table 1: its traffic leaves unencrypted',
    needs: ['node'],
    inject: wireguardRuleLeftOut,
  },
  {
    kind: 'wireguard-mtu-wrong',
    summary: "once WireGuard is enabled, wireguard.cali has wireguard-go's MTU 1420 instead of Felix's 1440",
    needs: [],
    inject: wireguardMtuWrong,
  },
  {
    kind: 'dscp-mark-missing',
    summary: "a pod's DSCP rule deleted on its node (target: workload): its traffic leaves unmarked",
    needs: ['workload'],
    inject: dscpMarkMissing,
  },
  {
    kind: 'dscp-inside-cluster',
    summary: "a node's DSCP chain marks traffic to the pools and nodes too (target: node)",
    needs: ['node'],
    inject: dscpInsideCluster,
  },
  {
    kind: 'htb-class-rate-changed',
    summary: "the router's HTB class for a DSCP class's TOS (target: dscp) at four times its rate and ceil",
    needs: ['dscp'],
    inject: htbClassRateChanged,
  },
  {
    kind: 'router-route-missing',
    summary: "the router's route to the pod network via a node (target: node) deleted",
    needs: ['node'],
    inject: routerRouteMissing,
  },
  {
    kind: 'pool-left-behind',
    summary: "a disabled IPPool (named by `pool`, Kind's default pod subnet) left from an earlier try",
    needs: ['pool'],
    inject: poolLeftBehind,
  },
  {
    kind: 'loadbalancer-controller-off',
    summary: "kube-controllers without its LoadBalancer controller: no LoadBalancer block held, no Service's address",
    needs: [],
    inject: loadBalancerControllerOff,
  },
  {
    kind: 'loadbalancer-address-from-node-network',
    summary: "a second load-balancer controller (cloud-provider-kind) writes a Service's address of the nodes' network",
    needs: ['service'],
    inject: loadBalancerAddressFromNodeNetwork,
  },
  {
    kind: 'wireguard-route-left-out',
    summary: "once WireGuard is enabled, a node's table 1 has no route for another node's blocks (target: blockOf)",
    needs: ['node', 'blockOf'],
    inject: wireguardRouteLeftOut,
  },
  {
    kind: 'wireguard-left-on',
    summary: 'an earlier try left wireguardEnabled: false and every node with the WireGuard Felix never took down',
    needs: [],
    inject: wireguardLeftOn,
  },
  {
    kind: 'secondary-interface-missing',
    summary: "a pod's secondary interface (net1) deleted, as if Multus never called its plugin",
    needs: ['workload'],
    may: ['node'],
    inject: secondaryInterfaceMissing,
  },
  {
    kind: 'secondary-address-duplicated',
    summary: "a pod's net1 given the address another pod of its workload holds (answering no ARP)",
    needs: ['workload'],
    may: ['node'],
    inject: secondaryAddressDuplicated,
  },
  {
    kind: 'secondary-wrong-parent',
    summary: "a pod's net1 rebuilt, same address, on its node's other link to the ToR (another VLAN)",
    needs: ['workload'],
    may: ['node'],
    inject: secondaryWrongParent,
  },
  {
    kind: 'tor-learns-no-mac',
    summary: "the ToR's ports to a node learn no MAC (learning off, entries flushed)",
    needs: ['node'],
    inject: torLearnsNoMac,
  },
  {
    kind: 'parent-link-down',
    summary: "a node's macvlan parent (its pods' network's master) set down",
    needs: ['node'],
    inject: parentLinkDown,
  },
  {
    kind: 'cni-config-renamed',
    summary: "a node's 00-multus.conf renamed to sort after Calico's config",
    needs: ['node'],
    inject: cniConfigRenamed,
  },
  {
    kind: 'cni-plugin-removed',
    summary: "the plugin binary a node's pods' network names removed from /opt/cni/bin",
    needs: ['node'],
    inject: cniPluginRemoved,
  },
  {
    kind: 'attachment-mode-changed',
    summary: "the first NetworkAttachmentDefinition's mode edited (bridge to vepa); pods keep their net1",
    needs: [],
    inject: attachmentModeChanged,
  },
];

export function faultKind(kind: string): FaultKind | undefined {
  return FAULT_KINDS.find((f) => f.kind === kind);
}
