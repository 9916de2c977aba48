/**
 * Server-side printing (meta.k8s.io/v1 Table), following kube-apiserver's printers for the kinds
 * the lab shows with kubectl, and NAME/AGE for the rest.
 */
import type { KubeObject } from './types.ts';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

interface Column {
  name: string;
  type: 'string' | 'integer';
  format?: string;
  description: string;
  priority: number;
  cell: (obj: AnyObject, now: number) => string | number;
}

// The printers walk deep optional structure; a loose record type keeps them readable.
// biome-ignore lint/suspicious/noExplicitAny: the printers walk deep optional structure of any kind
type AnyObject = Record<string, any>;

/** kubectl's HumanDuration (k8s.io/apimachinery/pkg/util/duration). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.trunc(hours / 24) % 365;
    const years = Math.trunc(hours / 24 / 365);
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

function since(timestamp: unknown, now: number): string {
  if (typeof timestamp !== 'string' || !timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

function orNone(value: unknown): string {
  return typeof value === 'string' && value ? value : '<none>';
}

function listWithMore(list: string[], count: number, max: number): string {
  const joined = list.join(',');
  return count > max ? `${joined} + ${count - max} more...` : joined;
}

const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  priority: 0,
  description: 'Name of the object, unique within its namespace.',
  cell: (o) => o.metadata?.name ?? '',
};
const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  priority: 0,
  description: 'Time since the object was created (metadata.creationTimestamp).',
  cell: (o, now) => since(o.metadata?.creationTimestamp, now),
};

function podStatus(pod: AnyObject): { reason: string; ready: number; restarts: number; lastRestart?: number } {
  const status = pod.status ?? {};
  let reason: string = status.reason || status.phase || 'Unknown';
  let ready = 0;
  let restarts = 0;
  let lastRestart: number | undefined;
  let hasRunning = false;
  const statuses: AnyObject[] = status.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i]!;
    restarts += Number(c.restartCount ?? 0);
    const finishedAt = Date.parse(c.lastState?.terminated?.finishedAt ?? '');
    if (!Number.isNaN(finishedAt) && (lastRestart === undefined || finishedAt > lastRestart)) lastRestart = finishedAt;
    const state = c.state ?? {};
    if (state.waiting?.reason) reason = state.waiting.reason;
    else if (state.terminated?.reason) reason = state.terminated.reason;
    else if (state.terminated)
      reason = state.terminated.signal
        ? `Signal:${state.terminated.signal}`
        : `ExitCode:${state.terminated.exitCode ?? 0}`;
    else if (c.ready && state.running) {
      hasRunning = true;
      ready++;
    }
  }
  if (reason === 'Completed' && hasRunning) {
    const podReady = (status.conditions ?? []).some((c: AnyObject) => c.type === 'Ready' && c.status === 'True');
    reason = podReady ? 'Running' : 'NotReady';
  }
  if (pod.metadata?.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return { reason, ready, restarts, lastRestart };
}

const podColumns: Column[] = [
  nameColumn,
  {
    name: 'Ready',
    type: 'string',
    priority: 0,
    description: 'Ready containers out of all containers of the pod.',
    cell: (p) => {
      const total = (p.spec?.containers ?? p.status?.containerStatuses ?? []).length;
      return `${podStatus(p).ready}/${total}`;
    },
  },
  {
    name: 'Status',
    type: 'string',
    priority: 0,
    description: 'Pod phase, or the reason a container is not running.',
    cell: (p) => podStatus(p).reason,
  },
  {
    name: 'Restarts',
    type: 'string',
    priority: 0,
    description: 'Container restarts in the pod.',
    cell: (p, now) => {
      const s = podStatus(p);
      return s.restarts > 0 && s.lastRestart !== undefined
        ? `${s.restarts} (${humanDuration(now - s.lastRestart)} ago)`
        : String(s.restarts);
    },
  },
  ageColumn,
  { name: 'IP', type: 'string', priority: 1, description: 'Pod IP address.', cell: (p) => orNone(p.status?.podIP) },
  {
    name: 'Node',
    type: 'string',
    priority: 1,
    description: 'Node the pod is scheduled to.',
    cell: (p) => orNone(p.spec?.nodeName),
  },
  {
    name: 'Nominated Node',
    type: 'string',
    priority: 1,
    description: 'Node nominated by preemption.',
    cell: (p) => orNone(p.status?.nominatedNodeName),
  },
  {
    name: 'Readiness Gates',
    type: 'string',
    priority: 1,
    description: 'Readiness gates met out of all gates.',
    cell: (p) => {
      const gates: AnyObject[] = p.spec?.readinessGates ?? [];
      if (gates.length === 0) return '<none>';
      const conditions: AnyObject[] = p.status?.conditions ?? [];
      const met = gates.filter((g) => conditions.some((c) => c.type === g.conditionType && c.status === 'True')).length;
      return `${met}/${gates.length}`;
    },
  },
];

function serviceExternalIp(svc: AnyObject): string {
  const spec = svc.spec ?? {};
  const externalIPs: string[] = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'LoadBalancer': {
      const ingress: AnyObject[] = svc.status?.loadBalancer?.ingress ?? [];
      const all = [...ingress.map((i) => i.ip || i.hostname).filter(Boolean), ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return orNone(spec.externalName);
    default:
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
  }
}

const serviceColumns: Column[] = [
  nameColumn,
  {
    name: 'Type',
    type: 'string',
    priority: 0,
    description: 'How the service is exposed.',
    cell: (s) => s.spec?.type ?? 'ClusterIP',
  },
  {
    name: 'Cluster-IP',
    type: 'string',
    priority: 0,
    description: 'Virtual IP of the service.',
    cell: (s) => orNone(s.spec?.clusterIP),
  },
  {
    name: 'External-IP',
    type: 'string',
    priority: 0,
    description: 'Addresses outside the cluster that reach the service.',
    cell: serviceExternalIp,
  },
  {
    name: 'Port(s)',
    type: 'string',
    priority: 0,
    description: 'Ports the service exposes.',
    cell: (s) => {
      const ports: AnyObject[] = s.spec?.ports ?? [];
      if (ports.length === 0) return '<none>';
      return ports
        .map((p) =>
          p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`,
        )
        .join(',');
    },
  },
  ageColumn,
  {
    name: 'Selector',
    type: 'string',
    priority: 1,
    description: 'Labels of the pods the service routes to.',
    cell: (s) => {
      const selector: Record<string, string> = s.spec?.selector ?? {};
      const keys = Object.keys(selector).sort();
      return keys.length > 0 ? keys.map((k) => `${k}=${selector[k]}`).join(',') : '<none>';
    },
  },
];

const endpointSliceColumns: Column[] = [
  nameColumn,
  {
    name: 'AddressType',
    type: 'string',
    priority: 0,
    description: 'Address family of the endpoints.',
    cell: (e) => e.addressType ?? '',
  },
  {
    name: 'Ports',
    type: 'string',
    priority: 0,
    description: 'Ports of the endpoints.',
    cell: (e) => {
      const ports: AnyObject[] = e.ports ?? [];
      if (ports.length === 0) return '<unset>';
      const list = ports.slice(0, 3).map((p) => (p.port != null ? String(p.port) : (p.name ?? '*')));
      return listWithMore(list, ports.length, 3);
    },
  },
  {
    name: 'Endpoints',
    type: 'string',
    priority: 0,
    description: 'Addresses of the endpoints.',
    cell: (e) => {
      const endpoints: AnyObject[] = e.endpoints ?? [];
      if (endpoints.length === 0) return '<unset>';
      const addresses = endpoints.flatMap((ep) => (ep.addresses ?? []) as string[]);
      return listWithMore(addresses.slice(0, 3), addresses.length, 3);
    },
  },
  ageColumn,
];

function nodeAddress(node: AnyObject, type: string): string {
  const found = ((node.status?.addresses ?? []) as AnyObject[]).find((a) => a.type === type);
  return orNone(found?.address);
}

function orUnknown(value: unknown): string {
  return typeof value === 'string' && value ? value : '<unknown>';
}

const nodeColumns: Column[] = [
  nameColumn,
  {
    name: 'Status',
    type: 'string',
    priority: 0,
    description: 'Ready condition of the node.',
    cell: (n) => {
      const ready = ((n.status?.conditions ?? []) as AnyObject[]).find((c) => c.type === 'Ready');
      const states = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
      if (n.spec?.unschedulable) states.push('SchedulingDisabled');
      return states.join(',');
    },
  },
  {
    name: 'Roles',
    type: 'string',
    priority: 0,
    description: 'Roles from node-role.kubernetes.io labels.',
    cell: (n) => {
      const labels: Record<string, string> = n.metadata?.labels ?? {};
      const roles = new Set<string>();
      for (const [key, value] of Object.entries(labels)) {
        if (key.startsWith('node-role.kubernetes.io/') && key.length > 'node-role.kubernetes.io/'.length)
          roles.add(key.slice('node-role.kubernetes.io/'.length));
        else if (key === 'kubernetes.io/role' && value) roles.add(value);
      }
      return roles.size > 0 ? [...roles].sort().join(',') : '<none>';
    },
  },
  ageColumn,
  {
    name: 'Version',
    type: 'string',
    priority: 0,
    description: 'Kubelet version.',
    cell: (n) => n.status?.nodeInfo?.kubeletVersion ?? '',
  },
  {
    name: 'Internal-IP',
    type: 'string',
    priority: 1,
    description: 'InternalIP address.',
    cell: (n) => nodeAddress(n, 'InternalIP'),
  },
  {
    name: 'External-IP',
    type: 'string',
    priority: 1,
    description: 'ExternalIP address.',
    cell: (n) => nodeAddress(n, 'ExternalIP'),
  },
  {
    name: 'OS-Image',
    type: 'string',
    priority: 1,
    description: 'Operating system image.',
    cell: (n) => orUnknown(n.status?.nodeInfo?.osImage),
  },
  {
    name: 'Kernel-Version',
    type: 'string',
    priority: 1,
    description: 'Kernel version.',
    cell: (n) => orUnknown(n.status?.nodeInfo?.kernelVersion),
  },
  {
    name: 'Container-Runtime',
    type: 'string',
    priority: 1,
    description: 'Container runtime version.',
    cell: (n) => orUnknown(n.status?.nodeInfo?.containerRuntimeVersion),
  },
];

const namespaceColumns: Column[] = [
  nameColumn,
  {
    name: 'Status',
    type: 'string',
    priority: 0,
    description: 'Lifecycle phase of the namespace.',
    cell: (n) => n.status?.phase ?? '',
  },
  ageColumn,
];

const statefulSetColumns: Column[] = [
  nameColumn,
  {
    name: 'Ready',
    type: 'string',
    priority: 0,
    description: 'Ready pods of the desired replicas.',
    cell: (s) => `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`,
  },
  ageColumn,
];

/** CONTAINERS, IMAGES and SELECTOR (-o wide) of a workload, as kube-apiserver's printers show them. */
const templateColumns: Column[] = [
  {
    name: 'Containers',
    type: 'string',
    priority: 1,
    description: 'Names of each container in the template.',
    cell: (o) => ((o.spec?.template?.spec?.containers ?? []) as AnyObject[]).map((c) => c.name).join(','),
  },
  {
    name: 'Images',
    type: 'string',
    priority: 1,
    description: 'Images referenced by each container in the template.',
    cell: (o) => ((o.spec?.template?.spec?.containers ?? []) as AnyObject[]).map((c) => c.image).join(','),
  },
  {
    name: 'Selector',
    type: 'string',
    priority: 1,
    description: 'Label selector for pods.',
    cell: (o) =>
      Object.entries((o.spec?.selector?.matchLabels ?? {}) as Record<string, string>)
        .map(([k, v]) => `${k}=${v}`)
        .join(',') || '<none>',
  },
];

const deploymentColumns: Column[] = [
  nameColumn,
  {
    name: 'Ready',
    type: 'string',
    priority: 0,
    description: 'Number of the pod with ready state.',
    cell: (d) => `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
  },
  {
    name: 'Up-to-date',
    type: 'integer',
    priority: 0,
    description: 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    cell: (d) => d.status?.updatedReplicas ?? 0,
  },
  {
    name: 'Available',
    type: 'integer',
    priority: 0,
    description: 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    cell: (d) => d.status?.availableReplicas ?? 0,
  },
  ageColumn,
  ...templateColumns,
];

const replicaSetColumns: Column[] = [
  nameColumn,
  {
    name: 'Desired',
    type: 'integer',
    priority: 0,
    description: 'Number of desired pods.',
    cell: (r) => r.spec?.replicas ?? 1,
  },
  {
    name: 'Current',
    type: 'integer',
    priority: 0,
    description: 'Number of actual pods.',
    cell: (r) => r.status?.replicas ?? 0,
  },
  {
    name: 'Ready',
    type: 'integer',
    priority: 0,
    description: 'Number of ready pods.',
    cell: (r) => r.status?.readyReplicas ?? 0,
  },
  ageColumn,
  ...templateColumns,
];

const COLUMNS_BY_KIND: Record<string, Column[]> = {
  'apps/v1/Deployment': deploymentColumns,
  'apps/v1/ReplicaSet': replicaSetColumns,
  'apps/v1/StatefulSet': statefulSetColumns,
  'v1/Namespace': namespaceColumns,
  'v1/Pod': podColumns,
  'v1/Service': serviceColumns,
  'v1/Node': nodeColumns,
  'discovery.k8s.io/v1/EndpointSlice': endpointSliceColumns,
};

function columnsFor(apiVersion: string, kind: string): Column[] {
  return COLUMNS_BY_KIND[`${apiVersion}/${kind}`] ?? [nameColumn, ageColumn];
}

function rowObject(obj: KubeObject, include: IncludeObject): object | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export function toTable(
  apiVersion: string,
  kind: string,
  objects: KubeObject[],
  opts: { resourceVersion: string; include: IncludeObject; now?: number },
) {
  const now = opts.now ?? Date.now();
  const columns = columnsFor(apiVersion, kind);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: opts.resourceVersion },
    columnDefinitions: columns.map(({ name, type, format, description, priority }) => ({
      name,
      type,
      format: format ?? '',
      description,
      priority,
    })),
    rows: objects.map((obj) => {
      const object = rowObject(obj, opts.include);
      return { cells: columns.map((c) => c.cell(obj as AnyObject, now)), ...(object ? { object } : {}) };
    }),
  };
}
