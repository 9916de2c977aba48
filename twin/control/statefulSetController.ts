/**
 * The StatefulSet controller, as kube-controller-manager runs it, over the objects as served: a StatefulSet created
 * or whose spec was written through the API (a template change, `kubectl scale`) keeps one pod per ordinal,
 * `<set>-<n>`, its hostname the pod's name under the governing Service, created and deleted in the order of its
 * podManagementPolicy and rolled by its updateStrategy (statefulSetRollout.ts); the pod controller builds each pod
 * on a node with an address from IPAM. It serves the status (revisions, counts, observedGeneration) from the pods.
 * The lab's own StatefulSets stay as the plan made them until one is written through the API.
 */
import type { KubeObject } from '../api/types.ts';
import type { PodTemplate } from '../planning/pods.ts';
import { templateHash } from '../planning/workloads.ts';
import type { EventRecorder } from './events.ts';
import { ownedPod } from './ownedPod.ts';
import {
  ordinalOf,
  planStatefulSetPass,
  statefulSetCounts,
  type StatefulPod,
  type StatefulSetView,
} from './statefulSetRollout.ts';
import type { TwinState } from './state.ts';

const FILE = 'statefulsets.json';
const REVISION = 'controller-revision-hash';

type Template = PodTemplate & { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } };
type StatefulSetSpec = {
  replicas: number;
  serviceName?: string;
  template: Template;
  podManagementPolicy: 'OrderedReady' | 'Parallel';
  updateStrategy: { type: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { partition?: number } };
};

/** What the controller keeps between passes: each set's current revision (the one its pods last all had). */
type Records = Record<string, { currentRevision: string; observedGeneration: number }>;

/** What the controller does to pods; the control plane carries it out through its pod paths. */
export interface StatefulPodActions {
  /** false while a pod of the same name is still on its node: the ordinal is created in a later pass */
  create(pod: KubeObject): boolean;
  remove(pod: KubeObject): void;
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;
}

/** The spec kube-apiserver stores: 1 replica, OrderedReady, RollingUpdate from partition 0, ten revisions kept. */
export function withStatefulSetDefaults(o: KubeObject): KubeObject {
  const spec = o.spec as Partial<StatefulSetSpec> & Record<string, unknown>;
  const strategy = spec.updateStrategy ?? { type: 'RollingUpdate' };
  const type = strategy.type ?? 'RollingUpdate';
  return {
    ...o,
    spec: {
      ...spec,
      replicas: spec.replicas ?? 1,
      podManagementPolicy: spec.podManagementPolicy ?? 'OrderedReady',
      revisionHistoryLimit: spec.revisionHistoryLimit ?? 10,
      persistentVolumeClaimRetentionPolicy: spec.persistentVolumeClaimRetentionPolicy ?? {
        whenDeleted: 'Retain',
        whenScaled: 'Retain',
      },
      updateStrategy:
        type === 'RollingUpdate'
          ? { type, rollingUpdate: { partition: 0, ...(strategy.rollingUpdate ?? {}) } }
          : { type },
    },
  };
}

function isReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions;
  return (conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function ownedBy(pod: KubeObject, set: KubeObject): boolean {
  const refs = (pod.metadata.ownerReferences as { uid?: string; kind?: string }[] | undefined) ?? [];
  return (
    pod.metadata.namespace === set.metadata.namespace &&
    refs.some((r) => r.kind === 'StatefulSet' && r.uid === set.metadata.uid)
  );
}

export class StatefulSetController {
  private records: Records;

  constructor(
    private readonly state: TwinState,
    private readonly events: EventRecorder,
  ) {
    this.records = state.read<Records>(FILE) ?? {};
  }

  private updateRevision(set: KubeObject): string {
    return `${set.metadata.name}-${templateHash((set.spec as StatefulSetSpec).template)}`;
  }

  private view(set: KubeObject): StatefulSetView {
    const spec = set.spec as StatefulSetSpec;
    return {
      replicas: spec.replicas,
      policy: spec.podManagementPolicy,
      strategy: spec.updateStrategy.type,
      partition: spec.updateStrategy.rollingUpdate?.partition ?? 0,
      updateRevision: this.updateRevision(set),
    };
  }

  private pods(set: KubeObject, objects: KubeObject[]): { pod: KubeObject; view: StatefulPod }[] {
    return objects.flatMap((pod) => {
      if (pod.kind !== 'Pod' || !ownedBy(pod, set)) return [];
      const ordinal = ordinalOf(set.metadata.name, pod.metadata.name);
      if (ordinal === undefined) return [];
      const view = {
        name: pod.metadata.name,
        ordinal,
        revision: pod.metadata.labels?.[REVISION] ?? '',
        ready: isReady(pod),
        terminating: Boolean(pod.metadata.deletionTimestamp),
      };
      return [{ pod, view }];
    });
  }

  /**
   * The revision the set's pods were at before its template last changed; the update's once a rolling update has
   * every pod updated and Ready (completeRollingUpdate).
   */
  private currentRevision(set: KubeObject, pods: StatefulPod[]): string {
    const update = this.updateRevision(set);
    const recorded =
      this.records[keyOf(set)]?.currentRevision ?? pods.find((p) => p.revision && p.revision !== update)?.revision;
    if (!recorded) return update;
    const counts = statefulSetCounts(pods, recorded, update);
    const rolling = (set.spec as StatefulSetSpec).updateStrategy.type === 'RollingUpdate';
    const complete = counts.updatedReplicas === counts.replicas && counts.readyReplicas === counts.replicas;
    return rolling && complete ? update : recorded;
  }

  /** The StatefulSets as served: the API server's defaults; for those it manages, the status their pods make. */
  serve(objects: KubeObject[], managed: (set: KubeObject) => boolean): KubeObject[] {
    return objects.map((o) => {
      if (o.kind !== 'StatefulSet') return o;
      const set = withStatefulSetDefaults(o);
      if (!managed(o)) return set;
      const pods = this.pods(set, objects).map((p) => p.view);
      const update = this.updateRevision(set);
      const current = this.currentRevision(set, pods);
      const counts = statefulSetCounts(pods, current, update);
      const record = this.records[keyOf(set)];
      return {
        ...set,
        status: {
          observedGeneration: record?.observedGeneration ?? 0,
          ...counts,
          availableReplicas: counts.readyReplicas,
          currentRevision: current,
          updateRevision: update,
          collisionCount: 0,
        },
      };
    });
  }

  /** One pass over the StatefulSets it manages: the pods each one creates and deletes now. */
  sync(objects: KubeObject[], managed: (set: KubeObject) => boolean, actions: StatefulPodActions): void {
    this.collectGarbage(objects, actions);
    for (const o of objects.filter((x) => x.kind === 'StatefulSet' && managed(x))) {
      const set = withStatefulSetDefaults(o);
      const pods = this.pods(set, objects);
      const pass = planStatefulSetPass(
        this.view(set),
        pods.map((p) => p.view),
      );
      const source = { component: 'statefulset-controller' };
      for (const name of pass.remove) {
        const pod = pods.find((p) => p.view.name === name)!.pod;
        actions.remove(pod);
        this.events.record(
          set,
          'Normal',
          'SuccessfulDelete',
          `delete Pod ${name} in StatefulSet ${o.metadata.name} successful`,
          source,
        );
      }
      for (const ordinal of pass.create) {
        const pod = this.newPod(set, ordinal);
        try {
          if (!actions.create(pod)) break;
        } catch (err) {
          const what = `create Pod ${pod.metadata.name} in StatefulSet ${o.metadata.name}`;
          this.events.record(set, 'Warning', 'FailedCreate', `${what} failed error: ${(err as Error).message}`, source);
          break;
        }
        this.events.record(
          set,
          'Normal',
          'SuccessfulCreate',
          `create Pod ${pod.metadata.name} in StatefulSet ${o.metadata.name} successful`,
          source,
        );
      }
      const next = {
        currentRevision: this.currentRevision(
          set,
          pods.map((p) => p.view),
        ),
        observedGeneration: Number(set.metadata.generation ?? 1),
      };
      if (JSON.stringify(next) !== JSON.stringify(this.records[keyOf(set)])) {
        this.records[keyOf(set)] = next;
        this.state.write(FILE, this.records);
      }
    }
  }

  /** Pods whose StatefulSet is gone: deleted, as the garbage collector does. */
  private collectGarbage(objects: KubeObject[], actions: StatefulPodActions): void {
    const sets = new Set(objects.filter((o) => o.kind === 'StatefulSet').map((o) => String(o.metadata.uid)));
    for (const pod of objects.filter((o) => o.kind === 'Pod' && !o.metadata.deletionTimestamp)) {
      const refs = (pod.metadata.ownerReferences as { kind?: string; uid?: string; controller?: boolean }[]) ?? [];
      const ref = refs.find((r) => r.kind === 'StatefulSet' && r.controller);
      if (ref && !sets.has(String(ref.uid))) actions.remove(pod);
    }
  }

  /** The ordinal's pod: its stable name, its hostname under the governing Service, the set's labels on it. */
  private newPod(set: KubeObject, ordinal: number): KubeObject {
    const spec = set.spec as StatefulSetSpec;
    const name = `${set.metadata.name}-${ordinal}`;
    const labels = {
      [REVISION]: this.updateRevision(set),
      'statefulset.kubernetes.io/pod-name': name,
      'apps.kubernetes.io/pod-index': String(ordinal),
    };
    const pod = ownedPod(set, spec.template, labels, {
      hostname: name,
      ...(spec.serviceName ? { subdomain: spec.serviceName } : {}),
    });
    const { generateName: _g, ...metadata } = pod.metadata;
    return { ...pod, metadata: { ...metadata, name } };
  }
}
