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
import { LabgateError, kindNodeNames, type Lab } from './shared.ts';

export type NodeRole = 'control-plane' | 'worker';
export type PodProcess = 'nginx' | 'dns';

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
  owner: { kind: 'ReplicaSet' | 'DaemonSet'; name: string; uid: string };
  container: { name: string; image: string; ports: PlannedPort[] };
  process: PodProcess;
  createdAt: string;
}

export interface PlannedService {
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  clusterIP: string;
  ports: { name?: string; protocol: 'TCP' | 'UDP'; port: number; targetPort: number }[];
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
  return { start: ipToInt(addr.startAddress().correctForm()), size: 2 ** (32 - addr.subnetMask), prefix: addr.subnetMask };
}

export function loadManifests(dir: string): KubeObject[] {
  const docs: KubeObject[] = [];
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      if (doc.errors.length > 0) throw new LabgateError(`manifest ${file} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
      const obj = doc.toJS() as KubeObject | null;
      if (obj?.kind) docs.push(obj);
    }
  }
  return docs;
}

type PodTemplate = {
  metadata?: { labels?: Record<string, string> };
  spec: {
    tolerations?: { key?: string; operator?: string; effect?: string }[];
    containers: { name: string; image: string; ports?: { name?: string; containerPort: number; protocol?: string }[] }[];
  };
};

function tolerates(template: PodTemplate, node: PlannedNode): boolean {
  return node.taints.every((t) => (template.spec.tolerations ?? []).some((tol) => tol.key === t.key && (tol.operator === 'Exists' || !tol.operator)));
}

const CLUSTER_SCOPED = new Set(['Installation', 'APIServer', 'TigeraStatus', 'Node', 'Namespace']);

function stamp(obj: KubeObject, createdAt: string): KubeObject {
  return {
    ...obj,
    metadata: { ...(CLUSTER_SCOPED.has(obj.kind) ? {} : { namespace: 'default' }), ...obj.metadata, uid: randomUUID(), creationTimestamp: createdAt, resourceVersion: '1', generation: 1 },
  };
}

/** Makes the twin's plan from the lab's manifests. */
export function makePlan(lab: Pick<Lab, 'name' | 'cluster' | 'namespaces'>, manifests: KubeObject[]): TwinPlan {
  const createdAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const kind = manifests.find((m) => m.kind === 'Cluster') as (KubeObject & { name?: string; networking: { podSubnet: string; serviceSubnet: string }; nodes: { role: NodeRole }[] }) | undefined;
  if (!kind) throw new LabgateError(`the manifests of lab ${lab.name} have no Kind Cluster`);
  const installation = manifests.find((m) => m.kind === 'Installation') as (KubeObject & { spec: { calicoNetwork: { ipPools: { cidr: string; blockSize: number }[] } } }) | undefined;
  const pool = installation?.spec.calicoNetwork.ipPools[0] ?? { cidr: kind.networking.podSubnet, blockSize: 26 };
  const cluster = lab.cluster.name;
  const nodeNames = kindNodeNames(cluster, kind.nodes.map((n) => n.role));
  const podRange = cidrRange(pool.cidr);
  const blockLen = 2 ** (32 - pool.blockSize);
  const usedBlocks = new Set<number>();
  const nodes: PlannedNode[] = kind.nodes.map((n, i) => {
    const name = nodeNames[i]!.name;
    let block: number;
    do block = randomInt(1, podRange.size / blockLen - 1); while (usedBlocks.has(block));
    usedBlocks.add(block);
    return {
      name,
      role: n.role,
      block: `${intToIp(podRange.start + block * blockLen)}/${pool.blockSize}`,
      taints: n.role === 'control-plane' ? [{ key: CONTROL_PLANE_TAINT, effect: 'NoSchedule' }] : [],
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
  const addPod = (ns: string, name: string, node: PlannedNode, template: PodTemplate, owner: PlannedPod['owner'], extraLabels: Record<string, string>) => {
    const c = template.spec.containers[0]!;
    pods.push({
      namespace: ns,
      name,
      uid: randomUUID(),
      labels: { ...(template.metadata?.labels ?? {}), ...extraLabels },
      node: node.name,
      ip: allocate(node.name),
      owner,
      container: {
        name: c.name,
        image: c.image,
        ports: (c.ports ?? []).map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: (p.protocol ?? 'TCP') as 'TCP' | 'UDP' })),
      },
      process: /coredns/.test(c.image) ? 'dns' : 'nginx',
      createdAt,
    });
  };

  for (const m of manifests) {
    if (m.kind === 'DaemonSet') {
      const ds = stamp(m, createdAt);
      objects.push(ds);
      const template = (m as unknown as { spec: { template: PodTemplate } }).spec.template;
      const hash = createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 10);
      for (const node of nodes.filter((n) => tolerates(template, n))) {
        addPod(ds.metadata.namespace!, `${m.metadata.name}-${randomSuffix(5)}`, node, template, { kind: 'DaemonSet', name: m.metadata.name, uid: ds.metadata.uid as string }, { 'controller-revision-hash': hash, 'pod-template-generation': '1' });
      }
    } else if (m.kind === 'Deployment') {
      const dep = stamp(m, createdAt);
      const spec = (m as unknown as { spec: { replicas?: number; template: PodTemplate; selector: unknown } }).spec;
      const hash = Array.from(createHash('sha256').update(JSON.stringify(spec.template)).digest()).slice(0, 10).map((b) => NAME_ALPHABET[b % NAME_ALPHABET.length]).join('');
      const rsName = `${m.metadata.name}-${hash}`;
      const rs = stamp({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: rsName, namespace: dep.metadata.namespace, labels: { ...(spec.template.metadata?.labels ?? {}), 'pod-template-hash': hash }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: m.metadata.name, uid: dep.metadata.uid, controller: true }] }, spec: { replicas: spec.replicas ?? 1, selector: spec.selector, template: spec.template } }, createdAt);
      objects.push(dep, rs);
      const eligible = nodes.filter((n) => tolerates(spec.template, n));
      for (let i = 0; i < (spec.replicas ?? 1); i++) {
        addPod(dep.metadata.namespace!, `${rsName}-${randomSuffix(5)}`, eligible[i % eligible.length]!, spec.template, { kind: 'ReplicaSet', name: rsName, uid: rs.metadata.uid as string }, { 'pod-template-hash': hash });
      }
    } else if (m.kind !== 'Service' && m.kind !== 'Cluster') {
      objects.push(stamp(m, createdAt));
    }
  }

  const svcRange = cidrRange(kind.networking.serviceSubnet);
  const usedVips = new Set<string>();
  const services: PlannedService[] = manifests
    .filter((m) => m.kind === 'Service')
    .map((m) => {
      const spec = (m as unknown as { spec: { clusterIP?: string; selector: Record<string, string>; ports: { name?: string; protocol?: string; port: number; targetPort?: number }[] } }).spec;
      let vip = spec.clusterIP;
      while (!vip || usedVips.has(vip)) vip = intToIp(svcRange.start + randomInt(11, svcRange.size - 1));
      usedVips.add(vip);
      return {
        namespace: m.metadata.namespace ?? 'default',
        name: m.metadata.name,
        uid: randomUUID(),
        labels: m.metadata.labels ?? {},
        selector: spec.selector,
        clusterIP: vip,
        ports: spec.ports.map((p) => ({ name: p.name, protocol: (p.protocol ?? 'TCP') as 'TCP' | 'UDP', port: p.port, targetPort: p.targetPort ?? p.port })),
        createdAt,
      };
    });

  const namespaces = [...new Set([...lab.namespaces, ...manifests.map((m) => m.metadata?.namespace).filter((n): n is string => Boolean(n))])];
  return {
    lab: lab.name,
    cluster,
    kubeconfig: lab.cluster.kubeconfig,
    context: lab.cluster.context,
    namespaces,
    network: 'kind',
    podCidr: pool.cidr,
    serviceCidr: kind.networking.serviceSubnet,
    blockSize: pool.blockSize,
    dnsDomain: 'cluster.local',
    createdAt,
    nodes,
    pods,
    services,
    objects,
  };
}
