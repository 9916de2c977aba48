/**
 * The twin's desired state, made once at `up` from the lab's manifests: nodes with their /26 blocks,
 * pods placed as the scheduler would place them (DaemonSets on every tolerated node, Deployment replicas
 * spread over the eligible nodes), addresses from each node's block, Service VIPs from the service CIDR.
 */
import { randomUUID, createHash, randomInt } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Address4 } from 'ip-address';
import type { KubeObject } from './api/types.ts';
import { LabgateError, expectedPodMtu, type Lab } from './shared.ts';
import { podProcess, type PodProcess } from './processes.ts';
import { servicePorts, serviceSpecFields } from './serviceSpec.ts';
import type { ServiceManifestSpec, ServicePortSpec, ServiceSpecFields } from './serviceSpec.ts';

export type NodeRole = 'control-plane' | 'worker';
export type { PodProcess } from './processes.ts';

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
  /** every IP pool of the lab's Calico Installation (node blocks come from the first) */
  pools: { cidr: string; blockSize: number; encapsulation?: string }[];
  /** the MTU Calico's CNI plugin gives every pod veth: from the Installation, as Calico computes it */
  podMtu: number;
  dnsDomain: string;
  createdAt: string;
  nodes: PlannedNode[];
  pods: PlannedPod[];
  services: PlannedService[];
  /** Deployments, DaemonSets, ReplicaSets, Calico objects and ConfigMaps, with uids and timestamps */
  objects: KubeObject[];
}

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'; // the one Kubernetes uses for generated names
const CONTROL_PLANE_TAINT = 'node-role.kubernetes.io/control-plane';
/** The MTU of a node's eth0 on the twin's Docker network (Docker's default), the uplink Calico measures. */
const NODE_UPLINK_MTU = 1500;

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

function randomSuffix(n: number): string {
  return Array.from({ length: n }, () => NAME_ALPHABET[randomInt(NAME_ALPHABET.length)]).join('');
}

function ipToInt(ip: string): number {
  return Number(new Address4(ip).bigInt());
}

function intToIp(n: number): string {
  return Address4.fromBigInt(BigInt(n)).correctForm();
}

function cidrRange(cidr: string): { start: number; size: number; prefix: number } {
  const addr = new Address4(cidr);
  return {
    start: ipToInt(addr.startAddress().correctForm()),
    size: 2 ** (32 - addr.subnetMask),
    prefix: addr.subnetMask,
  };
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

type EnvVar = { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath?: string } } };
type PodTemplate = {
  metadata?: { labels?: Record<string, string> };
  spec: {
    nodeName?: string;
    hostname?: string;
    subdomain?: string;
    tolerations?: { key?: string; operator?: string; effect?: string }[];
    containers: {
      name: string;
      image: string;
      command?: string[];
      args?: string[];
      env?: EnvVar[];
      ports?: { name?: string; containerPort: number; protocol?: string }[];
    }[];
  };
};

/** The container's environment as the kubelet gives it: plain values, and the pod fields the twin knows. */
function containerEnv(
  env: EnvVar[] | undefined,
  pod: { name: string; namespace: string; ip: string; node: string },
): Record<string, string> {
  const fields: Record<string, string> = {
    'metadata.name': pod.name,
    'metadata.namespace': pod.namespace,
    'status.podIP': pod.ip,
    'spec.nodeName': pod.node,
  };
  const out: Record<string, string> = { HOSTNAME: pod.name };
  for (const e of env ?? []) {
    const value = e.value ?? fields[e.valueFrom?.fieldRef?.fieldPath ?? ''];
    if (value !== undefined) out[e.name] = value;
  }
  return out;
}

function tolerates(template: PodTemplate, node: PlannedNode): boolean {
  return node.taints.every((t) =>
    (template.spec.tolerations ?? []).some((tol) => tol.key === t.key && (tol.operator === 'Exists' || !tol.operator)),
  );
}

const CLUSTER_SCOPED = new Set(['Installation', 'APIServer', 'TigeraStatus', 'Node', 'Namespace']);

function stamp(obj: KubeObject, createdAt: string): KubeObject {
  return {
    ...obj,
    metadata: {
      ...(CLUSTER_SCOPED.has(obj.kind) ? {} : { namespace: 'default' }),
      ...obj.metadata,
      uid: randomUUID(),
      creationTimestamp: createdAt,
      resourceVersion: '1',
      generation: 1,
    },
  };
}

/** Makes the twin's plan from the lab's manifests. */
/** Makes the twin's plan from the lab (its Kind layout and subnets, read by the catalogue) and its manifests. */
export function makePlan(
  lab: Pick<Lab, 'name' | 'cluster' | 'namespaces' | 'nodes' | 'podSubnet' | 'serviceSubnet'>,
  manifests: KubeObject[],
): TwinPlan {
  const createdAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const installation = manifests.find((m) => m.kind === 'Installation') as
    | (KubeObject & {
        spec: {
          calicoNetwork: { mtu?: number; ipPools: { cidr: string; blockSize?: number; encapsulation?: string }[] };
        };
      })
    | undefined;
  const pools = (installation?.spec.calicoNetwork.ipPools ?? [{ cidr: lab.podSubnet }]).map((p) => ({
    cidr: p.cidr,
    blockSize: p.blockSize ?? 26,
    ...(p.encapsulation ? { encapsulation: p.encapsulation } : {}),
  }));
  const podMtu = expectedPodMtu({
    configuredMtu: installation?.spec.calicoNetwork.mtu,
    encapsulations: pools.map((p) => p.encapsulation ?? 'None'),
    uplinkMtu: NODE_UPLINK_MTU,
  }).mtu;
  const pool = pools[0]!;
  const cluster = lab.cluster.name;
  // Kind taints the control-plane only when the cluster has workers to run pods
  const hasWorkers = lab.nodes.some((n) => n.role === 'worker');
  const podRange = cidrRange(pool.cidr);
  const blockLen = 2 ** (32 - pool.blockSize);
  const usedBlocks = new Set<number>();
  const nodes: PlannedNode[] = lab.nodes.map((n) => {
    const name = n.name;
    let block: number;
    do block = randomInt(1, podRange.size / blockLen - 1);
    while (usedBlocks.has(block));
    usedBlocks.add(block);
    return {
      name,
      role: n.role,
      block: `${intToIp(podRange.start + block * blockLen)}/${pool.blockSize}`,
      taints: n.role === 'control-plane' && hasWorkers ? [{ key: CONTROL_PLANE_TAINT, effect: 'NoSchedule' }] : [],
    };
  });

  const nextIp = new Map(nodes.map((n) => [n.name, ipToInt(n.block.split('/')[0]!) + 1]));
  const allocate = (node: string): string => {
    const ip = nextIp.get(node)!;
    nextIp.set(node, ip + 1);
    return intToIp(ip);
  };

  const objects: KubeObject[] = [];
  const pods: PlannedPod[] = [];
  const addPod = (
    ns: string,
    name: string,
    node: PlannedNode,
    template: PodTemplate,
    owner: PlannedPod['owner'],
    extraLabels: Record<string, string>,
    names: { hostname?: string; subdomain?: string } = {},
  ) => {
    const c = template.spec.containers[0]!;
    const { process, command } = podProcess(`${ns}/${name}`, c);
    const ip = allocate(node.name);
    const hostname = names.hostname ?? template.spec.hostname;
    const subdomain = names.subdomain ?? template.spec.subdomain;
    pods.push({
      namespace: ns,
      name,
      uid: randomUUID(),
      labels: { ...(template.metadata?.labels ?? {}), ...extraLabels },
      node: node.name,
      ip,
      ...(owner ? { owner } : {}),
      ...(hostname ? { hostname } : {}),
      ...(subdomain ? { subdomain } : {}),
      container: {
        name: c.name,
        image: c.image,
        ports: (c.ports ?? []).map((p) => ({
          name: p.name,
          containerPort: p.containerPort,
          protocol: (p.protocol ?? 'TCP') as 'TCP' | 'UDP',
        })),
        ...(command ? { command } : {}),
        env: containerEnv(c.env, { name, namespace: ns, ip, node: node.name }),
      },
      process,
      createdAt,
    });
  };
  // the scheduler spreads pods that may go anywhere: the next eligible node after the last one used
  let spread = 0;
  const place = (template: PodTemplate): PlannedNode => {
    const eligible = nodes.filter((n) => tolerates(template, n));
    const pinned = template.spec.nodeName && nodes.find((n) => n.name === template.spec.nodeName);
    if (pinned) return pinned;
    if (eligible.length === 0)
      throw new LabgateError(`the twin of ${lab.name} has no node a pod of this template tolerates`);
    return eligible[spread++ % eligible.length]!;
  };

  for (const m of manifests) {
    if (m.kind === 'DaemonSet') {
      const ds = stamp(m, createdAt);
      objects.push(ds);
      const template = (m as unknown as { spec: { template: PodTemplate } }).spec.template;
      const hash = createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 10);
      for (const node of nodes.filter((n) => tolerates(template, n))) {
        addPod(
          ds.metadata.namespace!,
          `${m.metadata.name}-${randomSuffix(5)}`,
          node,
          template,
          { kind: 'DaemonSet', name: m.metadata.name, uid: ds.metadata.uid as string },
          { 'controller-revision-hash': hash, 'pod-template-generation': '1' },
        );
      }
    } else if (m.kind === 'Deployment') {
      const dep = stamp(m, createdAt);
      const spec = (m as unknown as { spec: { replicas?: number; template: PodTemplate; selector: unknown } }).spec;
      const hash = Array.from(createHash('sha256').update(JSON.stringify(spec.template)).digest())
        .slice(0, 10)
        .map((b) => NAME_ALPHABET[b % NAME_ALPHABET.length])
        .join('');
      const rsName = `${m.metadata.name}-${hash}`;
      const rs = stamp(
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: rsName,
            namespace: dep.metadata.namespace,
            labels: { ...(spec.template.metadata?.labels ?? {}), 'pod-template-hash': hash },
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name: m.metadata.name,
                uid: dep.metadata.uid,
                controller: true,
              },
            ],
          },
          spec: { replicas: spec.replicas ?? 1, selector: spec.selector, template: spec.template },
        },
        createdAt,
      );
      objects.push(dep, rs);
      const eligible = nodes.filter((n) => tolerates(spec.template, n));
      for (let i = 0; i < (spec.replicas ?? 1); i++) {
        addPod(
          dep.metadata.namespace!,
          `${rsName}-${randomSuffix(5)}`,
          eligible[i % eligible.length]!,
          spec.template,
          { kind: 'ReplicaSet', name: rsName, uid: rs.metadata.uid as string },
          { 'pod-template-hash': hash },
        );
      }
    } else if (m.kind === 'StatefulSet') {
      const sts = stamp(m, createdAt);
      objects.push(sts);
      const spec = (m as unknown as { spec: { replicas?: number; serviceName?: string; template: PodTemplate } }).spec;
      const revision = `${m.metadata.name}-${createHash('sha256').update(JSON.stringify(spec.template)).digest('hex').slice(0, 10)}`;
      // ordinal names, each pod its own stable DNS name under the governing Service
      for (let i = 0; i < (spec.replicas ?? 1); i++) {
        const name = `${m.metadata.name}-${i}`;
        addPod(
          sts.metadata.namespace!,
          name,
          place(spec.template),
          spec.template,
          { kind: 'StatefulSet', name: m.metadata.name, uid: sts.metadata.uid as string },
          { 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': name },
          { hostname: name, subdomain: spec.serviceName },
        );
      }
    } else if (m.kind === 'Pod') {
      const template = { metadata: m.metadata, spec: (m as unknown as PodTemplate).spec } as PodTemplate;
      addPod(m.metadata.namespace ?? 'default', m.metadata.name, place(template), template, undefined, {});
    } else if (m.kind !== 'Service' && m.kind !== 'Cluster') {
      objects.push(stamp(m, createdAt));
    }
  }

  const svcRange = cidrRange(lab.serviceSubnet);
  const usedVips = new Set<string>();
  const services: PlannedService[] = manifests
    .filter((m) => m.kind === 'Service')
    .map((m) => {
      const spec = (m as unknown as { spec: ServiceManifestSpec }).spec;
      const name = `${m.metadata.namespace ?? 'default'}/${m.metadata.name}`;
      let vip = spec.clusterIP;
      while (vip !== HEADLESS && (!vip || usedVips.has(vip)))
        vip = intToIp(svcRange.start + randomInt(11, svcRange.size - 1));
      usedVips.add(vip);
      return {
        namespace: m.metadata.namespace ?? 'default',
        name: m.metadata.name,
        uid: randomUUID(),
        labels: m.metadata.labels ?? {},
        selector: spec.selector ?? {},
        clusterIP: vip,
        ...serviceSpecFields(name, spec),
        ports: servicePorts(name, spec.ports),
        createdAt,
      };
    });

  const namespaces = [
    ...new Set([
      ...lab.namespaces,
      ...manifests.map((m) => m.metadata?.namespace).filter((n): n is string => Boolean(n)),
    ]),
  ];
  return {
    lab: lab.name,
    cluster,
    kubeconfig: lab.cluster.kubeconfig,
    context: lab.cluster.context,
    namespaces,
    network: 'kind',
    podCidr: pool.cidr,
    pools,
    podMtu,
    serviceCidr: lab.serviceSubnet,
    blockSize: pool.blockSize,
    dnsDomain: 'cluster.local',
    createdAt,
    nodes,
    pods,
    services,
    objects,
  };
}
