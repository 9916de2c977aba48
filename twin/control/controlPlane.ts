/**
 * The twin's control plane: observes the real dataplane, runs the EndpointSlice controller and kube-proxy
 * over it, and serves the result to the API server. Requests arriving together share one observation.
 */
import type { ClusterSnapshot, ClusterSource, ExecRequest, ExecOutcome } from '../api/types.ts';
import { hostnameUnder, type TwinPlan } from '../plan.ts';
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
import { readIpam } from './ipam.ts';
import { dnsDirs } from '../dataplane/pods.ts';
import { proxyInput, syncNode } from './proxy.ts';
import { execInPod } from './exec.ts';
import { podLogText } from './logs.ts';
import type { PodLogRequest } from '../api/podLog.ts';
import type { TwinState } from './state.ts';

const OBSERVATION_MAX_AGE_MS = 700;

export interface ControllerSwitches {
  /** a stalled EndpointSlice controller keeps the endpoints it last wrote */
  endpointSliceControllerPaused?: boolean;
  /** a stalled Endpoints controller keeps the legacy Endpoints it last wrote */
  endpointsControllerPaused?: boolean;
  /** a stalled kube-proxy stops reprogramming the nodes */
  kubeProxyPaused?: boolean;
}

export class TwinControlPlane implements ClusterSource {
  private nodes = new Map<string, ObservedNode>();
  private pods: PodState[] = [];
  private endpoints: EndpointsByService = new Map();
  private legacyEndpoints: LegacyEndpoints = new Map();
  private corefile: string | undefined;
  private observedAt = 0;
  private inFlight: Promise<void> | undefined;
  private generation = 0;
  private lastProxyInput = '';
  private proxiedNodes = new Set<string>();
  private lastDnsInput = '';

  constructor(
    private readonly plan: TwinPlan,
    private readonly state: TwinState,
  ) {}

  private switches(): ControllerSwitches {
    return this.state.read<ControllerSwitches>('controllers.json') ?? {};
  }

  /** Observes the dataplane (at most one observation at a time) and runs the controllers on it. */
  refresh(): Promise<void> {
    this.inFlight ??= this.observe().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async observe(): Promise<void> {
    const observed = await Promise.all(
      this.plan.nodes.map(async (n) => {
        const c = await nodeState(n.name);
        // a node-ip the lab sets (a topology link's address) is the node's InternalIP, as kubelet reports it
        return observeNode(n.name, c.running, this.plan.topology?.nodeAddresses?.[n.name]?.ip ?? c.ip);
      }),
    );
    this.nodes = new Map(observed.map((n) => [n.name, n]));
    this.pods = podStates(this.plan, this.nodes);
    const switches = this.switches();
    if (!switches.endpointSliceControllerPaused || this.generation === 0)
      this.endpoints = computeEndpoints(this.plan, this.pods);
    if (!switches.endpointsControllerPaused || this.generation === 0) {
      this.legacyEndpoints = computeLegacyEndpoints(this.plan, this.pods);
    }
    if (!switches.kubeProxyPaused) await this.syncProxy();
    await this.syncDns();
    await this.readCorefile();
    this.generation++;
    this.observedAt = Date.now();
  }

  private async syncProxy(): Promise<void> {
    const input = proxyInput(this.plan, this.endpoints);
    const key = JSON.stringify(input);
    const running = [...this.nodes.values()].filter((n) => n.running).map((n) => n.name);
    if (key !== this.lastProxyInput) this.proxiedNodes.clear();
    // A node that comes back (or that kube-proxy never programmed) is programmed from scratch.
    for (const n of [...this.proxiedNodes]) if (!running.includes(n)) this.proxiedNodes.delete(n);
    const pending = running.filter((n) => !this.proxiedNodes.has(n));
    await Promise.all(pending.map((n) => syncNode(n, input)));
    for (const n of pending) this.proxiedNodes.add(n);
    this.lastProxyInput = key;
  }

  /** The cluster DNS follows the endpoints (headless answers list the ready pods), as CoreDNS watches them. */
  private async syncDns(): Promise<void> {
    const endpointsOf: EndpointsOf = (svc) =>
      (this.endpoints.get(serviceKey(svc)) ?? [])
        .filter((e) => e.ready)
        .map((e) => ({ ip: e.ip, ready: true, ...hostnameUnder(svc, e.pod) }));
    const settings = dnsSettings(this.state);
    const key = JSON.stringify([this.plan.services.map((s) => endpointsOf(s)), settings]);
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

  allPodsReady(): boolean {
    return this.pods.length > 0 && this.pods.every((p) => p.ready);
  }

  async snapshot(): Promise<ClusterSnapshot> {
    if (Date.now() - this.observedAt > OBSERVATION_MAX_AGE_MS) await this.refresh();
    const outputs = { legacyEndpoints: this.legacyEndpoints, ipam: readIpam(this.state), corefile: this.corefile };
    return buildSnapshot(this.plan, this.nodes, this.endpoints, this.generation, outputs);
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
