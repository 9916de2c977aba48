/**
 * The DaemonSet controller: reads the DaemonSets and pods as served, and when a DaemonSet's template changed through
 * the API rolls its pods as kube-controller-manager does (RollingUpdate, maxSurge 0): deletes old pods within
 * maxUnavailable, creates on each node left without one a pod of the new revision (a new name, its
 * `controller-revision-hash` and `pod-template-generation` labels), which the pod controller then builds on the node
 * with an address from IPAM. It serves each DaemonSet's status from its pods (rollout.ts), defaults as the API
 * server would.
 */
import type { KubeObject } from '../api/types.ts';
import type { PlannedNode } from '../plan.ts';
import { tolerates, type PodTemplate } from '../planning/pods.ts';
import type { EventRecorder } from './events.ts';
import { ownedPod } from './ownedPod.ts';
import { daemonSetStatus, maxUnavailableOf, planRollout, revisionHash, type DaemonPod } from './rollout.ts';
import type { TwinState } from './state.ts';

const FILE = 'daemonsets.json';

type DaemonSetSpec = {
  template: PodTemplate & { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } };
  updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
  revisionHistoryLimit?: number;
};

/** What the controller does to pods; the control plane carries it out through its pod paths. */
export interface DaemonPodActions {
  remove(pod: KubeObject): void;
  create(pod: KubeObject): void;
  /** the pod's labels and annotations rewritten where it is (only a faulty controller does this) */
  relabel?(pod: KubeObject, labels: Record<string, string>, annotations: Record<string, string>): void;
}

/** How a faulty DaemonSet controller rolls: not at all, or by rewriting the old pods' labels in place. */
export type RolloutFault = 'rolls-no-pod' | 'relabels-in-place' | undefined;

function isReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions;
  return (conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function ownedBy(pod: KubeObject, ds: KubeObject): boolean {
  const refs = (pod.metadata.ownerReferences as { uid?: string; kind?: string; name?: string }[] | undefined) ?? [];
  return (
    pod.metadata.namespace === ds.metadata.namespace &&
    refs.some((r) => r.kind === 'DaemonSet' && (r.uid === ds.metadata.uid || r.name === ds.metadata.name))
  );
}

/** The spec the API server stores: RollingUpdate with maxUnavailable 1 and maxSurge 0, ten revisions kept. */
export function withDefaults(ds: KubeObject): KubeObject {
  const spec = ds.spec as DaemonSetSpec;
  const strategy = spec.updateStrategy ?? {};
  const type = strategy.type ?? 'RollingUpdate';
  return {
    ...ds,
    spec: {
      ...spec,
      revisionHistoryLimit: spec.revisionHistoryLimit ?? 10,
      updateStrategy:
        type === 'RollingUpdate'
          ? { type, rollingUpdate: { maxUnavailable: 1, maxSurge: 0, ...(strategy.rollingUpdate ?? {}) } }
          : { type },
    },
  };
}

export class DaemonSetController {
  private observed: Record<string, number>;

  constructor(
    private readonly nodes: PlannedNode[],
    private readonly state: TwinState,
    private readonly events: EventRecorder,
  ) {
    this.observed = state.read<Record<string, number>>(FILE) ?? {};
  }

  private key(ds: KubeObject): string {
    return `${ds.metadata.namespace}/${ds.metadata.name}`;
  }

  /** The nodes the DaemonSet's template tolerates and selects. */
  private eligible(ds: KubeObject, labelsOf: (node: string) => Record<string, string>): string[] {
    const template = (ds.spec as DaemonSetSpec).template;
    const selector = (template.spec as { nodeSelector?: Record<string, string> }).nodeSelector ?? {};
    return this.nodes
      .filter((n) => tolerates(template, n) && Object.entries(selector).every(([k, v]) => labelsOf(n.name)[k] === v))
      .map((n) => n.name);
  }

  private daemonPods(ds: KubeObject, objects: KubeObject[]): { pod: KubeObject; view: DaemonPod }[] {
    return objects
      .filter((o) => o.kind === 'Pod' && ownedBy(o, ds))
      .map((pod) => ({
        pod,
        view: {
          name: pod.metadata.name,
          node: String((pod.spec as { nodeName?: string }).nodeName ?? ''),
          revision: pod.metadata.labels?.['controller-revision-hash'] ?? '',
          ready: isReady(pod),
          terminating: Boolean(pod.metadata.deletionTimestamp),
        },
      }));
  }

  private generation(ds: KubeObject): number {
    return Number(ds.metadata.generation ?? 1);
  }

  /**
   * The DaemonSets as served: the API server's defaults; the status their pods make for those the controller
   * manages (the others keep the status their planned pods give them).
   */
  serve(objects: KubeObject[], managed: (ds: KubeObject) => boolean): KubeObject[] {
    const labelsOf = nodeLabels(objects);
    return objects.map((o) => {
      if (o.kind !== 'DaemonSet') return o;
      const ds = withDefaults(o);
      if (!managed(o)) return ds;
      const pods = this.daemonPods(ds, objects).map((p) => p.view);
      const revision = revisionHash((ds.spec as DaemonSetSpec).template);
      const observed = this.observed[this.key(ds)] ?? 1;
      return { ...ds, status: daemonSetStatus(this.eligible(ds, labelsOf), pods, revision, observed) };
    });
  }

  /**
   * One pass over the DaemonSets it manages (those written through the API; the lab's own pods stay as the plan
   * made them until then): the pods each one's rollout deletes and creates now.
   */
  sync(
    objects: KubeObject[],
    managed: (ds: KubeObject) => boolean,
    actions: DaemonPodActions,
    fault: RolloutFault = undefined,
  ): void {
    const labelsOf = nodeLabels(objects);
    for (const ds of objects.filter((o) => o.kind === 'DaemonSet' && managed(o))) {
      const spec = ds.spec as DaemonSetSpec;
      const nodes = this.eligible(ds, labelsOf);
      const pods = this.daemonPods(ds, objects);
      const revision = revisionHash(spec.template);
      const generation = this.generation(ds);
      const rolling = (spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
      const max = maxUnavailableOf(spec.updateStrategy?.rollingUpdate?.maxUnavailable, nodes.length);
      const pass = planRollout(
        nodes,
        rolling ? pods.map((p) => p.view) : pods.map((p) => ({ ...p.view, revision })),
        revision,
        max,
      );
      if (fault === 'relabels-in-place') this.relabel(ds, pods, revision, generation, actions);
      const frozen = fault !== undefined;
      for (const name of frozen ? [] : pass.remove) {
        const pod = pods.find((p) => p.view.name === name)!.pod;
        actions.remove(pod);
        this.events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`, {
          component: 'daemonset-controller',
        });
      }
      for (const node of frozen ? [] : pass.create) {
        const pod = this.newPod(ds, node, revision, generation);
        actions.create(pod);
        this.events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, {
          component: 'daemonset-controller',
        });
      }
      if (this.observed[this.key(ds)] !== generation) {
        this.observed[this.key(ds)] = generation;
        this.state.write(FILE, this.observed);
      }
    }
  }

  /** The fault: each old pod given the new revision's labels and annotations, its sandbox (and address) kept. */
  private relabel(
    ds: KubeObject,
    pods: { pod: KubeObject; view: DaemonPod }[],
    revision: string,
    generation: number,
    actions: DaemonPodActions,
  ): void {
    const template = (ds.spec as DaemonSetSpec).template;
    for (const { pod, view } of pods.filter((p) => p.view.revision !== revision && !p.view.terminating)) {
      const labels = {
        ...(template.metadata?.labels ?? {}),
        'controller-revision-hash': revision,
        'pod-template-generation': String(generation),
      };
      actions.relabel?.(pod, labels, template.metadata?.annotations ?? {});
      view.revision = revision;
    }
  }

  private newPod(ds: KubeObject, node: string, revision: string, generation: number): KubeObject {
    const labels = { 'controller-revision-hash': revision, 'pod-template-generation': String(generation) };
    return ownedPod(ds, (ds.spec as DaemonSetSpec).template, labels, { nodeName: node });
  }
}

function nodeLabels(objects: KubeObject[]): (node: string) => Record<string, string> {
  return (node) => objects.find((o) => o.kind === 'Node' && o.metadata.name === node)?.metadata.labels ?? {};
}
