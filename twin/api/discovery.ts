/** Legacy (non-aggregated) discovery documents, built from the resources served for a snapshot. */
import { groupVersionString, type ResourceInfo } from './resources.ts';
import { scalable, scaleResource } from './scale.ts';

export const READ_VERBS = ['get', 'list'];

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(name: string, versions: string[]) {
  const gvs = versions.map((version) => ({ groupVersion: groupVersionString(name, version), version }));
  return { name, versions: gvs, preferredVersion: gvs[0]! };
}

function groupsOf(served: ResourceInfo[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of served) {
    if (!r.group) continue;
    const versions = groups.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    groups.set(r.group, versions);
  }
  return groups;
}

export function apiGroupList(served: ResourceInfo[]) {
  const groups = [...groupsOf(served)].map(([name, versions]) => groupEntry(name, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** APIGroup for /apis/<group>, or undefined when the group is not served. */
export function apiGroup(served: ResourceInfo[], group: string) {
  const versions = groupsOf(served).get(group);
  return versions ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group, versions) } : undefined;
}

/** APIResourceList for one group/version, or undefined when nothing is served there. */
export function apiResourceList(served: ResourceInfo[], group: string, version: string) {
  const inVersion = served.filter((r) => r.group === group && r.version === version);
  if (inVersion.length === 0) return undefined;
  const resources: object[] = [];
  for (const r of inVersion) {
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: READ_VERBS,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {}),
    });
    if (scalable(r)) resources.push(scaleResource(r));
    if (r.group === '' && r.resource === 'pods') {
      resources.push({
        name: 'pods/exec',
        singularName: '',
        namespaced: true,
        kind: 'PodExecOptions',
        verbs: ['create', 'get'],
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersionString(group, version), resources };
}
