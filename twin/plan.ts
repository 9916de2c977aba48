/**
 * The twin's desired state, made once at `up` from the lab's manifests: nodes with their /26 blocks,
 * pods placed as the scheduler would place them (DaemonSets on every tolerated node, Deployment replicas
 * spread over the eligible nodes), addresses from each node's block, Service VIPs from the service CIDR.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './api/types.ts';
import { LabgateError, REPO_ROOT, type Lab } from './shared.ts';
import type { PodProcess } from './pods/kind.ts';
import type { ServicePortSpec, ServiceSpecFields } from './serviceSpec.ts';
import { planPodNetwork } from './planning/network.ts';
import { planNodes } from './planning/nodes.ts';
import { planPools } from './planning/pools.ts';
import { Ipam, LOAD_BALANCER_HOST, assignLoadBalancer, emptyState, type IpamState } from './ipam/index.ts';
import { PodPlanner } from './planning/pods.ts';
import { planServices } from './planning/services.ts';
import { planWorkloads } from './planning/workloads.ts';
import { leaveOut, planTopology, readTopology, type TwinTopology } from './topology/index.ts';
import { Whereabouts, type PodAttachment } from './cni/multus.ts';

export type NodeRole = 'control-plane' | 'worker';
export type { PodProcess } from './pods/kind.ts';

/** What the plan reads of the lab: its name, cluster, namespaces, Kind nodes and subnets. */
export type PlanInput = Pick<Lab, 'name' | 'cluster' | 'namespaces' | 'nodes' | 'podSubnet' | 'serviceSubnet'> &
  Partial<Pick<Lab, 'topologyFile' | 'twin'>>;

export interface PlannedNode {
  name: string;
  role: NodeRole;
  block: string; // this node's Calico IPAM block, e.g. 192.168.202.192/26
  taints: { key: string; effect: string }[];
}

export interface PlannedPort {
  name?: string;
  containerPort: number;
  protocol: 'TCP' | 'UDP';
}

export interface PlannedPod {
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  /** the pod template's annotations (Calico's ipv4pools / ipAddrs among them) */
  annotations?: Record<string, string>;
  node: string;
  ip: string;
  /** none for a bare Pod */
  owner?: { kind: 'ReplicaSet' | 'DaemonSet' | 'StatefulSet'; name: string; uid: string };
  /** StatefulSet pods: hostname = pod name, subdomain = the governing (headless) Service */
  hostname?: string;
  subdomain?: string;
  container: { name: string; image: string; ports: PlannedPort[]; command?: string[]; env: Record<string, string> };
  process: PodProcess;
  createdAt: string;
  /** secondary interfaces (net1, ...) from the NetworkAttachmentDefinitions its annotation names (twin/cni/) */
  attachments?: PodAttachment[];
}

/** A headless Service (clusterIP: None) has no VIP: DNS answers with its pods, kube-proxy writes no rules. */
export const HEADLESS = 'None';

/** A Service as its manifest says (spec fields defaulted as the API server does); the API serves it from here. */
export interface PlannedService extends ServiceSpecFields {
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  /** a VIP, or HEADLESS */
  clusterIP: string;
  /** every family's VIP, when a write made the Service dual-stack (else the API serves [clusterIP]) */
  clusterIPs?: string[];
  ports: ServicePortSpec[];
  createdAt: string;
}

export interface TwinPlan {
  lab: string;
  cluster: string;
  /** where the lab's deploy script writes its kubeconfig, and its context: the twin writes the same */
  kubeconfig: string;
  context: string;
  /** every namespace the lab's manifests or descriptor name */
  namespaces: string[];
  network: string;
  podCidr: string;
  serviceCidr: string;
  blockSize: number;
  /** every IP pool of the lab's Calico Installation (the pod network; its first is podCidr) */
  pools: { cidr: string; blockSize: number; encapsulation?: string }[];
  /** Calico IPAM right after the plan: every pool and reservation, each node's blocks, every address handed out */
  ipam: IpamState;
  /** the MTU Calico's CNI plugin gives every pod veth: from the Installation, as Calico computes it */
  podMtu: number;
  dnsDomain: string;
  createdAt: string;
  nodes: PlannedNode[];
  pods: PlannedPod[];
  services: PlannedService[];
  /** Deployments, DaemonSets, ReplicaSets, Calico objects and ConfigMaps, with uids and timestamps */
  objects: KubeObject[];
  /** the lab's containerlab topology beside its Kind cluster, when the course folder is on this machine */
  topology?: TwinTopology;
}

/** True when `pod` belongs to the workload called `name` (a Deployment's pods through its ReplicaSet). */
export function isPodOf(pod: PlannedPod, name: string, namespace?: string): boolean {
  if (namespace !== undefined && pod.namespace !== namespace) return false;
  if (!pod.owner) return pod.name === name;
  return pod.owner.kind === 'ReplicaSet' ? pod.owner.name.startsWith(`${name}-`) : pod.owner.name === name;
}

/** The pods a Service's selector picks: its namespace's pods carrying every label of a selector that is not empty. */
export function serviceSelects(
  svc: Pick<PlannedService, 'namespace' | 'selector'>,
  pod: Pick<PlannedPod, 'namespace' | 'labels'>,
): boolean {
  return (
    pod.namespace === svc.namespace &&
    Object.keys(svc.selector ?? {}).length > 0 &&
    Object.entries(svc.selector).every(([k, v]) => pod.labels[k] === v)
  );
}

/** The hostname a pod has under a Service: set only when the pod names that Service as its subdomain (StatefulSets). */
export function hostnameUnder(
  svc: Pick<PlannedService, 'name'>,
  pod: Pick<PlannedPod, 'hostname' | 'subdomain'>,
): { hostname?: string } {
  return pod.hostname && pod.subdomain === svc.name ? { hostname: pod.hostname } : {};
}

export function loadManifests(dir: string): KubeObject[] {
  const docs: KubeObject[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      if (doc.errors.length > 0)
        throw new LabgateError(`manifest ${file} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
      const obj = doc.toJS() as KubeObject | null;
      if (obj?.kind) docs.push(obj);
    }
  }
  return docs;
}

/** Each Namespace manifest's annotations, by name. */
function namespaceAnnotations(manifests: KubeObject[]): Map<string, Record<string, string>> {
  return new Map(
    manifests
      .filter((m) => m.kind === 'Namespace' && m.metadata.annotations)
      .map((m) => [m.metadata.name, m.metadata.annotations as Record<string, string>]),
  );
}

/** Calico's LoadBalancer controller runs only when a pool allows LoadBalancer addresses. */
function lbPoolExists(ipam: Ipam): boolean {
  return ipam.state.pools.some((p) => !p.disabled && p.allowedUses.includes('LoadBalancer'));
}

/** Makes the twin's plan from the lab (its Kind layout and subnets, read by the catalogue) and its manifests. */
export function makePlan(lab: PlanInput, manifests: KubeObject[]): TwinPlan {
  const createdAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const { pools, podMtu } = planPodNetwork(lab.podSubnet, manifests);
  const pool = pools[0]!;
  const calico = planPools(lab.podSubnet, manifests, createdAt);
  const ipam = new Ipam(emptyState(calico.pools, calico.reservations));
  const nodes = planNodes(lab, ipam);
  const pods = new PodPlanner(lab.name, nodes, createdAt, ipam, namespaceAnnotations(manifests));
  const objects = [...planWorkloads(manifests, pods, createdAt), ...calico.objects];
  const whereabouts = new Whereabouts(objects);
  for (const p of pods.pods) {
    const attachments = whereabouts.attach(p);
    if (attachments.length > 0) p.attachments = attachments;
  }
  const services = planServices(manifests, lab.serviceSubnet, createdAt);
  for (const svc of services.filter((s) => s.type === 'LoadBalancer' && lbPoolExists(ipam)))
    svc.loadBalancerIngress = [assignLoadBalancer(ipam, svc).ip];
  // kube-controllers' claim needs no dataplane: it is complete once made
  ipam.confirm(LOAD_BALANCER_HOST);
  const topology =
    lab.topologyFile === undefined
      ? undefined
      : planTopology(
          leaveOut(
            readTopology(lab.topologyFile, relative(REPO_ROOT, lab.topologyFile)),
            (lab.twin?.without ?? []).map((w) => w.node),
          ),
          lab.cluster.name,
          lab.nodes.map((n) => n.name),
          manifests,
        );
  const manifestNamespaces = manifests.map((m) => m.metadata?.namespace).filter((n): n is string => Boolean(n));
  return {
    lab: lab.name,
    cluster: lab.cluster.name,
    kubeconfig: lab.cluster.kubeconfig,
    context: lab.cluster.context,
    namespaces: [...new Set([...lab.namespaces, ...manifestNamespaces])],
    network: 'kind',
    podCidr: pool.cidr,
    pools,
    podMtu,
    serviceCidr: lab.serviceSubnet,
    blockSize: pool.blockSize,
    dnsDomain: 'cluster.local',
    createdAt,
    nodes,
    pods: pods.pods,
    services,
    objects,
    ipam: ipam.state,
    ...(topology ? { topology } : {}),
  };
}
