/**
 * What the API serves on top of the controllers' objects: the written objects (store.ts), API pods with the status
 * their node gives them (or Pending, ContainerCreating, while IPAM or the node has not given them one), and the
 * `default/kubernetes` Service every cluster has.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../api/types.ts';
import type { TwinPlan } from '../plan.ts';
import { intToIp, ipToInt } from '../planning/addresses.ts';
import { podKey, type PodRecord } from './podController.ts';
import type { ObjectStore } from './store.ts';

/** The port the lab's API server (kube-apiserver on the Kind control-plane node) listens on. */
export const KIND_API_PORT = 6443;

function uuidFrom(seed: string): string {
  return createHash('sha256')
    .update(seed)
    .digest('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/, '$1-$2-$3-$4-$5');
}

function condition(type: string, ok: boolean, since: string) {
  return { type, status: ok ? 'True' : 'False', lastTransitionTime: since };
}

/** A pod whose container does not run yet: scheduled, its sandbox not made (ContainerCreating). */
function pendingStatus(o: KubeObject, rec: PodRecord | undefined, hostIP: string | undefined): unknown {
  const created = String(o.metadata.creationTimestamp);
  const containers = ((o.spec as { containers?: { name: string; image: string }[] }).containers ?? []).map((c) => ({
    name: c.name,
    image: c.image,
    imageID: '',
    ready: false,
    restartCount: 0,
    started: false,
    state: { waiting: { reason: rec?.waiting?.reason ?? 'ContainerCreating' } },
  }));
  return {
    phase: 'Pending',
    conditions: [
      condition('Initialized', true, created),
      condition('Ready', false, created),
      condition('ContainersReady', false, created),
      condition('PodScheduled', Boolean(rec), created),
    ],
    ...(hostIP ? { hostIP } : {}),
    startTime: created,
    qosClass: 'BestEffort',
    containerStatuses: containers,
  };
}

/**
 * The objects as served: the controllers' ones with the written metadata, the created ones, API pods with the
 * status of their pod on the node (`derived`, when the node shows it) else Pending.
 */
export function servedObjects(
  derived: KubeObject[],
  store: ObjectStore,
  record: (o: KubeObject) => PodRecord | undefined,
  hostIP: (node: string) => string | undefined,
): KubeObject[] {
  const derivedPods = new Map(derived.filter((o) => o.kind === 'Pod').map((o) => [podKey(o), o]));
  return store.view(derived).map((o) => {
    if (o.kind !== 'Pod' || !store.isCreated(o)) return o;
    const rec = record(o);
    const seen = derivedPods.get(podKey(o));
    const status = seen?.status ?? pendingStatus(o, rec, rec ? hostIP(rec.node) : undefined);
    return { ...o, status };
  });
}

function apiAddress(nodes: KubeObject[], plan: TwinPlan): string | undefined {
  const cp = plan.nodes.find((n) => n.role === 'control-plane');
  const node = nodes.find((n) => n.kind === 'Node' && n.metadata.name === cp?.name);
  const addresses = (node?.status as { addresses?: { type: string; address: string }[] })?.addresses ?? [];
  return addresses.find((a) => a.type === 'InternalIP')?.address;
}

/**
 * `default/kubernetes` as kube-apiserver keeps it: ClusterIP the first address of the service range, port 443 to the
 * API server's 6443 on the control-plane node (the lab's address; the twin's own API listens on the host instead).
 */
export function kubernetesService(plan: TwinPlan, objects: KubeObject[]): KubeObject[] {
  const base = plan.serviceCidr.split('/')[0]!;
  const clusterIP = intToIp(ipToInt(base) + 1);
  const meta = {
    namespace: 'default',
    creationTimestamp: plan.createdAt,
    labels: { component: 'apiserver', provider: 'kubernetes' },
  };
  const address = apiAddress(objects, plan);
  const svc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', uid: uuidFrom(`${plan.createdAt}/kubernetes/svc`), ...meta },
    spec: {
      type: 'ClusterIP',
      clusterIP,
      clusterIPs: [clusterIP],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: KIND_API_PORT }],
    },
    status: { loadBalancer: {} },
  };
  const out = [svc];
  if (address) {
    out.push({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'kubernetes', uid: uuidFrom(`${plan.createdAt}/kubernetes/ep`), ...meta },
      subsets: [{ addresses: [{ ip: address }], ports: [{ name: 'https', port: KIND_API_PORT, protocol: 'TCP' }] }],
    });
    out.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'kubernetes',
        uid: uuidFrom(`${plan.createdAt}/kubernetes/eps`),
        namespace: 'default',
        creationTimestamp: plan.createdAt,
        labels: { 'kubernetes.io/service-name': 'kubernetes' },
      },
      addressType: 'IPv4',
      endpoints: [{ addresses: [address], conditions: { ready: true } }],
      ports: [{ name: 'https', port: KIND_API_PORT, protocol: 'TCP' }],
    });
  }
  return out;
}
