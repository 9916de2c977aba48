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
import { CLUSTER_DNS_TTL, dnsSettings, renderClusterDns, type EndpointsOf } from '../dataplane/clusterDns.ts';
import { twinCorefile } from '../dns/corefile.ts';
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
  /** a stalled kube-proxy stops reprogramming the nodes */
  kubeProxyPaused?: boolean;
}

export class TwinControlPlane implements ClusterSource {
  private nodes = new Map<string, ObservedNode>();
  private pods: PodState[] = [];
  private endpoints: EndpointsByService = new Map();
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
        return observeNode(n.name, c.running, c.ip);
      }),
    );
    this.nodes = new Map(observed.map((n) => [n.name, n]));
    this.pods = podStates(this.plan, this.nodes);
    const switches = this.switches();
    if (!switches.endpointSliceControllerPaused || this.generation === 0)
      this.endpoints = computeEndpoints(this.plan, this.pods);
    if (!switches.kubeProxyPaused) await this.syncProxy();
    await this.syncDns();
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

  allPodsReady(): boolean {
    return this.pods.length > 0 && this.pods.every((p) => p.ready);
  }

  async snapshot(): Promise<ClusterSnapshot> {
    if (Date.now() - this.observedAt > OBSERVATION_MAX_AGE_MS) await this.refresh();
    return buildSnapshot(
      this.plan,
      this.nodes,
      this.endpoints,
      this.generation,
      twinCorefile(this.plan.dnsDomain, dnsSettings(this.state).ttl ?? CLUSTER_DNS_TTL),
    );
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
