/**
 * resourceVersion as kube-apiserver keeps it, over snapshots that the control plane rebuilds from the dataplane:
 * one counter for the whole cluster, an object's resourceVersion the counter's value when its content last changed,
 * and a bounded log of the changes (ADDED, MODIFIED, DELETED) that watches replay from a resourceVersion and follow.
 */
import type { KubeObject } from './types.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface VersionedEvent {
  type: WatchEventType;
  /** the counter's value at this change: the object carries it as metadata.resourceVersion */
  rv: number;
  object: KubeObject;
}

export type ChangeListener = (event: VersionedEvent) => void;

const LOG_LIMIT = 5000;

export function objectKey(o: KubeObject): string {
  return `${o.apiVersion}\u0000${o.kind}\u0000${o.metadata.namespace ?? ''}\u0000${o.metadata.name}`;
}

function withoutVersion(o: KubeObject): string {
  const { resourceVersion: _rv, ...metadata } = o.metadata;
  return JSON.stringify({ ...o, metadata });
}

function stamped(o: KubeObject, rv: number): KubeObject {
  return { ...o, metadata: { ...o.metadata, resourceVersion: String(rv) } };
}

export class Versioner {
  private counter: number;
  private readonly known = new Map<string, { content: string; object: KubeObject }>();
  private readonly log: VersionedEvent[] = [];
  /** the oldest resourceVersion a watch can start from: changes before it are no longer in the log */
  private oldest: number;
  private readonly listeners = new Set<ChangeListener>();
  private started = false;

  /** `start`: the first counter value; a restarted server must start above what it served before. */
  constructor(start: number) {
    this.counter = start;
    this.oldest = start;
  }

  get current(): number {
    return this.counter;
  }

  get oldestWatchable(): number {
    return this.oldest;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The objects of a new snapshot, each with its resourceVersion; the changes since the last one logged and told. */
  stamp(objects: KubeObject[]): KubeObject[] {
    const seen = new Set<string>();
    const out: KubeObject[] = [];
    const events: VersionedEvent[] = [];
    for (const o of objects) {
      const key = objectKey(o);
      if (seen.has(key)) continue;
      seen.add(key);
      const content = withoutVersion(o);
      const before = this.known.get(key);
      if (before && before.content === content) {
        out.push(before.object);
        continue;
      }
      const object = stamped(o, ++this.counter);
      this.known.set(key, { content, object });
      out.push(object);
      if (this.started) events.push({ type: before ? 'MODIFIED' : 'ADDED', rv: this.counter, object });
    }
    for (const [key, before] of [...this.known]) {
      if (seen.has(key)) continue;
      this.known.delete(key);
      const object = stamped(before.object, ++this.counter);
      if (this.started) events.push({ type: 'DELETED', rv: this.counter, object });
    }
    if (!this.started) this.oldest = this.counter;
    this.started = true;
    for (const e of events) this.record(e);
    return out;
  }

  private record(event: VersionedEvent): void {
    this.log.push(event);
    if (this.log.length > LOG_LIMIT) this.oldest = this.log.shift()!.rv;
    for (const l of this.listeners) l(event);
  }

  /** The changes after `rv`, or undefined when some of them left the log (the watch must list again: 410). */
  since(rv: number): VersionedEvent[] | undefined {
    if (rv < this.oldest) return undefined;
    return this.log.filter((e) => e.rv > rv);
  }
}
