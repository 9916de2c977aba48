/**
 * The Kubernetes resources the twin knows, one table: how each kind is named and whether it is namespaced. The plan
 * stamps its objects by it (a cluster-scoped kind gets no namespace) and the API server serves by it.
 */

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

export type ResourceEntry = Omit<ResourceInfo, 'singular'>;

export const RESOURCES: readonly ResourceEntry[] = [
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
    kind: 'IPReservation',
    resource: 'ipreservations',
    namespaced: false,
  },
  {
    group: 'crd.projectcalico.org',
    version: 'v1',
    kind: 'FelixConfiguration',
    resource: 'felixconfigurations',
    namespaced: false,
  },
  {
    group: 'crd.projectcalico.org',
    version: 'v1',
    kind: 'BGPConfiguration',
    resource: 'bgpconfigurations',
    namespaced: false,
  },
  { group: 'crd.projectcalico.org', version: 'v1', kind: 'BGPPeer', resource: 'bgppeers', namespaced: false },
  {
    group: 'crd.projectcalico.org',
    version: 'v1',
    kind: 'BlockAffinity',
    resource: 'blockaffinities',
    namespaced: false,
  },
  {
    group: 'k8s.cni.cncf.io',
    version: 'v1',
    kind: 'NetworkAttachmentDefinition',
    resource: 'network-attachment-definitions',
    namespaced: true,
    shortNames: ['net-attach-def'],
  },
];

/** Whether objects of `kind` live in a namespace (a kind outside the table: yes, as most custom kinds do). */
export function isNamespacedKind(kind: string): boolean {
  return RESOURCES.find((r) => r.kind === kind)?.namespaced ?? true;
}
