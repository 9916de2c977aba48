/**
 * Pods created through the API, made real as the scheduler, the kubelet and Calico's CNI plugin make them: placed on
 * a node the pod tolerates and selects (its nodeName, else the eligible node with fewest pods), addressed by IPAM
 * (the pod's annotations, the pools, the reservations), then built on the node (network namespace, veth, /32 routes,
 * proxy ARP, the container's process) with the same script the lab's own pods get at `twin up`. An address IPAM
 * refuses leaves the pod in ContainerCreating with a FailedCreatePodSandBox Event, retried as the kubelet retries.
 * A pod deleted is taken off its node and its address released before it leaves the API.
 */
import type { KubeObject } from '../api/types.ts';
import { invalid } from '../api/status.ts';
import type { PlannedNode, PlannedPod, TwinPlan } from '../plan.ts';
import { podScript, podTeardownScript, netnsName } from '../dataplane/pods.ts';
import { runInNode } from '../dataplane/nodeEnter.ts';
import type { ObservedNode } from '../dataplane/observe.ts';
import { containerEnv, tolerates, type PodTemplate } from '../planning/pods.ts';
import { podProcess } from '../pods/index.ts';
import { LabgateError } from '../shared.ts';
import type { EventRecorder } from './events.ts';
import type { ObjectStore } from './store.ts';
import type { TwinState } from './state.ts';
import type { ControllerSwitches } from './controlPlane.ts';
import { Whereabouts, type PodAttachment } from '../cni/multus.ts';

/** The kubelet's sandbox retries back off; the twin retries a refused address this often. */
const SANDBOX_RETRY_MS = 5_000;

export interface PodRecord {
  node: string;
  ip?: string;
  /** its secondary interfaces, from the definitions its annotation names (Multus and whereabouts, twin/cni/) */
  attachments?: PodAttachment[];
  /** the pod's namespace, veth and process were built on its node */
  built?: boolean;
  /** why the container is not running yet (ContainerCreating and the sandbox error) */
  waiting?: { reason: string; message: string };
  lastTry?: number;
  startedAt?: string;
}

export type PodRecords = Record<string, PodRecord>;

/** Addresses for pods, as Calico IPAM gives them (twin/ipam through the control plane). */
export interface PodAddressing {
  /** the pod's address; throws with Calico's message when IPAM refuses */
  assign(pod: { namespace: string; name: string; node: string; annotations: Record<string, string> }): string;
  release(pod: { namespace: string; name: string }): void;
}

type PodObject = KubeObject & { spec: PodTemplate['spec'] & { nodeSelector?: Record<string, string> } };

export function podKey(o: { metadata: { namespace?: string; name: string } }): string {
  return `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;
}

function controllerUid(o: KubeObject): string | undefined {
  const refs = (o.metadata.ownerReferences as { uid?: string; controller?: boolean }[] | undefined) ?? [];
  return refs.find((r) => r.controller)?.uid;
}

function nowSeconds(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

export class PodController {
  private records: PodRecords;

  constructor(
    private readonly plan: TwinPlan,
    private readonly store: ObjectStore,
    private readonly state: TwinState,
    private readonly addressing: PodAddressing,
    private readonly events: EventRecorder,
    /** the API's objects as served now (the NetworkAttachmentDefinitions among them) */
    private readonly objects: () => KubeObject[] = () => [],
  ) {
    this.records = state.read<PodRecords>('pods.json') ?? {};
  }

  private save(): void {
    this.state.write('pods.json', this.records);
  }

  record(o: KubeObject): PodRecord | undefined {
    return this.records[podKey(o)];
  }

  /** The pod as the lab's pods are planned: what the dataplane scripts, kube-proxy and DNS read. */
  planned(o: KubeObject, rec: PodRecord): PlannedPod | undefined {
    if (!rec.ip) return undefined;
    const pod = o as PodObject;
    const c = pod.spec.containers[0]!;
    const namespace = pod.metadata.namespace ?? 'default';
    const { process, command } = podProcess(`${namespace}/${pod.metadata.name}`, c);
    return {
      namespace,
      name: pod.metadata.name,
      uid: String(pod.metadata.uid),
      labels: pod.metadata.labels ?? {},
      ...(pod.metadata.annotations ? { annotations: pod.metadata.annotations as Record<string, string> } : {}),
      node: rec.node,
      ip: rec.ip,
      ...(pod.spec.hostname ? { hostname: pod.spec.hostname } : {}),
      ...(pod.spec.subdomain ? { subdomain: pod.spec.subdomain } : {}),
      container: {
        name: c.name,
        image: c.image,
        ports: (c.ports ?? []).map((p) => ({
          ...(p.name ? { name: p.name } : {}),
          containerPort: p.containerPort,
          protocol: (p.protocol ?? 'TCP') as 'TCP' | 'UDP',
        })),
        ...(command ? { command } : {}),
        env: containerEnv(c.env, { name: pod.metadata.name, namespace, ip: rec.ip, node: rec.node }),
      },
      process,
      createdAt: String(pod.metadata.creationTimestamp),
      ...(rec.attachments?.length ? { attachments: rec.attachments } : {}),
    };
  }

  /** Every API pod with an address, as planned pods (those being deleted included until they are off their node). */
  plannedPods(): PlannedPod[] {
    return this.store.created('Pod').flatMap((o) => {
      const rec = this.record(o);
      const p = rec?.built ? this.planned(o, rec) : undefined;
      return p ? [p] : [];
    });
  }

  /** A new pod checked (an image the twin runs) and scheduled: the object to keep, with its nodeName. */
  admit(o: KubeObject, nodeLabels: (node: string) => Record<string, string>, livePods: PlannedPod[]): KubeObject {
    const pod = o as PodObject;
    const containers = pod.spec?.containers ?? [];
    if (containers.length === 0) {
      throw invalid('Pod', pod.metadata.name, [
        { field: 'spec.containers', message: 'Required value', reason: 'FieldValueRequired' },
      ]);
    }
    try {
      podProcess(podKey(pod), containers[0]!);
    } catch (err) {
      const message = err instanceof LabgateError ? err.message : String(err);
      throw invalid('Pod', pod.metadata.name, [
        { field: 'spec.containers[0].image', message: `Unsupported value: ${message}` },
      ]);
    }
    const node = this.schedule(pod, nodeLabels, livePods);
    this.records[podKey(pod)] = { node: node.name };
    this.save();
    return { ...pod, spec: { ...pod.spec, nodeName: node.name } };
  }

  private schedule(
    pod: PodObject,
    nodeLabels: (node: string) => Record<string, string>,
    livePods: PlannedPod[],
  ): PlannedNode {
    const pinned = pod.spec.nodeName;
    if (pinned) {
      const node = this.plan.nodes.find((n) => n.name === pinned);
      if (!node) {
        throw invalid('Pod', pod.metadata.name, [{ field: 'spec.nodeName', message: `Not found: "${pinned}"` }]);
      }
      return node;
    }
    const selector = pod.spec.nodeSelector ?? {};
    const eligible = this.plan.nodes.filter(
      (n) => tolerates(pod, n) && Object.entries(selector).every(([k, v]) => nodeLabels(n.name)[k] === v),
    );
    if (eligible.length === 0) {
      throw invalid('Pod', pod.metadata.name, [
        {
          field: 'spec',
          message:
            'Forbidden: no node of the twin tolerates and matches this pod (the twin does not keep unschedulable pods)',
        },
      ]);
    }
    // every pod placed so far (the lab's, and the API's whether built yet or not), with its controller's uid
    const created = this.store.created('Pod');
    const apiKeys = new Set(created.map(podKey));
    const placed = [
      ...livePods
        .filter((p) => !apiKeys.has(`${p.namespace}/${p.name}`))
        .map((p) => ({ node: p.node, owner: p.owner?.uid })),
      ...created.flatMap((o) => {
        const rec = this.records[podKey(o)];
        return rec ? [{ node: rec.node, owner: controllerUid(o) }] : [];
      }),
    ];
    // the scheduler's default topology spread: fewest pods of the same controller first, then fewest pods
    const owner = controllerUid(pod);
    const siblings = (n: PlannedNode) => placed.filter((p) => p.node === n.name && owner && p.owner === owner).length;
    const load = (n: PlannedNode) => placed.filter((p) => p.node === n.name).length;
    return [...eligible].sort((a, b) => siblings(a) - siblings(b) || load(a) - load(b))[0]!;
  }

  /** Marks a pod for deletion: it stays, Terminating, until it is off its node. */
  markDeleted(current: KubeObject): void {
    const stored = this.store.created('Pod').find((o) => podKey(o) === podKey(current));
    if (!stored || stored.metadata.deletionTimestamp) return;
    this.store.put({
      ...stored,
      metadata: { ...stored.metadata, deletionTimestamp: nowSeconds(), deletionGracePeriodSeconds: 0 },
    });
  }

  /** One pass over the API pods: build, retry, tear down. True when anything changed on a node. */
  async reconcile(nodes: Map<string, ObservedNode>): Promise<boolean> {
    let changed = false;
    for (const o of this.store.created('Pod')) {
      const key = podKey(o);
      const rec = this.records[key];
      if (!rec) continue;
      if (!nodes.get(rec.node)?.running) continue;
      if (o.metadata.deletionTimestamp) {
        await this.takeDown(o, rec);
        changed = true;
        continue;
      }
      if (!rec.ip) {
        if (rec.lastTry && Date.now() - rec.lastTry < SANDBOX_RETRY_MS) continue;
        if (!this.address(o, rec)) continue;
      }
      const seen = nodes.get(rec.node)?.pods.get(netnsName({ name: o.metadata.name }));
      if (!rec.built || !seen) {
        await this.build(o, rec);
        changed = true;
      }
    }
    for (const key of Object.keys(this.records)) {
      if (!this.store.created('Pod').some((o) => podKey(o) === key)) delete this.records[key];
    }
    this.save();
    return changed;
  }

  private address(o: KubeObject, rec: PodRecord): boolean {
    const source = { component: 'kubelet', host: rec.node };
    const namespace = o.metadata.namespace ?? 'default';
    const annotations = (o.metadata.annotations as Record<string, string> | undefined) ?? {};
    try {
      rec.ip = this.addressing.assign({ namespace, name: o.metadata.name, node: rec.node, annotations });
    } catch (err) {
      const why = (err as Error).message;
      const message =
        `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: ` +
        `plugin type="calico" failed (add): ${why}`;
      rec.lastTry = Date.now();
      rec.waiting = { reason: 'ContainerCreating', message: why };
      this.events.record(o, 'Warning', 'FailedCreatePodSandBox', message, source);
      return false;
    }
    try {
      // Multus: the secondary networks the annotation names, whereabouts' addresses unique across every pod
      const held = [
        // the lab's pods still there (one deleted through the API has released its addresses)
        ...this.plan.pods
          .filter(
            (p) =>
              !this.store.isDeleted({
                apiVersion: 'v1',
                kind: 'Pod',
                metadata: { name: p.name, namespace: p.namespace },
              }),
          )
          .flatMap((p) => p.attachments ?? []),
        ...Object.entries(this.records)
          .filter(([key]) => key !== podKey(o))
          .flatMap(([, r]) => r.attachments ?? []),
      ];
      const attachments = new Whereabouts(this.objects(), held).attach({
        namespace,
        name: o.metadata.name,
        annotations,
      });
      if (attachments.length > 0) rec.attachments = attachments;
      return true;
    } catch (err) {
      const why = (err as Error).message;
      this.addressing.release({ namespace, name: o.metadata.name });
      delete rec.ip;
      rec.lastTry = Date.now();
      rec.waiting = { reason: 'ContainerCreating', message: why };
      this.events.record(
        o,
        'Warning',
        'FailedCreatePodSandBox',
        `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: ` +
          `plugin type="multus" failed (add): ${why}`,
        source,
      );
      return false;
    }
  }

  private async build(o: KubeObject, rec: PodRecord): Promise<void> {
    const planned = this.planned(o, rec)!;
    const source = { component: 'kubelet', host: rec.node };
    // Calico's CNI plugin as a fault may have broken it (controllers.json: what it does with bandwidth annotations)
    const { bandwidthFault } = this.state.read<ControllerSwitches>('controllers.json') ?? {};
    const script = `${podTeardownScript(planned)}\nset -e\n${podScript(this.plan, planned, bandwidthFault)}\n`;
    const r = await runInNode(rec.node, ['sh', '-c', script], { timeoutMs: 30_000 });
    if (r.exitCode !== 0) {
      rec.waiting = { reason: 'ContainerCreating', message: r.stderr.trim().split('\n').pop() ?? 'setup failed' };
      this.events.record(
        o,
        'Warning',
        'FailedCreatePodSandBox',
        `Failed to create pod sandbox: ${rec.waiting.message}`,
        source,
      );
      return;
    }
    const first = !rec.built;
    rec.built = true;
    rec.waiting = undefined;
    rec.startedAt ??= nowSeconds();
    if (first) {
      const c = planned.container;
      this.events.record(o, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, source);
      this.events.record(o, 'Normal', 'Created', `Created container ${c.name}`, source);
      this.events.record(o, 'Normal', 'Started', `Started container ${c.name}`, source);
    }
  }

  private async takeDown(o: KubeObject, rec: PodRecord): Promise<void> {
    if (rec.ip) {
      const planned = this.planned(o, rec)!;
      const r = await runInNode(rec.node, ['sh', '-c', podTeardownScript(planned)], { timeoutMs: 30_000 });
      if (r.exitCode !== 0) return;
      this.addressing.release({ namespace: o.metadata.namespace ?? 'default', name: o.metadata.name });
    }
    delete this.records[podKey(o)];
    this.store.remove(o);
  }

  /** Scheduled event, once the pod is kept. */
  scheduled(o: KubeObject): void {
    const rec = this.record(o);
    if (!rec) return;
    this.events.record(o, 'Normal', 'Scheduled', `Successfully assigned ${podKey(o)} to ${rec.node}`, {
      component: 'default-scheduler',
    });
  }
}
