/**
 * The lab's pod network as the checks need it, read from the cluster (pods, nodes, Calico's objects) and from
 * the nodes and pods themselves. Names are discovered here; nothing about a particular lab is written down.
 */
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { LabgateError } from '../floor/errors.ts';
import { affinitiesFrom, poolsFromInstallation, type BlockAffinity, type IpPool } from '../ipam/index.ts';
import { listBlockAffinityObjects } from '../ipam/calicoObjects.ts';
import { getTigeraObject } from '../access/kubeQueries.ts';
import { CALICO_INSTALLATION } from '../ipam/calicoObjects.ts';
import { podIsReady } from '../workloads/workloads.ts';
import { CALICO_VETH_PREFIX, caliInterfacesHaveMac, nodeRoutesEveryPod } from '../podnet/checks/hostSide.ts';
import { expectedPodMtu } from '../podnet/mtu.ts';
import { interfaceNamed } from '../podnet/ip.ts';
import type { Interface, Link, PodPlace, Route } from '../podnet/model.ts';
import { nodeInterfaces, nodeRoutes, uplinkMtu } from '../podnet/nodeReader.ts';
import { podInterfaces } from '../podnet/podReader.ts';
import type { PodRef } from '../access/podExec.ts';
import { finding, objectEvidence, type Evidence, type Finding } from '../floor/finding.ts';
import type { LabSession } from './session.ts';

export type PlacedPod = PodRef & { ip: string };

export function placeOf(pod: PodRef): PlacedPod {
  if (!pod.ip)
    throw new LabgateError(
      `pod ${pod.namespace}/${pod.name} on ${pod.node} has no IP yet`,
      `kubectl get pod -n ${pod.namespace} ${pod.name} -o wide`,
    );
  return { ...pod, ip: pod.ip };
}

/** A bare Pod the lab names (not a DaemonSet's or Deployment's pod), once Ready. */
export async function namedPod(session: LabSession, ref: string): Promise<PlacedPod> {
  const w = await session.cluster.requireWorkload(ref);
  if (w.kind !== 'Pod')
    throw new LabgateError(
      `${ref} is a ${w.kind}, not a single pod`,
      `name one of its pods by its node: the "${ref}" pod on the worker 1 node`,
    );
  const pod = (await session.cluster.podsOf(ref))[0];
  if (!pod || !podIsReady(pod))
    throw new LabgateError(
      `pod ${w.namespace}/${w.name} is not Running and Ready`,
      `kubectl get pod -n ${w.namespace} ${w.name} -o wide`,
    );
  return placeOf(refOf(pod));
}

/** The pod as labgate reaches it: namespace, name, first container, node and address. */
export function refOf(p: V1Pod): PodRef & { ip: string } {
  return {
    namespace: p.metadata?.namespace ?? '',
    name: p.metadata?.name ?? '',
    container: p.spec?.containers[0]?.name ?? '',
    node: p.spec?.nodeName ?? '',
    ip: p.status?.podIP ?? '',
  };
}

/** The lab's own pods on the pod network (its namespaces, not host-network), Running, with an address. */
export async function podNetworkPods(session: LabSession): Promise<PodPlace[]> {
  return (await session.cluster.allPods())
    .filter((p) => !p.spec?.hostNetwork && p.status?.phase === 'Running' && p.status?.podIP && p.spec?.nodeName)
    .map((p) => ({
      namespace: p.metadata?.namespace ?? '',
      name: p.metadata?.name ?? '',
      node: p.spec?.nodeName ?? '',
      ip: p.status?.podIP ?? '',
    }));
}

export async function blockAffinities(session: LabSession): Promise<BlockAffinity[]> {
  return affinitiesFrom(await listBlockAffinityObjects(session.kube));
}

export async function nodeBlocks(session: LabSession, node: string): Promise<string[]> {
  return (await blockAffinities(session)).filter((a) => a.node === node && !a.deleted).map((a) => a.cidr);
}

export function internalIp(n: V1Node): string | undefined {
  return n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}

export async function nodeInternalIp(session: LabSession, node: string): Promise<string> {
  const n = (await session.cluster.nodes()).find((x) => x.metadata?.name === node);
  const ip = n && internalIp(n);
  if (!ip) throw new LabgateError(`node ${node} reports no InternalIP`, 'kubectl get nodes -o wide');
  return ip;
}

/** The pools of the Installation and its configured MTU, if any. */
export async function installationNetwork(
  session: LabSession,
): Promise<{ pools: IpPool[]; mtu?: number; evidence: Evidence[] }> {
  const obj = await getTigeraObject(session.kube, 'installations', CALICO_INSTALLATION);
  if (!obj)
    throw new LabgateError(
      `the Calico Installation "${CALICO_INSTALLATION}" does not exist`,
      'kubectl get installation default -o yaml',
    );
  const mtu = (obj.spec as { calicoNetwork?: { mtu?: number } } | undefined)?.calicoNetwork?.mtu;
  return {
    pools: poolsFromInstallation(obj),
    ...(mtu === undefined ? {} : { mtu }),
    evidence: [
      objectEvidence(
        'Installation default, calicoNetwork',
        (obj.spec as { calicoNetwork?: unknown })?.calicoNetwork ?? null,
      ),
    ],
  };
}

/** The MTU Calico gives the pod's interface: from the Installation and the uplink MTU of the pod's node. */
export async function expectedMtuFor(
  session: LabSession,
  pod: PodRef,
): Promise<{ mtu: number; reason: string; evidence: Evidence[] }> {
  const net = await installationNetwork(session);
  const peer = (await session.cluster.nodes())
    .map((n) => ({ name: n.metadata?.name, ip: internalIp(n) }))
    .find((n) => n.name !== pod.node && n.ip);
  if (!peer?.ip) throw new LabgateError(`no other node to find ${pod.node}'s uplink by`, 'kubectl get nodes -o wide');
  const uplink = await uplinkMtu(pod.node, peer.ip);
  const e = expectedPodMtu({
    configuredMtu: net.mtu,
    encapsulations: net.pools.map((p) => p.encapsulation ?? 'None'),
    uplinkMtu: uplink.value.mtu,
  });
  return {
    ...e,
    reason: `${e.reason}; the uplink is ${uplink.value.dev} on ${pod.node}`,
    evidence: [...net.evidence, ...uplink.evidence],
  };
}

/** The pod's interfaces, and its node's interfaces and routes: the two ends of its veth. */
export interface HostSide {
  pod: PodPlace;
  podEth0?: Interface;
  nodeInterfaces: Interface[];
  nodeRoutes: Route[];
  evidence: Evidence[];
}

export async function readHostSide(session: LabSession, pod: PlacedPod): Promise<HostSide> {
  const [inPod, ifaces, routes] = await Promise.all([
    podInterfaces(session.kube.kc, pod),
    nodeInterfaces(pod.node),
    nodeRoutes(pod.node),
  ]);
  return {
    pod,
    podEth0: interfaceNamed(inPod.value, 'eth0'),
    nodeInterfaces: ifaces.value,
    nodeRoutes: routes.value,
    evidence: [...inPod.evidence, ...ifaces.evidence, ...routes.evidence],
  };
}

/** One finding over every node: each node's problems, prefixed with nothing (the checks name the node). */
export function overNodes(findings: Finding<string[]>[], what: string): Finding<string[]> {
  if (findings.length === 0) {
    const message =
      `No node was looked at for ${what}: nothing shows the promise holds. ` +
      "Check `kubectl get nodes` and the lab's pods (`kubectl get pods -A -o wide`).";
    return finding([], [`(no node to look at for ${what})`], message);
  }
  const failing = findings.filter((f) => f.observed.length > 0);
  return finding(
    [],
    findings.flatMap((f) => f.observed),
    (failing.length ? failing : findings).map((f) => f.message).join(' '),
    findings.flatMap((f) => f.evidence),
  );
}

async function perNode<T>(
  session: LabSession,
  read: (node: string) => Promise<T>,
): Promise<{ node: string; value: T }[]> {
  const names = (await session.cluster.nodes()).map((n) => n.metadata?.name ?? '');
  return Promise.all(names.map(async (node) => ({ node, value: await read(node) })));
}

/** Nodes that run none of the lab's pods have no route to keep: only the nodes that run some are judged. */
export async function everyNodeRoutesItsPods(session: LabSession): Promise<Finding<string[]>> {
  const pods = await podNetworkPods(session);
  const running = new Set(pods.map((p) => p.node));
  const read = async (node: string) => ({ links: await nodeInterfaces(node), routes: await nodeRoutes(node) });
  const nodes = (await perNode(session, async (node) => (running.has(node) ? read(node) : undefined))).flatMap(
    ({ node, value }) => (value ? [{ node, value }] : []),
  );
  const findings = nodes.map(({ node, value }) =>
    nodeRoutesEveryPod(node, pods, value.routes.value, value.links.value as Link[], [
      ...value.links.evidence,
      ...value.routes.evidence,
    ]),
  );
  return overNodes(findings, "the lab's pods and their /32 routes");
}

/** Judged: each node that runs a pod of the lab (it must have a cali interface) and each node that has one. */
export async function everyCaliInterfaceHasMac(session: LabSession, mac: string): Promise<Finding<string[]>> {
  const running = new Set((await podNetworkPods(session)).map((p) => p.node));
  const nodes = await perNode(session, (node) => nodeInterfaces(node));
  const hasCali = (links: Link[]) => links.some((l) => l.ifname.startsWith(CALICO_VETH_PREFIX));
  const judged = nodes.filter(({ node, value }) => running.has(node) || hasCali(value.value));
  const findings = judged.map(({ node, value }) => caliInterfacesHaveMac(node, value.value, mac, value.evidence));
  return overNodes(findings, 'cali interfaces');
}

/** What the network steps of one scenario read, for the steps after them. */
export interface PodNetworkScene {
  podInterfaces?: Interface[];
  podRoutes?: Route[];
  hostSide?: HostSide;
  destination?: PlacedPod;
  ping?: { run: import('../podnet/ping.ts').PingRun; sent: number };
  routeLookup?: { node: string; value: import('../podnet/model.ts').RouteLookup | undefined };
  capture?: import('../podnet/tcpdump.ts').Capture;
  /** a capture on a link of the topology (its container and interface) while the source pod pinged */
  wire?: {
    capture: import('../podnet/tcpdump.ts').Capture;
    where: string;
    evidence: import('../floor/finding.ts').Evidence[];
  };
  ipam?: import('./ipam.ts').IpamReading;
  /** a ping between two addresses of a secondary network's subnet, and that network */
  subnetPing?: {
    from: string;
    to: string;
    fromIp: string;
    toIp: string;
    attachment: import('../multinet/model.ts').Attachment;
    run: import('../podnet/ping.ts').PingRun;
    sent: number;
  };
}

export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`this step needs ${what} from an earlier step of the scenario`);
  return value;
}
