/**
 * Builds what the API serves from the plan and from what the dataplane really shows: a node is Ready when
 * its container runs, a pod is Ready when its process lives, EndpointSlices list the pods the Service selects
 * with their observed addresses and readiness; Endpoints, block affinities, TigeraStatus and the Corefile come
 * from their own controllers and records (endpointsController.ts, ipam.ts, tigeraStatus.ts, the DNS pod's files).
 */
import { createHash } from 'node:crypto';
import type { KubeObject, ClusterSnapshot } from '../api/types.ts';
import { HEADLESS, hostnameUnder, isPodOf, serviceSelects } from '../plan.ts';
import type { PlannedPod, PlannedService, TwinPlan } from '../plan.ts';
import type { ObservedNode } from '../dataplane/observe.ts';
import { netnsName } from '../dataplane/pods.ts';
import { endpointsObject, type LegacyEndpoints } from './endpointsController.ts';
import { blockAffinities, type IpamRecord } from './ipam.ts';
import { nodeLabels } from '../planning/nodes.ts';
import { templateHash } from '../planning/workloads.ts';
import { calicoStatuses } from './tigeraStatus.ts';
import { processKind } from '../pods/index.ts';

const KUBE_VERSION = 'v1.28.0';
const SYSTEM_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'local-path-storage',
  'tigera-operator',
  'calico-system',
  'calico-apiserver',
];

export interface PodState {
  pod: PlannedPod;
  ip?: string;
  exists: boolean; // its network namespace exists
  ready: boolean; // exists, its node runs and its process lives
}

/** Endpoint lists as the EndpointSlice controller wrote them last (the controller can lag or stall). */
export type EndpointsByService = Map<string, { ip: string; ready: boolean; pod: PlannedPod }[]>;

export function podStates(plan: TwinPlan, nodes: Map<string, ObservedNode>): PodState[] {
  return plan.pods.map((pod) => {
    const node = nodes.get(pod.node);
    // A node that stopped reporting leaves its pods as last reported (address kept), but not Ready.
    if (!node?.running) return { pod, ip: pod.ip, exists: true, ready: false };
    const seen = node.pods.get(netnsName(pod));
    return { pod, ip: seen?.ip, exists: Boolean(seen), ready: Boolean(seen?.alive && seen.ip) };
  });
}

export function serviceKey(s: Pick<PlannedService, 'namespace' | 'name'>): string {
  return `${s.namespace}/${s.name}`;
}

/** What the EndpointSlice controller computes from the pods it sees. */
export function computeEndpoints(plan: TwinPlan, pods: PodState[]): EndpointsByService {
  const out: EndpointsByService = new Map();
  for (const svc of plan.services) {
    const eps = pods
      .filter((p) => p.pod.namespace === svc.namespace && p.exists && p.ip && serviceSelects(svc, p.pod))
      .map((p) => ({ ip: p.ip!, ready: p.ready, pod: p.pod }))
      .sort((a, b) => a.ip.localeCompare(b.ip, 'en', { numeric: true }));
    out.set(serviceKey(svc), eps);
  }
  return out;
}

function stableSuffix(seed: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return Array.from(createHash('sha256').update(seed).digest().subarray(0, 5))
    .map((b) => alphabet[b % alphabet.length])
    .join('');
}

function condition(type: string, ok: boolean, since: string, reason?: string, message?: string) {
  return {
    type,
    status: ok ? 'True' : 'False',
    lastTransitionTime: since,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

function nodeObject(plan: TwinPlan, name: string, observed: ObservedNode | undefined): KubeObject {
  const planned = plan.nodes.find((n) => n.name === name)!;
  const ready = Boolean(observed?.running);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: createHash('sha256')
        .update(`node/${plan.createdAt}/${name}`)
        .digest('hex')
        .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/, '$1-$2-$3-$4-$5'),
      creationTimestamp: plan.createdAt,
      labels: nodeLabels(planned),
      annotations: observed?.ip ? { 'projectcalico.org/IPv4Address': `${observed.ip}/16` } : {},
    },
    spec: { taints: planned.taints },
    status: {
      conditions: [
        ready
          ? condition('Ready', true, plan.createdAt, 'KubeletReady', 'kubelet is posting ready status')
          : {
              ...condition('Ready', false, plan.createdAt, 'NodeStatusUnknown', 'Kubelet stopped posting node status.'),
              status: 'Unknown',
            },
      ],
      addresses: [
        ...(observed?.ip ? [{ type: 'InternalIP', address: observed.ip }] : []),
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        kubeletVersion: KUBE_VERSION,
        kubeProxyVersion: KUBE_VERSION,
        containerRuntimeVersion: 'labgate-twin://1',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

function podObject(state: PodState, nodeIp: string | undefined, nodeRunning: boolean): KubeObject {
  const { pod } = state;
  const running = state.exists;
  const c = pod.container;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: pod.name,
      namespace: pod.namespace,
      uid: pod.uid,
      labels: pod.labels,
      ...(pod.annotations ? { annotations: pod.annotations } : {}),
      creationTimestamp: pod.createdAt,
      ...(pod.owner && pod.owner.kind !== 'StatefulSet' ? { generateName: pod.name.replace(/[^-]+$/, '') } : {}),
      ...(pod.owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: pod.owner.kind,
                name: pod.owner.name,
                uid: pod.owner.uid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }
        : {}),
    },
    spec: {
      nodeName: pod.node,
      ...(pod.hostname ? { hostname: pod.hostname } : {}),
      ...(pod.subdomain ? { subdomain: pod.subdomain } : {}),
      restartPolicy: 'Always',
      containers: [
        {
          name: c.name,
          image: c.image,
          ports: c.ports.map((p) => ({
            ...(p.name ? { name: p.name } : {}),
            containerPort: p.containerPort,
            protocol: p.protocol,
          })),
        },
      ],
    },
    status: {
      phase: running ? 'Running' : 'Pending',
      conditions: [
        condition('Initialized', true, pod.createdAt),
        condition('Ready', state.ready, pod.createdAt),
        condition('ContainersReady', state.ready, pod.createdAt),
        condition('PodScheduled', true, pod.createdAt),
      ],
      ...(nodeIp ? { hostIP: nodeIp } : {}),
      ...(state.ip ? { podIP: state.ip, podIPs: [{ ip: state.ip }] } : {}),
      startTime: pod.createdAt,
      qosClass: 'BestEffort',
      containerStatuses: [
        {
          name: c.name,
          image: c.image,
          imageID: '',
          ready: state.ready,
          restartCount: 0,
          started: state.ready,
          state: state.ready
            ? { running: { startedAt: pod.createdAt } }
            : {
                waiting: {
                  reason: running && nodeRunning ? 'CrashLoopBackOff' : 'ContainerCreating',
                  message: 'the container process is not running',
                },
              },
        },
      ],
    },
  };
}

/** The Service as the plan holds it: what its manifest (or a later write) says, with the API server's defaults. */
export function serviceObject(svc: PlannedService): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: svc.name,
      namespace: svc.namespace,
      uid: svc.uid,
      labels: svc.labels,
      creationTimestamp: svc.createdAt,
    },
    spec: {
      type: svc.type,
      selector: svc.selector,
      clusterIP: svc.clusterIP,
      clusterIPs: svc.clusterIPs ?? [svc.clusterIP],
      ...(svc.clusterIP === HEADLESS ? { publishNotReadyAddresses: false } : {}),
      ipFamilies: svc.ipFamilies,
      ipFamilyPolicy: svc.ipFamilyPolicy,
      internalTrafficPolicy: svc.internalTrafficPolicy,
      sessionAffinity: svc.sessionAffinity,
      ...(svc.externalIPs.length > 0 ? { externalIPs: svc.externalIPs } : {}),
      ports: svc.ports.map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        protocol: p.protocol,
        port: p.port,
        targetPort: p.targetPort,
        ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
      })),
    },
    // what a load-balancer controller provisioned: nothing for the twin's own Services
    status: {
      loadBalancer:
        svc.loadBalancerIngress.length > 0 ? { ingress: svc.loadBalancerIngress.map((ip) => ({ ip })) } : {},
    },
  };
}

function endpointSliceObject(svc: PlannedService, eps: { ip: string; ready: boolean; pod: PlannedPod }[]): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${svc.name}-${stableSuffix(svc.uid)}`,
      namespace: svc.namespace,
      generateName: `${svc.name}-`,
      creationTimestamp: svc.createdAt,
      labels: {
        'kubernetes.io/service-name': svc.name,
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        ...svc.labels,
      },
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Service', name: svc.name, uid: svc.uid, controller: true, blockOwnerDeletion: true },
      ],
    },
    addressType: 'IPv4',
    endpoints: eps.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready, serving: e.ready, terminating: false },
      nodeName: e.pod.node,
      // the EndpointSlice controller names a pod's hostname when the pod sets one under this Service
      ...hostnameUnder(svc, e.pod),
      targetRef: { kind: 'Pod', namespace: e.pod.namespace, name: e.pod.name, uid: e.pod.uid },
    })),
    ports: svc.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.targetPort, protocol: p.protocol })),
  };
}

function workloadStatus(obj: KubeObject, pods: PodState[], plan: TwinPlan): KubeObject {
  const owned = pods.filter(
    (p) =>
      p.pod.owner &&
      (obj.kind === 'ReplicaSet'
        ? p.pod.owner.name === obj.metadata.name
        : isPodOf(p.pod, obj.metadata.name, obj.metadata.namespace)),
  );
  const ready = owned.filter((p) => p.ready).length;
  if (obj.kind === 'DaemonSet') {
    return {
      ...obj,
      status: {
        desiredNumberScheduled: owned.length,
        currentNumberScheduled: owned.filter((p) => p.exists).length,
        numberReady: ready,
        numberAvailable: ready,
        updatedNumberScheduled: owned.length,
        numberMisscheduled: 0,
        observedGeneration: 1,
      },
    };
  }
  if (obj.kind === 'StatefulSet') {
    const replicas = owned.filter((p) => p.exists).length;
    const revision = `${obj.metadata.name}-${templateHash((obj.spec as { template?: unknown }).template)}`;
    return {
      ...obj,
      status: {
        replicas,
        readyReplicas: ready,
        availableReplicas: ready,
        currentReplicas: replicas,
        updatedReplicas: replicas,
        currentRevision: revision,
        updateRevision: revision,
        collisionCount: 0,
        observedGeneration: 1,
      },
    };
  }
  if (obj.kind === 'Deployment' || obj.kind === 'ReplicaSet') {
    const replicas = owned.filter((p) => p.exists).length;
    return {
      ...obj,
      status: {
        replicas,
        readyReplicas: ready,
        availableReplicas: ready,
        ...(obj.kind === 'Deployment' ? { updatedReplicas: replicas } : { fullyLabeledReplicas: replicas }),
        observedGeneration: 1,
        ...(obj.kind === 'Deployment'
          ? {
              conditions: [
                condition(
                  'Available',
                  ready === owned.length,
                  plan.createdAt,
                  ready === owned.length ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
                ),
              ],
            }
          : {}),
      },
    };
  }
  return obj;
}

function calicoObjects(plan: TwinPlan, nodes: Map<string, ObservedNode>, ipam: IpamRecord): KubeObject[] {
  const installation = plan.objects.find((o) => o.kind === 'Installation');
  return [
    ...blockAffinities(ipam, plan.createdAt),
    ...calicoStatuses(plan.nodes, nodes, ipam, plan.createdAt),
    ...(installation
      ? [{ ...installation, status: { variant: 'Calico', computed: installation.spec } } as KubeObject]
      : []),
  ];
}

/** The Corefile the cluster DNS really serves, where a real cluster keeps it: ConfigMap kube-system/coredns. */
function corednsConfigMap(plan: TwinPlan, corefile: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'coredns', namespace: 'kube-system', creationTimestamp: plan.createdAt },
    data: { Corefile: corefile },
  };
}

/** What the controllers and readers besides the EndpointSlice controller last produced. */
export interface ControllerOutputs {
  legacyEndpoints: LegacyEndpoints;
  ipam: IpamRecord;
  /** rendered from the DNS pod's configuration as last read; none before the first read */
  corefile?: string;
}

export function buildSnapshot(
  plan: TwinPlan,
  nodes: Map<string, ObservedNode>,
  endpoints: EndpointsByService,
  generation: number,
  outputs: ControllerOutputs,
): ClusterSnapshot {
  const { corefile } = outputs;
  const pods = podStates(plan, nodes);
  const objects: KubeObject[] = [];
  for (const ns of new Set([...SYSTEM_NAMESPACES, ...plan.namespaces]))
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, creationTimestamp: plan.createdAt, labels: { 'kubernetes.io/metadata.name': ns } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  for (const n of plan.nodes) objects.push(nodeObject(plan, n.name, nodes.get(n.name)));
  for (const p of pods) {
    const node = nodes.get(p.pod.node);
    if (p.exists) objects.push(podObject(p, node?.ip, Boolean(node?.running)));
  }
  for (const s of plan.services) {
    const eps = endpoints.get(serviceKey(s)) ?? [];
    objects.push(serviceObject(s), endpointSliceObject(s, eps));
    const legacy = outputs.legacyEndpoints.get(serviceKey(s));
    if (legacy) objects.push(endpointsObject(s, legacy));
  }
  for (const o of plan.objects.filter((o) => o.kind !== 'Installation')) objects.push(workloadStatus(o, pods, plan));
  objects.push(...calicoObjects(plan, nodes, outputs.ipam));
  if (corefile && plan.pods.some((p) => processKind(p).servesClusterDns))
    objects.push(corednsConfigMap(plan, corefile));
  return { objects, resourceVersion: String(generation) };
}
