/**
 * The lab's workloads and their pods, one planner per kind, as their controllers would make them: a DaemonSet's
 * pod on every node it tolerates, a Deployment's ReplicaSet and replicas spread over the eligible nodes, a
 * StatefulSet's ordinal pods with stable names under their Service, a bare Pod where the scheduler puts it.
 * Every other object (ConfigMaps, Calico's) is kept as it is, stamped; Services are planned apart.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { KubeObject } from '../api/types.ts';
import { isNamespacedKind } from '../resources.ts';
import type { PodPlanner, PodTemplate } from './pods.ts';

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'; // the one Kubernetes uses for generated names
/** Kinds the plan makes no object of here: Services and Calico's pools (planned apart), the Kind cluster config. */
const NOT_OBJECTS = new Set(['Service', 'Cluster', 'IPPool', 'IPReservation']);

function randomSuffix(n: number): string {
  return Array.from({ length: n }, () => NAME_ALPHABET[randomInt(NAME_ALPHABET.length)]).join('');
}

/** JSON with every object's keys sorted: the same template gives the same text whatever order a client wrote. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A DaemonSet's `controller-revision-hash` of its pod template (a digest of the template, its keys in order). */
export function templateHash(template: unknown): string {
  return createHash('sha256').update(canonicalJson(template)).digest('hex').slice(0, 10);
}

export function stamp(obj: KubeObject, createdAt: string): KubeObject {
  const namespace = isNamespacedKind(obj.kind) ? { namespace: 'default' } : {};
  return {
    ...obj,
    metadata: {
      ...namespace,
      ...obj.metadata,
      uid: randomUUID(),
      creationTimestamp: createdAt,
      resourceVersion: '1',
      generation: 1,
    },
  };
}

type Planner = (m: KubeObject, pods: PodPlanner, objects: KubeObject[], createdAt: string) => void;

function planDaemonSet(m: KubeObject, pods: PodPlanner, objects: KubeObject[], createdAt: string): void {
  const ds = stamp(m, createdAt);
  objects.push(ds);
  const template = (m as unknown as { spec: { template: PodTemplate } }).spec.template;
  const extraLabels = { 'controller-revision-hash': templateHash(template), 'pod-template-generation': '1' };
  const owner = { kind: 'DaemonSet' as const, name: m.metadata.name, uid: ds.metadata.uid as string };
  for (const node of pods.eligible(template)) {
    pods.add({
      namespace: ds.metadata.namespace!,
      name: `${m.metadata.name}-${randomSuffix(5)}`,
      node,
      template,
      owner,
      extraLabels,
    });
  }
}

function planDeployment(m: KubeObject, pods: PodPlanner, objects: KubeObject[], createdAt: string): void {
  const dep = stamp(m, createdAt);
  const spec = (m as unknown as { spec: { replicas?: number; template: PodTemplate; selector: unknown } }).spec;
  const digest = createHash('sha256').update(JSON.stringify(spec.template)).digest();
  const hash = Array.from(digest)
    .slice(0, 10)
    .map((b) => NAME_ALPHABET[b % NAME_ALPHABET.length])
    .join('');
  const rsName = `${m.metadata.name}-${hash}`;
  const replicas = spec.replicas ?? 1;
  const rs = stamp(
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rsName,
        namespace: dep.metadata.namespace,
        labels: { ...(spec.template.metadata?.labels ?? {}), 'pod-template-hash': hash },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: m.metadata.name, uid: dep.metadata.uid, controller: true },
        ],
      },
      spec: { replicas, selector: spec.selector, template: spec.template },
    },
    createdAt,
  );
  objects.push(dep, rs);
  const eligible = pods.eligible(spec.template);
  const owner = { kind: 'ReplicaSet' as const, name: rsName, uid: rs.metadata.uid as string };
  for (let i = 0; i < replicas; i++) {
    pods.add({
      namespace: dep.metadata.namespace!,
      name: `${rsName}-${randomSuffix(5)}`,
      node: eligible[i % eligible.length]!,
      template: spec.template,
      owner,
      extraLabels: { 'pod-template-hash': hash },
    });
  }
}

function planStatefulSet(m: KubeObject, pods: PodPlanner, objects: KubeObject[], createdAt: string): void {
  const sts = stamp(m, createdAt);
  objects.push(sts);
  const spec = (m as unknown as { spec: { replicas?: number; serviceName?: string; template: PodTemplate } }).spec;
  const revision = `${m.metadata.name}-${templateHash(spec.template)}`;
  const owner = { kind: 'StatefulSet' as const, name: m.metadata.name, uid: sts.metadata.uid as string };
  // ordinal names, each pod its own stable DNS name under the governing Service
  for (let i = 0; i < (spec.replicas ?? 1); i++) {
    const name = `${m.metadata.name}-${i}`;
    pods.add({
      namespace: sts.metadata.namespace!,
      name,
      node: pods.place(spec.template),
      template: spec.template,
      owner,
      extraLabels: { 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': name },
      names: { hostname: name, subdomain: spec.serviceName },
    });
  }
}

function planPod(m: KubeObject, pods: PodPlanner): void {
  const template = { metadata: m.metadata, spec: (m as unknown as PodTemplate).spec } as PodTemplate;
  pods.add({
    namespace: m.metadata.namespace ?? 'default',
    name: m.metadata.name,
    node: pods.place(template),
    template,
  });
}

const PLANNERS: Readonly<Record<string, Planner>> = {
  DaemonSet: planDaemonSet,
  Deployment: planDeployment,
  StatefulSet: planStatefulSet,
  Pod: planPod,
};

/** Plans every manifest in order: workloads with their pods, other objects stamped; returns the objects. */
export function planWorkloads(manifests: KubeObject[], pods: PodPlanner, createdAt: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const m of manifests) {
    const planner = PLANNERS[m.kind];
    if (planner) planner(m, pods, objects, createdAt);
    else if (!NOT_OBJECTS.has(m.kind)) objects.push(stamp(m, createdAt));
  }
  return objects;
}
