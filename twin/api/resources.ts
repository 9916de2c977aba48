/**
 * Which resources the twin serves and how Kubernetes names them: a built-in kind -> resource table
 * plus whatever other kinds the snapshot holds.
 */
import type { KubeObject } from './types.ts';

export interface ResourceInfo {
  group: string; // '' for core
  version: string;
  kind: string;
  resource: string; // plural, lower-case
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
}

type TableEntry = Omit<ResourceInfo, 'singular'>;

const BUILT_IN: TableEntry[] = [
  { group: '', version: 'v1', kind: 'Node', resource: 'nodes', namespaced: false, shortNames: ['no'] },
  { group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: false, shortNames: ['ns'] },
  {
    group: '',
    version: 'v1',
    kind: 'Pod',
    resource: 'pods',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Service',
    resource: 'services',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
  },
  { group: '', version: 'v1', kind: 'Endpoints', resource: 'endpoints', namespaced: true, shortNames: ['ep'] },
  { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true, shortNames: ['cm'] },
  { group: '', version: 'v1', kind: 'Event', resource: 'events', namespaced: true, shortNames: ['ev'] },
  {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    resource: 'deployments',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'DaemonSet',
    resource: 'daemonsets',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'StatefulSet',
    resource: 'statefulsets',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'ReplicaSet',
    resource: 'replicasets',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
  },
  { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', resource: 'endpointslices', namespaced: true },
  { group: 'operator.tigera.io', version: 'v1', kind: 'Installation', resource: 'installations', namespaced: false },
  { group: 'operator.tigera.io', version: 'v1', kind: 'TigeraStatus', resource: 'tigerastatuses', namespaced: false },
  { group: 'operator.tigera.io', version: 'v1', kind: 'APIServer', resource: 'apiservers', namespaced: false },
  { group: 'crd.projectcalico.org', version: 'v1', kind: 'IPPool', resource: 'ippools', namespaced: false },
  {
    group: 'crd.projectcalico.org',
    version: 'v1',
    kind: 'BlockAffinity',
    resource: 'blockaffinities',
    namespaced: false,
  },
];

/** Groups every Kubernetes cluster serves; the others (CRD groups) appear only when the snapshot uses them. */
const ALWAYS_SERVED = new Set(['', 'apps', 'discovery.k8s.io']);

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function groupVersionString(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

function withSingular(entry: TableEntry): ResourceInfo {
  return { ...entry, singular: entry.kind.toLowerCase() };
}

/** A kind outside the table: lower-case plural guess, scope read from the objects themselves. */
function guessResource(group: string, version: string, kind: string, objects: KubeObject[]): ResourceInfo {
  const lower = kind.toLowerCase();
  const resource = /(s|x|ch|sh)$/.test(lower)
    ? `${lower}es`
    : lower.endsWith('y')
      ? `${lower.slice(0, -1)}ies`
      : `${lower}s`;
  const namespaced = objects.some((o) => Boolean(o.metadata.namespace));
  return { group, version, kind, resource, singular: lower, namespaced };
}

/** Every resource the API serves for this snapshot, in a stable order. */
export function servedResources(objects: KubeObject[]): ResourceInfo[] {
  const presentGroups = new Set<string>();
  const unknownKinds = new Map<string, KubeObject[]>();
  for (const obj of objects) {
    const { group, version } = splitApiVersion(obj.apiVersion);
    presentGroups.add(group);
    const known = BUILT_IN.some((e) => e.group === group && e.version === version && e.kind === obj.kind);
    if (!known) {
      const key = `${obj.apiVersion}\u0000${obj.kind}`;
      unknownKinds.set(key, [...(unknownKinds.get(key) ?? []), obj]);
    }
  }
  const served = BUILT_IN.filter((e) => ALWAYS_SERVED.has(e.group) || presentGroups.has(e.group)).map(withSingular);
  for (const [key, objs] of unknownKinds) {
    const [apiVersion, kind] = key.split('\u0000') as [string, string];
    const { group, version } = splitApiVersion(apiVersion);
    served.push(guessResource(group, version, kind, objs));
  }
  return served;
}

export function findResource(
  served: ResourceInfo[],
  group: string,
  version: string,
  resource: string,
): ResourceInfo | undefined {
  return served.find((r) => r.group === group && r.version === version && r.resource === resource);
}

export function objectsOf(objects: KubeObject[], info: ResourceInfo): KubeObject[] {
  const apiVersion = groupVersionString(info.group, info.version);
  return objects.filter((o) => o.apiVersion === apiVersion && o.kind === info.kind);
}
