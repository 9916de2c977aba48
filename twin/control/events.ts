/**
 * core/v1 Events as the kubelet and the scheduler record them: one object per (object, reason, message), its count
 * and lastTimestamp raised when it happens again, kept with the written objects so `kubectl describe` shows them.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../api/types.ts';
import type { ObjectStore } from './store.ts';

export interface EventSource {
  component: string;
  host?: string;
}

function nowSeconds(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

export class EventRecorder {
  constructor(private readonly store: ObjectStore) {}

  record(about: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource): void {
    const uid = String(about.metadata.uid ?? '');
    const namespace = about.metadata.namespace ?? 'default';
    const id = createHash('sha256').update(`${uid}/${reason}/${message}`).digest('hex').slice(0, 16);
    const name = `${about.metadata.name}.${id}`;
    const existing = this.store
      .created('Event')
      .find((e) => e.metadata.name === name && e.metadata.namespace === namespace);
    const now = nowSeconds();
    if (existing) {
      this.store.put({ ...existing, count: Number(existing.count ?? 1) + 1, lastTimestamp: now });
      return;
    }
    this.store.put({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name,
        namespace,
        uid: createHash('sha256').update(`event/${name}/${now}`).digest('hex').slice(0, 32),
        creationTimestamp: now,
      },
      involvedObject: {
        apiVersion: about.apiVersion,
        kind: about.kind,
        namespace,
        name: about.metadata.name,
        uid,
      },
      reason,
      message,
      source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    });
  }
}
