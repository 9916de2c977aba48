/**
 * What was written through the twin's API, kept in the twin's state dir so the daemon can restart: the objects
 * created (kept whole, as etcd keeps them), the labels and annotations written on objects the twin derives from
 * the lab's manifests and its dataplane (nodes, the lab's pods and Services), and the lab's objects deleted.
 * Other changes to a derived object are refused: its spec is what the lab's files and the dataplane make it.
 */
import type { KubeObject, WriteOp } from '../api/types.ts';
import { ApiError, invalid } from '../api/status.ts';
import { objectKey } from '../api/versions.ts';

export interface WrittenObjects {
  created: KubeObject[];
  /** objectKey -> the metadata written on a derived object */
  metadata: Record<string, { labels?: Record<string, string>; annotations?: Record<string, string> }>;
  /** objectKeys of derived objects deleted */
  deleted: string[];
  /** objectKey -> the spec written on a derived workload whose controller rolls its pods, and its generation */
  specs?: Record<string, { spec: unknown; generation: number }>;
}

export function emptyWrites(): WrittenObjects {
  return { created: [], metadata: {}, deleted: [] };
}

/** Kinds the twin's controllers make: a write may label or annotate them, never create or delete them. */
/** Derived kinds whose spec a write may change: their controller rolls the pods to the new template. */
const ROLLED = new Set(['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet']);

const DERIVED_ONLY = new Set(['Node', 'EndpointSlice', 'Endpoints', 'BlockAffinity', 'TigeraStatus']);

/** Kinds whose metadata.generation kube-apiserver sets to 1 on create and raises when the spec changes. */
const GENERATIONS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet']);

/** Kinds whose objects the twin can delete from what the lab deployed (no controller of the twin owns them). */
const DELETABLE_DERIVED = new Set([
  'Pod',
  'ConfigMap',
  'IPReservation',
  'IPPool',
  'FelixConfiguration',
  'BGPConfiguration',
  'BGPPeer',
]);

/**
 * Kinds made from the lab's files whose spec a write may change, as Calico's own configuration objects are changed
 * with kubectl patch (the lab's FelixConfiguration): the object written is kept whole and served in place of the
 * lab's, and the twin's controllers act on it.
 */
const SPEC_WRITABLE_DERIVED = new Set(['FelixConfiguration']);

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function stripServerFields(o: KubeObject): KubeObject {
  const { resourceVersion: _rv, ...metadata } = o.metadata;
  return { ...o, metadata };
}

/** The object as written, its generation the current one, raised by one when the spec changed. */
function withGeneration(next: KubeObject, current: KubeObject): KubeObject {
  const generation = Number(current.metadata.generation ?? 1) + (sameJson(next.spec, current.spec) ? 0 : 1);
  return { ...next, metadata: { ...next.metadata, generation } };
}

export class ObjectStore {
  constructor(
    private data: WrittenObjects,
    private readonly save: (data: WrittenObjects) => void,
  ) {}

  get written(): WrittenObjects {
    return this.data;
  }

  created(kind?: string): KubeObject[] {
    return kind ? this.data.created.filter((o) => o.kind === kind) : this.data.created;
  }

  isCreated(o: KubeObject): boolean {
    const key = objectKey(o);
    return this.data.created.some((c) => objectKey(c) === key);
  }

  isDeleted(o: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): boolean {
    return this.data.deleted.includes(objectKey(o as KubeObject));
  }

  /** The derived objects with the metadata written on them, less the deleted ones, plus the created objects. */
  view(derived: KubeObject[]): KubeObject[] {
    const out: KubeObject[] = [];
    const createdKeys = new Set(this.data.created.map(objectKey));
    for (const o of derived) {
      const key = objectKey(o);
      if (this.data.deleted.includes(key) || createdKeys.has(key)) continue;
      const meta = this.data.metadata[key];
      const spec = this.data.specs?.[key];
      const withMeta = meta ? { ...o, metadata: { ...o.metadata, ...meta } } : o;
      out.push(
        spec
          ? { ...withMeta, spec: spec.spec, metadata: { ...withMeta.metadata, generation: spec.generation } }
          : withMeta,
      );
    }
    return [...out, ...this.data.created];
  }

  private commit(change: (d: WrittenObjects) => WrittenObjects): void {
    this.data = change(this.data);
    this.save(this.data);
  }

  put(o: KubeObject): void {
    const key = objectKey(o);
    const stored = stripServerFields(o);
    this.commit((d) => {
      const at = d.created.findIndex((c) => objectKey(c) === key);
      const created = at >= 0 ? d.created.map((c, i) => (i === at ? stored : c)) : [...d.created, stored];
      return { ...d, created };
    });
  }

  /** A derived object whose spec was written through the API (a workload its controller rolls). */
  hasSpecWritten(o: KubeObject): boolean {
    return this.data.specs?.[objectKey(o)] !== undefined;
  }

  /** Labels and annotations a controller of the twin writes on a derived object. */
  writeMetadata(o: KubeObject, labels: Record<string, string>, annotations: Record<string, string>): void {
    const key = objectKey(o);
    this.commit((d) => ({ ...d, metadata: { ...d.metadata, [key]: { labels, annotations } } }));
  }

  /** A derived object deleted by a controller of the twin (a DaemonSet's pod it rolls). */
  markDeleted(o: KubeObject): void {
    const key = objectKey(o);
    if (!this.data.deleted.includes(key)) this.commit((d) => ({ ...d, deleted: [...d.deleted, key] }));
  }

  remove(o: KubeObject): void {
    const key = objectKey(o);
    this.commit((d) => ({ ...d, created: d.created.filter((c) => objectKey(c) !== key) }));
  }

  /** A write on any kind the source does not handle itself: kept, or refused with kube-apiserver's reasons. */
  apply(op: WriteOp): void {
    const kind = op.info.kind;
    if (op.verb === 'create') {
      if (DERIVED_ONLY.has(kind)) {
        throw new ApiError('MethodNotAllowed', `the twin makes ${op.info.resource} itself: they cannot be created`);
      }
      this.put(
        GENERATIONS.has(kind) ? { ...op.object, metadata: { ...op.object.metadata, generation: 1 } } : op.object,
      );
      return;
    }
    const current = op.current;
    if (this.isCreated(current)) {
      if (op.verb === 'delete') this.remove(current);
      else this.put(GENERATIONS.has(kind) ? withGeneration(op.object, current) : op.object);
      return;
    }
    const key = objectKey(current);
    if (op.verb === 'delete') {
      if (!DELETABLE_DERIVED.has(kind)) {
        throw new ApiError(
          'MethodNotAllowed',
          `the twin cannot delete ${op.info.resource} "${current.metadata.name}": it is made from the lab's files`,
        );
      }
      this.commit((d) => ({ ...d, deleted: [...d.deleted, key] }));
      return;
    }
    if (SPEC_WRITABLE_DERIVED.has(kind)) {
      this.put(op.object);
      return;
    }
    this.updateDerived(op.object, current, key, op.info.group);
  }

  private updateDerived(next: KubeObject, current: KubeObject, key: string, group: string): void {
    const { labels, annotations, generation: _g, ...restNext } = next.metadata;
    const { labels: _l, annotations: _a, generation: _cg, ...restCurrent } = current.metadata;
    const rolled = ROLLED.has(current.kind) && !sameJson(next.spec, current.spec);
    const changed: string[] = [];
    for (const field of new Set([...Object.keys(next), ...Object.keys(current)])) {
      if (field === 'metadata' || field === 'status' || (field === 'spec' && rolled)) continue;
      if (!sameJson(next[field], current[field])) changed.push(field);
    }
    for (const field of new Set([...Object.keys(restNext), ...Object.keys(restCurrent)])) {
      if (field === 'managedFields' || field === 'resourceVersion') continue;
      if (!sameJson(restNext[field], restCurrent[field])) changed.push(`metadata.${field}`);
    }
    if (changed.length > 0) {
      throw invalid(
        current.kind,
        current.metadata.name,
        changed.map((f) => ({
          field: f,
          message: "Forbidden: the twin takes only labels and annotations on an object made from the lab's files",
          reason: 'FieldValueForbidden',
        })),
        group,
      );
    }
    const generation = Number(current.metadata.generation ?? 1) + (rolled ? 1 : 0);
    this.commit((d) => ({
      ...d,
      ...(rolled ? { specs: { ...(d.specs ?? {}), [key]: { spec: next.spec, generation } } } : {}),
      metadata: {
        ...d.metadata,
        [key]: {
          labels: (labels as Record<string, string>) ?? {},
          annotations: (annotations as Record<string, string>) ?? {},
        },
      },
    }));
  }
}
