/**
 * The Deployment and ReplicaSet controllers, as kube-controller-manager runs them, over the objects as served:
 * a Deployment created or whose spec was written through the API gets a ReplicaSet `<deployment>-<pod-template-hash>`
 * per template (owned by it, the hash in its labels, selector and pods' labels), rolled by its strategy
 * (deploymentRollout.ts: RollingUpdate within maxSurge/maxUnavailable, or Recreate), old ReplicaSets scaled to 0 and
 * kept up to revisionHistoryLimit; a ReplicaSet it manages creates pods `<replicaset>-<5 chars>` or deletes the
 * lowest-ranked ones until it has its replicas, which the pod controller builds on their nodes or takes down.
 * ReplicaSets whose Deployment is gone, and pods whose ReplicaSet is gone, are garbage-collected. The lab's own
 * Deployments stay as the plan made them until one is written through the API (or one of its ReplicaSets is scaled).
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../api/types.ts';
import type { PodTemplate } from '../planning/pods.ts';
import {
  deploymentCounts,
  isAvailable,
  planDeploymentSync,
  planReplicaSetSync,
  podTemplateHash,
  progressing,
  resolveFenceposts,
  revisionToSet,
  type DeploymentView,
  type ReplicaPod,
  type ReplicaSetView,
} from './deploymentRollout.ts';
import type { EventRecorder } from './events.ts';
import { nowSeconds, ownedPod } from './ownedPod.ts';
import type { TwinState } from './state.ts';

const FILE = 'deployments.json';
const HASH = 'pod-template-hash';
const REVISION = 'deployment.kubernetes.io/revision';

type Template = PodTemplate & { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } };
type Selector = { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
type DeploymentSpec = {
  replicas: number;
  selector: Selector;
  template: Template;
  strategy: {
    type: 'RollingUpdate' | 'Recreate';
    rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string };
  };
  revisionHistoryLimit: number;
  progressDeadlineSeconds: number;
  minReadySeconds?: number;
};
type ReplicaSetSpec = { replicas: number; selector: Selector; template: Template; minReadySeconds?: number };
type Condition = { type: string; status: string; reason: string; message: string; since: string };

/** What the controller keeps between passes: the generation each Deployment last synced, its conditions. */
type Records = Record<string, { observedGeneration: number; conditions: Condition[] }>;

/** What the controllers do; the control plane carries it out through its pod and store paths. */
export interface ReplicaActions {
  createPod(pod: KubeObject): void;
  removePod(pod: KubeObject): void;
  putReplicaSet(rs: KubeObject): void;
  removeReplicaSet(rs: KubeObject): void;
}

/** Which objects were written through the API (store.ts). */
export interface Written {
  isCreated(o: KubeObject): boolean;
  hasSpecWritten(o: KubeObject): boolean;
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;
}

function controllerRef(o: KubeObject, kind: string) {
  const refs = (o.metadata.ownerReferences as { kind?: string; name?: string; uid?: string }[] | undefined) ?? [];
  return refs.find((r) => r.kind === kind);
}

function ownedBy(o: KubeObject, owner: KubeObject): boolean {
  const ref = controllerRef(o, owner.kind);
  return Boolean(ref) && o.metadata.namespace === owner.metadata.namespace && ref!.uid === owner.metadata.uid;
}

function annotation(o: KubeObject, key: string): string | undefined {
  return (o.metadata.annotations as Record<string, string> | undefined)?.[key];
}

function podView(pod: KubeObject): ReplicaPod {
  const status = (pod.status ?? {}) as {
    phase?: string;
    conditions?: { type: string; status: string; lastTransitionTime?: string }[];
    containerStatuses?: { restartCount?: number }[];
  };
  const ready = (status.conditions ?? []).find((c) => c.type === 'Ready');
  return {
    name: pod.metadata.name,
    node: String((pod.spec as { nodeName?: string }).nodeName ?? ''),
    phase: status.phase ?? 'Pending',
    ready: ready?.status === 'True',
    created: String(pod.metadata.creationTimestamp ?? ''),
    ...(ready?.status === 'True' && ready.lastTransitionTime ? { readySince: ready.lastTransitionTime } : {}),
    restarts: (status.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0),
  };
}

/** The spec kube-apiserver stores for a Deployment: 1 replica, RollingUpdate 25%/25%, 10 revisions, 600 s. */
export function withDeploymentDefaults(d: KubeObject): KubeObject {
  const spec = d.spec as Partial<DeploymentSpec>;
  const strategy = spec.strategy ?? { type: 'RollingUpdate' };
  const type = strategy.type ?? 'RollingUpdate';
  return {
    ...d,
    spec: {
      ...spec,
      replicas: spec.replicas ?? 1,
      revisionHistoryLimit: spec.revisionHistoryLimit ?? 10,
      progressDeadlineSeconds: spec.progressDeadlineSeconds ?? 600,
      strategy:
        type === 'RollingUpdate'
          ? { type, rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%', ...(strategy.rollingUpdate ?? {}) } }
          : { type },
    },
  };
}

function deploymentView(d: KubeObject): DeploymentView {
  const spec = d.spec as DeploymentSpec;
  return {
    replicas: spec.replicas,
    strategy: { type: spec.strategy.type, ...(spec.strategy.rollingUpdate ?? {}) },
    revisionHistoryLimit: spec.revisionHistoryLimit,
  };
}

export class DeploymentController {
  private records: Records;

  constructor(
    private readonly state: TwinState,
    private readonly events: EventRecorder,
    private readonly written: Written,
  ) {
    this.records = state.read<Records>(FILE) ?? {};
  }

  /** A Deployment created or rewritten through the API, or one whose ReplicaSet was scaled through it. */
  managedDeployment(d: KubeObject, objects: KubeObject[]): boolean {
    if (this.written.isCreated(d) || this.written.hasSpecWritten(d)) return true;
    return objects.some((o) => o.kind === 'ReplicaSet' && ownedBy(o, d) && this.written.hasSpecWritten(o));
  }

  /** A ReplicaSet created, scaled or written through the API or by the Deployment controller. */
  managedReplicaSet(rs: KubeObject): boolean {
    return this.written.isCreated(rs) || this.written.hasSpecWritten(rs);
  }

  private pods(rs: KubeObject, objects: KubeObject[]): KubeObject[] {
    return objects.filter((o) => o.kind === 'Pod' && ownedBy(o, rs) && !o.metadata.deletionTimestamp);
  }

  private rsView(rs: KubeObject, objects: KubeObject[]): ReplicaSetView & { ready: number } {
    const pods = this.pods(rs, objects).map(podView);
    const ready = pods.filter((p) => p.ready).length;
    return {
      name: rs.metadata.name,
      replicas: Number((rs.spec as ReplicaSetSpec).replicas ?? 1),
      pods: pods.length,
      ready,
      available: ready,
      revision: Number(annotation(rs, REVISION) ?? 1),
      created: String(rs.metadata.creationTimestamp ?? ''),
    };
  }

  private replicaSetsOf(d: KubeObject, objects: KubeObject[]): KubeObject[] {
    return objects.filter((o) => o.kind === 'ReplicaSet' && ownedBy(o, d));
  }

  /** The Deployments (defaults, and the status their ReplicaSets make) and the managed ReplicaSets' status. */
  serve(objects: KubeObject[]): KubeObject[] {
    return objects.map((o) => {
      if (o.kind === 'ReplicaSet' && this.managedReplicaSet(o)) return this.serveReplicaSet(o, objects);
      if (o.kind !== 'Deployment') return o;
      const d = withDeploymentDefaults(o);
      return this.managedDeployment(o, objects) ? this.serveDeployment(d, objects) : d;
    });
  }

  private serveReplicaSet(rs: KubeObject, objects: KubeObject[]): KubeObject {
    const v = this.rsView(rs, objects);
    return {
      ...rs,
      status: {
        replicas: v.pods,
        fullyLabeledReplicas: v.pods,
        readyReplicas: v.ready,
        availableReplicas: v.available,
        observedGeneration: Number(rs.metadata.generation ?? 1),
      },
    };
  }

  private serveDeployment(d: KubeObject, objects: KubeObject[]): KubeObject {
    const view = deploymentView(d);
    const hash = podTemplateHash((d.spec as DeploymentSpec).template);
    const rss = this.replicaSetsOf(d, objects);
    const all = rss.map((rs) => this.rsView(rs, objects));
    const newRS = rss.find((rs) => rs.metadata.labels?.[HASH] === hash);
    const record = this.records[keyOf(d)];
    const counts = deploymentCounts(
      view,
      newRS ? all.find((r) => r.name === newRS.metadata.name) : undefined,
      all,
      record?.observedGeneration ?? 0,
    );
    const revision = newRS ? annotation(newRS, REVISION) : undefined;
    const conditions = (record?.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      lastUpdateTime: c.since,
      lastTransitionTime: c.since,
      reason: c.reason,
      message: c.message,
    }));
    const { unavailableReplicas, ...rest } = counts;
    return {
      ...d,
      metadata: {
        ...d.metadata,
        ...(revision ? { annotations: { ...(d.metadata.annotations ?? {}), [REVISION]: revision } } : {}),
      },
      status: { ...rest, ...(unavailableReplicas > 0 ? { unavailableReplicas } : {}), conditions },
    };
  }

  /** One pass: garbage collection, every managed Deployment's sync, then every managed ReplicaSet's. */
  sync(objects: KubeObject[], actions: ReplicaActions): void {
    this.collectGarbage(objects, actions);
    for (const d of objects.filter((o) => o.kind === 'Deployment' && this.managedDeployment(o, objects))) {
      this.syncDeployment(withDeploymentDefaults(d), objects, actions);
    }
    for (const rs of objects.filter((o) => o.kind === 'ReplicaSet' && this.managedReplicaSet(o))) {
      this.syncReplicaSet(rs, objects, actions);
    }
  }

  /** ReplicaSets whose Deployment is gone, pods whose ReplicaSet is gone: deleted, as the garbage collector does. */
  private collectGarbage(objects: KubeObject[], actions: ReplicaActions): void {
    const uids = new Set(objects.map((o) => String(o.metadata.uid)));
    for (const o of objects) {
      const owner = o.kind === 'ReplicaSet' ? 'Deployment' : o.kind === 'Pod' ? 'ReplicaSet' : undefined;
      const ref = owner ? controllerRef(o, owner) : undefined;
      if (!ref || uids.has(String(ref.uid))) continue;
      if (o.kind === 'ReplicaSet') actions.removeReplicaSet(o);
      else if (!o.metadata.deletionTimestamp) actions.removePod(o);
    }
  }

  private syncDeployment(d: KubeObject, objects: KubeObject[], actions: ReplicaActions): void {
    const spec = d.spec as DeploymentSpec;
    const view = deploymentView(d);
    const hash = podTemplateHash(spec.template);
    const rss = this.replicaSetsOf(d, objects);
    const newObj = rss.find((rs) => rs.metadata.labels?.[HASH] === hash);
    const oldObjs = rss.filter((rs) => rs !== newObj);
    const newRS = newObj ? this.rsView(newObj, objects) : undefined;
    const old = oldObjs.map((rs) => this.rsView(rs, objects));
    const plan = planDeploymentSync(view, newRS, old);
    const { surge } = resolveFenceposts(
      spec.strategy.rollingUpdate?.maxSurge,
      spec.strategy.rollingUpdate?.maxUnavailable,
      spec.replicas,
    );
    const annotate = (rs: KubeObject, revision?: string) => ({
      ...(rs.metadata.annotations ?? {}),
      'deployment.kubernetes.io/desired-replicas': String(spec.replicas),
      'deployment.kubernetes.io/max-replicas': String(
        spec.replicas + (spec.strategy.type === 'RollingUpdate' ? surge : 0),
      ),
      ...(revision ? { [REVISION]: revision } : {}),
    });
    let created: KubeObject | undefined;
    if (plan.create) {
      created = this.newReplicaSet(d, hash, plan.create.replicas, String(plan.create.revision));
      created.metadata.annotations = annotate(created, String(plan.create.revision));
      actions.putReplicaSet(created);
      this.scaled(d, created.metadata.name, 0, plan.create.replicas);
    }
    for (const s of plan.scale) {
      const rs = rss.find((r) => r.metadata.name === s.name)!;
      const from = Number((rs.spec as ReplicaSetSpec).replicas ?? 1);
      const { status: _s, ...bare } = rs;
      const revision = rs === newObj && newRS ? revisionToSet(newRS, old) : undefined;
      const annotations = annotate(rs, revision === undefined ? undefined : String(revision));
      actions.putReplicaSet({
        ...bare,
        metadata: { ...rs.metadata, generation: Number(rs.metadata.generation ?? 1) + 1, annotations },
        spec: { ...(rs.spec as ReplicaSetSpec), replicas: s.replicas },
      });
      this.scaled(d, s.name, from, s.replicas);
    }
    const revised =
      newObj && newRS && !plan.scale.some((x) => x.name === newRS.name) ? revisionToSet(newRS, old) : undefined;
    if (newObj && revised !== undefined) {
      const { status: _s, ...bare } = newObj;
      actions.putReplicaSet({
        ...bare,
        metadata: { ...newObj.metadata, annotations: annotate(newObj, String(revised)) },
      });
    }
    for (const name of plan.remove) actions.removeReplicaSet(rss.find((r) => r.metadata.name === name)!);
    this.record(d, view, created ? this.rsView(created, objects) : newRS, old, Boolean(created));
  }

  private scaled(d: KubeObject, rs: string, from: number, to: number): void {
    const way = to > from ? 'up' : 'down';
    this.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${way} replica set ${rs} to ${to} from ${from}`, {
      component: 'deployment-controller',
    });
  }

  /** The generation synced and the conditions, kept with their transition times. */
  private record(
    d: KubeObject,
    view: DeploymentView,
    newRS: ReplicaSetView | undefined,
    old: ReplicaSetView[],
    justCreated: boolean,
  ): void {
    const key = keyOf(d);
    const before = this.records[key];
    const available = [...(newRS ? [newRS] : []), ...old].reduce((n, r) => n + r.available, 0);
    const ok = isAvailable(view, available);
    const progress = progressing(view, newRS, old, justCreated);
    const now = nowSeconds();
    const keep = (c: Omit<Condition, 'since'>): Condition => {
      const prev = before?.conditions.find((x) => x.type === c.type);
      return { ...c, since: prev && prev.status === c.status && prev.reason === c.reason ? prev.since : now };
    };
    const conditions = [
      keep({
        type: 'Available',
        status: ok ? 'True' : 'False',
        reason: ok ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        message: ok ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
      }),
      keep({ type: 'Progressing', status: 'True', ...progress }),
    ];
    const next = { observedGeneration: Number(d.metadata.generation ?? 1), conditions };
    if (JSON.stringify(next) === JSON.stringify(before)) return;
    this.records[key] = next;
    this.state.write(FILE, this.records);
  }

  private newReplicaSet(d: KubeObject, hash: string, replicas: number, revision: string): KubeObject {
    const spec = d.spec as DeploymentSpec;
    const labels = { ...(spec.template.metadata?.labels ?? {}), [HASH]: hash };
    return {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        uid: randomUUID(),
        creationTimestamp: nowSeconds(),
        generation: 1,
        labels,
        annotations: { [REVISION]: revision },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: d.metadata.name,
            uid: String(d.metadata.uid),
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas,
        ...(spec.minReadySeconds ? { minReadySeconds: spec.minReadySeconds } : {}),
        selector: { ...spec.selector, matchLabels: { ...(spec.selector.matchLabels ?? {}), [HASH]: hash } },
        template: { ...spec.template, metadata: { ...(spec.template.metadata ?? {}), labels } },
      },
    };
  }

  private syncReplicaSet(rs: KubeObject, objects: KubeObject[], actions: ReplicaActions): void {
    const spec = rs.spec as ReplicaSetSpec;
    const pods = this.pods(rs, objects);
    const plan = planReplicaSetSync(Number(spec.replicas ?? 1), pods.map(podView));
    const source = { component: 'replicaset-controller' };
    for (const name of plan.remove) {
      actions.removePod(pods.find((p) => p.metadata.name === name)!);
      this.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`, source);
    }
    for (let i = 0; i < plan.create; i++) {
      const pod = this.newPod(rs);
      try {
        actions.createPod(pod);
      } catch (err) {
        this.events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`, source);
        return;
      }
      this.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, source);
    }
  }

  private newPod(rs: KubeObject): KubeObject {
    return ownedPod(rs, (rs.spec as ReplicaSetSpec).template);
  }
}
