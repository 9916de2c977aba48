/**
 * The twin's control plane: observes the real dataplane, runs the EndpointSlice controller and kube-proxy
 * over it, and serves the result to the API server. Requests arriving together share one observation.
 */
import type { ClusterSnapshot, ClusterSource, ExecRequest, ExecOutcome, KubeObject, WriteOp } from '../api/types.ts';
import { invalid } from '../api/status.ts';
import { hostnameUnder, type PlannedPod, type TwinPlan } from '../plan.ts';
import { runInNode } from '../dataplane/nodeEnter.ts';
import { podTeardownScript, netnsName } from '../dataplane/pods.ts';
import { EventRecorder } from './events.ts';
import { DaemonSetController } from './daemonSetController.ts';
import { DeploymentController } from './deploymentController.ts';
import { StatefulSetController } from './statefulSetController.ts';
import { PodController, podKey, type PodAddressing } from './podController.ts';
import { kubernetesService, servedObjects } from './served.ts';
import { admitService, plannedService } from './serviceController.ts';
import type { BandwidthFault } from '../dataplane/bandwidth.ts';
import { ipamAddressing } from './podAddressing.ts';
import type { IpamState } from '../ipam/index.ts';
import { emptyWrites, ObjectStore, type WrittenObjects } from './store.ts';
import { nodeState } from '../dataplane/nodeEnter.ts';
import { observeNode, type ObservedNode } from '../dataplane/observe.ts';
import {
  buildSnapshot,
  computeEndpoints,
  podStates,
  serviceKey,
  type EndpointsByService,
  type PodState,
} from './snapshot.ts';
import { dnsSettings, renderClusterDns, type EndpointsOf } from '../dataplane/clusterDns.ts';
import { readDnsPodConfig } from '../dataplane/dnsConfigRead.ts';
import { corefileFromUnbound } from '../dns/corefileFromConfig.ts';
import { computeLegacyEndpoints, type LegacyEndpoints } from './endpointsController.ts';
import { readIpam, writeIpam } from './ipam.ts';
import { dnsDirs } from '../dataplane/pods.ts';
import { proxyInput, syncNode } from './proxy.ts';
import { execInPod } from './exec.ts';
import { podLogText } from './logs.ts';
import type { PodLogRequest } from '../api/podLog.ts';
import type { TwinState } from './state.ts';
import { WireguardController, wireguardEnabled, type WireguardFaults } from './wireguard.ts';

const OBSERVATION_MAX_AGE_MS = 700;
/** kube-controller-manager's --node-monitor-grace-period: how long a node unheard from stays Ready */
const NODE_MONITOR_GRACE_MS = 40_000;

export interface ControllerSwitches extends WireguardFaults {
  /** a stalled EndpointSlice controller keeps the endpoints it last wrote */
  endpointSliceControllerPaused?: boolean;
  /** a stalled Endpoints controller keeps the legacy Endpoints it last wrote */
  endpointsControllerPaused?: boolean;
  /** a stalled kube-proxy stops reprogramming the nodes */
  kubeProxyPaused?: boolean;
  /** Calico's CNI plugin reads no cni.projectcalico.org/ipAddrs annotation: every pod is addressed by the pools */
  ipamIgnoresIpAddrs?: boolean;
  /** IPAM hands out an address a pod already holds, instead of refusing it */
  ipamGivesTakenAddress?: boolean;
  /** Calico's CNI plugin reads no cni.projectcalico.org/ipv4pools annotation: pools by the node's selector only */
  ipamIgnoresIpv4Pools?: boolean;
  /** the DaemonSet controller observes a template change and rolls no pod */
  daemonSetRollsNoPod?: boolean;
  /** the DaemonSet controller rewrites the old pods' labels and annotations in place instead of re-creating them */
  daemonSetRelabelsInPlace?: boolean;
  /** the DaemonSet controller rolls every node but the last eligible one, whose old pod stays */
  daemonSetRolloutSkipsLastNode?: boolean;
  /** what Calico's CNI plugin does wrong with a new pod's bandwidth annotations */
  bandwidthFault?: BandwidthFault;
}

export class TwinControlPlane implements ClusterSource {
  private nodes = new Map<string, ObservedNode>();
  private readonly lastReadAt = new Map<string, number>();
  private pods: PodState[] = [];
  private endpoints: EndpointsByService = new Map();
  private legacyEndpoints: LegacyEndpoints = new Map();
  private corefile: string | undefined;
  private observedAt = 0;
  private inFlight: Promise<void> | undefined;
  /** a write came while a pass was in flight: another pass follows it */
  private kicked = false;
  /** the last pass built, took down, deleted or created a pod: the next pass has work waiting on it */
  private acted = false;
  private generation = 0;
  private lastProxyInput = '';
  private proxiedNodes = new Set<string>();
  private lastDnsInput = '';
  private readonly store: ObjectStore;
  private readonly podController: PodController;
  private readonly daemonSets: DaemonSetController;
  private readonly deployments: DeploymentController;
  private readonly statefulSets: StatefulSetController;
  private readonly addressing: PodAddressing;
  private readonly wireguard: WireguardController;
  private readonly takenDown = new Set<string>();
  /** the objects last served: what IPAM reads the pools, reservations and node labels from */
  private lastObjects: KubeObject[] = [];

  constructor(
    private readonly base: TwinPlan,
    private readonly state: TwinState,
    addressing?: PodAddressing,
  ) {
    this.store = new ObjectStore(state.read<WrittenObjects>('objects.json') ?? emptyWrites(), (d) =>
      state.write('objects.json', d),
    );
    const ipamState = { load: () => readIpam(state), save: (s: IpamState) => writeIpam(state, s) };
    const labelsOf = (node: string) =>
      this.lastObjects.find((o) => o.kind === 'Node' && o.metadata.name === node)?.metadata.labels ?? {};
    addressing ??= ipamAddressing(
      ipamState,
      () => this.lastObjects,
      labelsOf,
      (node, block) => this.routeBlock(node, block),
      () => this.switches(),
    );
    this.addressing = addressing;
    const events = new EventRecorder(this.store);
    this.podController = new PodController(base, this.store, state, addressing, events, () => this.lastObjects);
    this.daemonSets = new DaemonSetController(base.nodes, state, events);
    this.deployments = new DeploymentController(state, events, this.store);
    this.statefulSets = new StatefulSetController(state, events);
    this.wireguard = new WireguardController(state);
  }

  /** The plan as it is now: the lab's pods less those deleted through the API, plus the API's pods on their nodes. */
  private get plan(): TwinPlan {
    const kept = this.base.pods.filter((p) => !this.store.isDeleted(podObjectKey(p)));
    const created = this.store.created('Service').map((o) => plannedService(o, this.base));
    return {
      ...this.base,
      pods: [...kept, ...this.podController.plannedPods()],
      services: [...this.base.services, ...created],
    };
  }

  /**
   * A running node that could not be read this time (an exec that failed under load) keeps what was read last,
   * as a node stays Ready through missed heartbeats; only after the node-monitor grace period is it not running.
   */
  private nodeOrLastRead(name: string, read: ObservedNode | undefined): ObservedNode {
    const now = Date.now();
    if (read) {
      this.lastReadAt.set(name, now);
      return read;
    }
    const last = this.nodes.get(name);
    const since = this.lastReadAt.get(name);
    if (last && since !== undefined && now - since < NODE_MONITOR_GRACE_MS) return last;
    return { name, running: false, pods: new Map(), routes: [] };
  }

  private switches(): ControllerSwitches {
    return this.state.read<ControllerSwitches>('controllers.json') ?? {};
  }

  /** Observes the dataplane (at most one observation at a time) and runs the controllers on it. */
  refresh(): Promise<void> {
    this.inFlight ??= this.observe().finally(() => {
      this.inFlight = undefined;
      if (this.kicked) this.kick();
    });
    return this.inFlight;
  }

  /**
   * A write changed what the controllers act on: a pass follows now, or right after the one in flight (which may
   * have read the objects before the write), as an informer hands a change to its controller at once.
   */
  private kick(): void {
    this.kicked = this.inFlight !== undefined;
    if (!this.kicked) void this.refresh().catch(() => {});
  }

  private async observe(): Promise<void> {
    const built = await this.podController.reconcile(this.nodes);
    const tookDown = await this.takeDownDeleted();
    const observed = await Promise.all(
      this.plan.nodes.map(async (n) => {
        const c = await nodeState(n.name);
        // a node-ip the lab sets (a topology link's address) is the node's InternalIP, as kubelet reports it
        const read = await observeNode(n.name, c.running, this.plan.topology?.nodeAddresses?.[n.name]?.ip ?? c.ip);
        return this.nodeOrLastRead(n.name, read);
      }),
    );
    const nodes = new Map(observed.map((n) => [n.name, n]));
    const plan = this.plan;
    const pods = podStates(plan, nodes);
    const switches = this.switches();
    const endpoints =
      !switches.endpointSliceControllerPaused || this.generation === 0 ? computeEndpoints(plan, pods) : this.endpoints;
    if (!switches.kubeProxyPaused) await this.syncProxy(endpoints, nodes);
    await this.syncDns(endpoints);
    // Clients see this pass only once kube-proxy's rules and the DNS answers follow it: a pass here takes a second
    // of iptables-restore where a cluster's lag is milliseconds, and a pod Ready before its Service answers is a race.
    this.nodes = nodes;
    this.pods = pods;
    this.endpoints = endpoints;
    if (!switches.endpointsControllerPaused || this.generation === 0) {
      this.legacyEndpoints = computeLegacyEndpoints(plan, pods);
    }
    await this.readCorefile();
    const peers = [...nodes.values()].map((n) => ({ name: n.name, ip: n.ip, running: n.running }));
    await this.wireguard.sync(wireguardEnabled(this.lastObjects), peers, switches);
    this.generation++;
    this.observedAt = Date.now();
    const objects = this.served().objects;
    const rolled = this.syncDaemonSets(objects, switches);
    const replicated = this.syncDeployments(objects);
    const ordered = this.syncStatefulSets(objects);
    this.acted = built || tookDown || rolled || replicated || ordered;
  }

  /** Whether the last pass changed pods, so the next pass should follow now (a rollout's next step waits on it). */
  get settling(): boolean {
    return this.acted;
  }

  /** A workload created or rewritten through the API: its pods are its controller's. */
  private readonly managedWorkload = (o: KubeObject): boolean =>
    this.store.isCreated(o) || this.store.hasSpecWritten(o);

  /** A pod created by a client or a workload controller: checked, scheduled, kept; the pod controller builds it. */
  private admitPod(pod: KubeObject, labelsOf: (node: string) => Record<string, string>): void {
    const admitted = this.podController.admit(pod, labelsOf, this.plan.pods);
    this.store.put(admitted);
    this.podController.scheduled(admitted);
  }

  /** A pod a workload controller deletes: one made through the API goes Terminating, one of the lab's goes at once. */
  private removeControlledPod(pod: KubeObject): void {
    if (this.store.isCreated(pod)) this.podController.markDeleted(pod);
    else this.store.markDeleted(pod);
  }

  /** The DaemonSet controller's pass: its deletions and creations go the ways a client's would. */
  private syncDaemonSets(objects: KubeObject[], switches: ControllerSwitches): boolean {
    let acted = false;
    const labelsOf = nodeLabelsIn(objects);
    const skipped = switches.daemonSetRolloutSkipsLastNode ? this.base.nodes.at(-1)?.name : undefined;
    const actions = {
      remove: (pod: KubeObject) => {
        if ((pod.spec as { nodeName?: string }).nodeName === skipped) return;
        acted = true;
        this.removeControlledPod(pod);
      },
      create: (pod: KubeObject) => {
        acted = true;
        this.admitPod(pod, labelsOf);
      },
      relabel: (pod: KubeObject, labels: Record<string, string>, annotations: Record<string, string>) => {
        if (this.store.isCreated(pod)) this.store.put({ ...pod, metadata: { ...pod.metadata, labels, annotations } });
        else this.store.writeMetadata(pod, labels, annotations);
      },
    };
    const fault = switches.daemonSetRollsNoPod
      ? 'rolls-no-pod'
      : switches.daemonSetRelabelsInPlace
        ? 'relabels-in-place'
        : undefined;
    this.daemonSets.sync(objects, this.managedWorkload, actions, fault);
    return acted;
  }

  /** The StatefulSet controller's pass: an ordinal's pod comes back only once the pod it replaces is off its node. */
  private syncStatefulSets(objects: KubeObject[]): boolean {
    let acted = false;
    const labelsOf = nodeLabelsIn(objects);
    this.statefulSets.sync(objects, this.managedWorkload, {
      create: (pod) => {
        const key = podKey(pod);
        const old = this.base.pods.find((p) => podKey({ metadata: p }) === key);
        acted = true;
        if (old && this.store.isDeleted(podObjectKey(old)) && !this.takenDown.has(key)) return false;
        this.admitPod(pod, labelsOf);
        return true;
      },
      remove: (pod) => {
        acted = true;
        this.removeControlledPod(pod);
      },
    });
    return acted;
  }

  /** The Deployment and ReplicaSet controllers' pass: pods created and deleted the ways a client's would. */
  private syncDeployments(objects: KubeObject[]): boolean {
    let acted = false;
    const labelsOf = nodeLabelsIn(objects);
    this.deployments.sync(objects, {
      createPod: (pod) => {
        this.admitPod(pod, labelsOf);
        acted = true;
      },
      removePod: (pod) => {
        acted = true;
        this.removeControlledPod(pod);
      },
      putReplicaSet: (rs) => {
        acted = true;
        this.store.put(rs);
      },
      removeReplicaSet: (rs) => {
        acted = true;
        this.store.remove(rs);
        this.store.markDeleted(rs);
      },
    });
    return acted;
  }

  private async syncProxy(endpoints: EndpointsByService, nodes: Map<string, ObservedNode>): Promise<void> {
    const input = proxyInput(this.plan, endpoints);
    const key = JSON.stringify(input);
    const running = [...nodes.values()].filter((n) => n.running).map((n) => n.name);
    if (key !== this.lastProxyInput) this.proxiedNodes.clear();
    // A node that comes back (or that kube-proxy never programmed) is programmed from scratch.
    for (const n of [...this.proxiedNodes]) if (!running.includes(n)) this.proxiedNodes.delete(n);
    const pending = running.filter((n) => !this.proxiedNodes.has(n));
    await Promise.all(pending.map((n) => syncNode(n, input)));
    for (const n of pending) this.proxiedNodes.add(n);
    this.lastProxyInput = key;
  }

  /** The cluster DNS follows the endpoints (headless answers list the ready pods), as CoreDNS watches them. */
  private async syncDns(endpoints: EndpointsByService): Promise<void> {
    const endpointsOf: EndpointsOf = (svc) =>
      (endpoints.get(serviceKey(svc)) ?? [])
        .filter((e) => e.ready)
        .map((e) => ({ ip: e.ip, ready: true, ...hostnameUnder(svc, e.pod) }));
    const settings = dnsSettings(this.state);
    // a Service deleted and re-created within one pass may come back at another VIP: its name and VIPs are the key
    const services = this.plan.services.map((s) => [s.namespace, s.name, s.clusterIP, s.clusterIPs, endpointsOf(s)]);
    const key = JSON.stringify([services, settings]);
    if (key === this.lastDnsInput) return;
    await renderClusterDns(this.plan, endpointsOf, settings, dnsDirs);
    this.lastDnsInput = key;
  }

  /**
   * The coredns ConfigMap's Corefile, rendered from what the first readable DNS pod's server is configured with;
   * the last one read stays while none can be read (a node down), as a ConfigMap stays.
   */
  private async readCorefile(): Promise<void> {
    for (const pod of this.plan.pods.filter((p) => p.process === 'dns')) {
      if (!this.nodes.get(pod.node)?.running) continue;
      const config = await readDnsPodConfig(pod);
      if (!config) continue;
      try {
        this.corefile = corefileFromUnbound(config.unboundConf, config.resolvConf, config.source);
        return;
      } catch {
        // a configuration that serves no zone: try the next DNS pod, else keep the last Corefile
      }
    }
  }

  /** Every pod of the lab Ready (pods created through the API do not count: they may wait on purpose). */
  allPodsReady(): boolean {
    return this.pods.length > 0 && this.pods.every((p) => p.ready);
  }

  async snapshot(): Promise<ClusterSnapshot> {
    if (Date.now() - this.observedAt > OBSERVATION_MAX_AGE_MS) await this.refresh();
    return this.served();
  }

  /** The objects as served from the last observation. */
  private served(): ClusterSnapshot {
    const outputs = { legacyEndpoints: this.legacyEndpoints, ipam: readIpam(this.state), corefile: this.corefile };
    const plan = this.plan;
    const derived = buildSnapshot(plan, this.nodes, this.endpoints, this.generation, outputs);
    const withApiServer = [...derived.objects, ...kubernetesService(plan, derived.objects)];
    const hostIP = (node: string) => this.nodes.get(node)?.ip;
    const served = servedObjects(withApiServer, this.store, (o) => this.podController.record(o), hostIP);
    const objects = this.wireguard.annotate(
      this.statefulSets.serve(
        this.deployments.serve(this.daemonSets.serve(served, this.managedWorkload)),
        this.managedWorkload,
      ),
    );
    this.lastObjects = objects;
    return { objects, resourceVersion: derived.resourceVersion };
  }

  /** A write through the API: pods made real by the pod controller, everything else kept as written. */
  async write(op: WriteOp): Promise<void> {
    if (op.info.kind === 'Pod' && op.info.group === '') return this.writePod(op);
    if (op.info.kind === 'Service' && op.info.group === '' && op.verb === 'create') {
      this.store.put(admitService(op.object, this.plan));
      this.kick();
      return;
    }
    this.store.apply(op);
    this.kick();
  }

  private async writePod(op: WriteOp): Promise<void> {
    if (op.verb === 'create') {
      const snapshot = await this.snapshot();
      this.admitPod(op.object, nodeLabelsIn(snapshot.objects));
      this.kick();
      return;
    }
    if (!this.store.isCreated(op.current)) {
      this.store.apply(op);
      if (op.verb === 'delete') this.kick();
      return;
    }
    if (op.verb === 'delete') {
      this.podController.markDeleted(op.current);
      this.kick();
      return;
    }
    const spec = (o: KubeObject) => JSON.stringify(o.spec ?? null);
    if (spec(op.object) !== spec(op.current)) {
      throw invalid('Pod', op.current.metadata.name, [
        {
          field: 'spec',
          message:
            'Forbidden: pod updates may not change fields other than `spec.containers[*].image`, ' +
            '`spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` ' +
            '(only additions to existing tolerations) or `spec.terminationGracePeriodSeconds` ' +
            '(the twin takes none of these either)',
          reason: 'FieldValueForbidden',
        },
      ]);
    }
    this.store.put(op.object);
  }

  /** A block newly affine to `node`: every other running node routes it to that node, as the routing does at up. */
  private routeBlock(node: string, block: string): void {
    const via = this.nodes.get(node)?.ip;
    if (!via) return;
    for (const other of this.nodes.values()) {
      if (other.name === node || !other.running) continue;
      void runInNode(other.name, ['ip', 'route', 'replace', block, 'via', via]);
    }
  }

  /** The lab's own pods deleted through the API, taken off their nodes once. */
  private async takeDownDeleted(): Promise<boolean> {
    let tookDown = false;
    for (const p of this.base.pods) {
      const key = podKey({ metadata: p });
      if (this.takenDown.has(key) || !this.store.isDeleted(podObjectKey(p))) continue;
      // a pod of the same name made through the API since (a StatefulSet's ordinal) owns the namespace now
      const replaced = this.store.created('Pod').some((o) => podKey(o) === key);
      if (replaced || !this.nodes.get(p.node)?.pods.has(netnsName(p))) {
        this.takenDown.add(key);
        continue;
      }
      const r = await runInNode(p.node, ['sh', '-c', podTeardownScript(p)], { timeoutMs: 30_000 });
      if (r.exitCode !== 0) continue;
      // Calico's CNI DEL: the address goes back to its block
      this.addressing.release({ namespace: p.namespace, name: p.name });
      this.takenDown.add(key);
      tookDown = true;
    }
    return tookDown;
  }

  async exec(req: ExecRequest): Promise<ExecOutcome> {
    if (Date.now() - this.observedAt > OBSERVATION_MAX_AGE_MS) await this.refresh();
    return execInPod(this.plan, this.pods, req);
  }

  async logs(req: PodLogRequest): Promise<string> {
    if (Date.now() - this.observedAt > OBSERVATION_MAX_AGE_MS) await this.refresh();
    return podLogText(this.pods, req);
  }
}

/** The labels of each node among the objects as served. */
function nodeLabelsIn(objects: KubeObject[]): (node: string) => Record<string, string> {
  return (node) => objects.find((o) => o.kind === 'Node' && o.metadata.name === node)?.metadata.labels ?? {};
}

function podObjectKey(p: PlannedPod): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: p.name, namespace: p.namespace } };
}
