/**
 * The `scale` subresource of deployments, replicasets and statefulsets, as kube-apiserver serves it: an
 * autoscaling/v1 Scale read from the workload (spec.replicas, status.replicas, the selector as a string), and a Scale
 * written (PUT, or a patch of the Scale) turned into an update of the workload's spec.replicas, so `kubectl scale`
 * works. The discovery lists `<resource>/scale` so kubectl finds the Scale kind.
 */
import type { ResourceInfo } from './resources.ts';
import { ApiError, conflict, invalid } from './status.ts';
import type { KubeObject } from './types.ts';

const SCALABLE = new Set(['deployments', 'replicasets', 'statefulsets']);

/** Whether the resource has a `scale` subresource. */
export function scalable(info: Pick<ResourceInfo, 'group' | 'resource'>): boolean {
  return info.group === 'apps' && SCALABLE.has(info.resource);
}

/** The discovery entry of a scalable resource's `scale` subresource. */
export function scaleResource(info: Pick<ResourceInfo, 'resource' | 'namespaced'>) {
  return {
    name: `${info.resource}/scale`,
    singularName: '',
    namespaced: info.namespaced,
    group: 'autoscaling',
    version: 'v1',
    kind: 'Scale',
    verbs: ['get', 'patch', 'update'],
  };
}

type Requirement = { key: string; operator: string; values?: string[] };
type Selector = { matchLabels?: Record<string, string>; matchExpressions?: Requirement[] };

/** A label selector in its string form (metav1.FormatLabelSelector's words), as Scale's status.selector holds it. */
export function selectorString(selector: Selector | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of selector?.matchExpressions ?? []) {
    const values = [...(r.values ?? [])].sort().join(',');
    if (r.operator === 'In') parts.push(`${r.key} in (${values})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${values})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
  }
  return parts.sort().join(',');
}

/** The Scale of a workload as served. */
export function scaleOf(o: KubeObject): KubeObject {
  const spec = (o.spec ?? {}) as { replicas?: number; selector?: Selector };
  const status = (o.status ?? {}) as { replicas?: number };
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 1 },
    status: { replicas: status.replicas ?? 0, selector: selectorString(spec.selector) },
  };
}

/**
 * The workload with the replicas a written Scale asks for: refused when the Scale names another object, was based
 * on a stale resourceVersion (409), or asks for a count that is not a whole number >= 0 (422).
 */
export function scaled(current: KubeObject, written: unknown, info: ResourceInfo): KubeObject {
  if (typeof written !== 'object' || written === null || Array.isArray(written)) {
    throw new ApiError('BadRequest', 'the body of the request must be a Scale object');
  }
  const scale = written as { kind?: string; metadata?: { name?: string; resourceVersion?: string }; spec?: unknown };
  if (scale.kind !== undefined && scale.kind !== 'Scale') {
    throw new ApiError('BadRequest', `the kind in the data (${scale.kind}) does not match the expected kind (Scale)`);
  }
  const name = scale.metadata?.name;
  if (name !== undefined && name !== current.metadata.name) {
    throw new ApiError(
      'BadRequest',
      `the name of the object (${name}) does not match the name on the URL (${current.metadata.name})`,
    );
  }
  const based = scale.metadata?.resourceVersion;
  if (based !== undefined && based !== '' && based !== current.metadata.resourceVersion) {
    throw conflict(info.resource, current.metadata.name, info.group);
  }
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid(
      'Scale',
      current.metadata.name,
      [
        {
          field: 'spec.replicas',
          message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
        },
      ],
      'autoscaling',
    );
  }
  const { resourceVersion: _rv, ...metadata } = current.metadata;
  return { ...current, metadata, spec: { ...(current.spec as object), replicas } };
}
