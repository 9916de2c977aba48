/**
 * Which resources the twin serves and how Kubernetes names them: the twin's resource table (twin/resources.ts)
 * plus whatever other kinds the snapshot holds.
 */
import type { KubeObject } from './types.ts';
import { RESOURCES as BUILT_IN, type ResourceInfo, type ResourceEntry } from '../resources.ts';

export type { ResourceInfo };

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

function withSingular(entry: ResourceEntry): ResourceInfo {
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
