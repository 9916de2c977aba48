/**
 * One test run against one target: the connection and the facts discovered from the lab, each read once
 * and shared by every scenario (nodes, pods, Service, EndpointSlices, NAT tables per node).
 */
import type { V1EndpointSlice, V1Node, V1Pod, V1Service } from '@kubernetes/client-node';
import { parseIptables } from '../kubeproxy/index.ts';
import { LabgateError } from '../floor/errors.ts';
import { connectKube, type KubeClients } from '../access/kubeClient.ts';
import { settledSlices } from '../services/endpointSlices.ts';
import { getEndpoints, getService, listNodes, listPods, selectorString } from '../access/kubeQueries.ts';
import { POD_READY_TIMEOUT_MS, waitUntil } from '../floor/wait.ts';
import { assignRoles, nodeForRole, type NodeRoles } from '../cluster/roles.ts';
import { findWorkload, missingWorkloadMessage, podIsReady, podListCommand, workloadPods, type Workload } from '../workloads/workloads.ts';
import { listNodeContainers, type NodeContainerInventory } from '../cluster/containers.ts';
import { readNatTable, type NatDump } from '../kubeproxy/natReader.ts';
import type { NodeNat, ServicePortFacts } from '../kubeproxy/facts.ts';
import { firstLookupCommand, firstRequestCommand, type PodRef } from '../connectivity/probe.ts';
import { lookUp, request, type WorkerReply } from '../connectivity/fromPods.ts';
import { runBatch } from '../connectivity/batch.ts';
import { openConnections, type Spread } from '../kubeproxy/spread.ts';
import type { PodExecResult } from '../access/podExec.ts';
import type { HttpReply, LookupOutcome } from '../connectivity/scripts.ts';
import type { Evidence } from '../floor/finding.ts';
import { readySliceAddresses } from '../services/endpointSlices.ts';
import { requireObjectName } from '../floor/names.ts';
import { preflight, type PreflightReport } from './preflight.ts';
import type { Target } from '../lab/target.ts';

export class LabSession {
  private clients?: KubeClients;
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(readonly target: Target) {}

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = read();
      this.memo.set(key, p);
      // a failed read is not cached: the next scenario tries again
      p.catch(() => this.memo.delete(key));
    }
    return p;
  }

  /** Runs the preflight once per run; later calls reuse its outcome. */
  ready(): Promise<PreflightReport> {
    // kept even when it failed: a dead lab should not be probed again for every scenario
    // its listing of the node containers is the run's: the scenarios do not list them again
    this.preflightRun ??= preflight(this.target).then((report) => {
      if (!this.memo.has('containers')) this.memo.set('containers', Promise.resolve(report.inventory));
      return report;
    });
    return this.preflightRun;
  }
  private preflightRun?: Promise<PreflightReport>;

  get kube(): KubeClients {
    this.clients ??= connectKube(this.target);
    return this.clients;
  }

  nodes(): Promise<V1Node[]> {
    return this.once('nodes', () => listNodes(this.kube));
  }

  async roles(): Promise<NodeRoles> {
    return assignRoles(await this.nodes());
  }

  async nodeForRole(role: string): Promise<string> {
    return nodeForRole(await this.roles(), role);
  }

  containers(): Promise<NodeContainerInventory> {
    return this.once('containers', () => listNodeContainers(this.target.clusterName, this.target.topologyFile));
  }

  /**
   * The namespaces to look for a feature's name in: "ns/name" names its own; a bare name is looked up in the
   * lab's namespaces, in the descriptor's order, and the first that has it wins.
   */
  private where(ref: string, what: string): { name: string; namespaces: string[] } {
    const [ns, name] = ref.includes('/') ? ref.split('/', 2) as [string, string] : [undefined, ref];
    requireObjectName(name, what);
    if (ns !== undefined) requireObjectName(ns, `the namespace of ${what}`);
    return { name, namespaces: ns ? [ns] : this.target.namespaces };
  }

  private async firstIn<T>(namespaces: string[], read: (ns: string) => Promise<T | undefined>): Promise<T | undefined> {
    for (const ns of namespaces) {
      const found = await read(ns);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  workload(ref: string): Promise<Workload | undefined> {
    const { name, namespaces } = this.where(ref, 'the workload name');
    return this.once(`workload/${ref}`, () => this.firstIn(namespaces, (ns) => findWorkload(this.kube, name, ns)));
  }

  async requireWorkload(ref: string): Promise<Workload> {
    const w = await this.workload(ref);
    if (!w) {
      const { name, namespaces } = this.where(ref, 'the workload name');
      throw new LabgateError(missingWorkloadMessage(name, namespaces, this.target.words.missing[name]));
    }
    return w;
  }

  /** Pods of a workload, after waiting (bounded) for them to be Ready. */
  async podsOf(name: string): Promise<V1Pod[]> {
    const w = await this.requireWorkload(name);
    return this.once(`pods/${name}`, () => workloadPods(this.kube, w));
  }

  /** Every pod of the lab's namespaces, read after the lab's workloads had their chance to become Ready. */
  allPods(): Promise<V1Pod[]> {
    return this.once('pods', async () => (await Promise.all(this.target.namespaces.map((ns) => listPods(this.kube, ns)))).flat());
  }

  service(ref: string): Promise<V1Service | undefined> {
    const { name, namespaces } = this.where(ref, 'the Service name');
    return this.once(`service/${ref}`, () => this.firstIn(namespaces, (ns) => getService(this.kube, name, ns)));
  }

  async requireService(ref: string): Promise<V1Service> {
    const svc = await this.service(ref);
    if (!svc) {
      const { name, namespaces } = this.where(ref, 'the Service name');
      throw new LabgateError(`Service ${name} not found in namespace${namespaces.length > 1 ? 's' : ''} ${namespaces.join(', ')}`, `the feature names a Service the lab does not have; \`kubectl get svc -n ${namespaces[0]}\` lists those it has`);
    }
    return svc;
  }

  /** The pods the Service selects, after waiting (bounded) for them to be Ready. */
  async podsBehind(service: string): Promise<V1Pod[]> {
    const svc = await this.requireService(service);
    const namespace = namespaceOf(svc);
    const selector = selectorString(svc.spec?.selector);
    if (!selector) return [];
    return this.once(`pods-behind/${service}`, async () => {
      const waited = await waitUntil(() => listPods(this.kube, namespace, selector), (p) => p.length > 0 && p.every(podIsReady), POD_READY_TIMEOUT_MS);
      // some pods not Ready is for the checks to show; none Ready means the Service has nothing to check
      if (!waited.value.some(podIsReady)) throw noEndpoints(namespace, nameOfService(svc), selector, waited.value, waited.waitedMs);
      return waited.value;
    });
  }

  /** The Service's EndpointSlices, after waiting (bounded) for them to list the ready pods it selects. */
  async slices(service: string): Promise<V1EndpointSlice[]> {
    const svc = await this.requireService(service);
    const pods = await this.podsBehind(service);
    return this.once(`slices/${service}`, () => settledSlices(this.kube, nameOfService(svc), namespaceOf(svc), pods));
  }

  async endpoints(service: string) {
    const svc = await this.requireService(service);
    return this.once(`endpoints/${service}`, () => getEndpoints(this.kube, nameOfService(svc), namespaceOf(svc)));
  }

  /** The facts of one Service port that kube-proxy's rules are checked against. */
  async servicePort(service: string, portName: string): Promise<ServicePortFacts> {
    const svc = await this.requireService(service);
    const port = svc.spec?.ports?.find((p) => (p.name ?? '') === portName);
    if (!port) throw new LabgateError(`the Service ${service} has no port named "${portName}"`, `kubectl get svc ${service} -o yaml`);
    const slices = await this.slices(service);
    const sliceTargetPort = slices.flatMap((s) => s.ports ?? []).find((p) => (p.name ?? '') === portName)?.port;
    const targetPort = sliceTargetPort ?? (typeof port.targetPort === 'number' ? port.targetPort : port.port);
    return {
      namespace: namespaceOf(svc),
      service: nameOfService(svc),
      portName,
      protocol: (port.protocol ?? 'TCP').toLowerCase(),
      clusterIP: svc.spec?.clusterIP ?? '',
      port: port.port,
      endpoints: readySliceAddresses(slices).map((ip) => `${ip}:${targetPort}`).sort(),
    };
  }

  /** The facts of the Service port with this number. */
  async servicePortByNumber(service: string, port: number): Promise<ServicePortFacts> {
    const svc = await this.requireService(service);
    const p = svc.spec?.ports?.find((x) => x.port === port);
    if (!p) throw new LabgateError(`the Service ${service} has no port ${port}`, `kubectl get svc ${service} -o yaml`);
    return this.servicePort(service, p.name ?? '');
  }

  /** The facts of the Service's first port (for checks about the Service as a whole). */
  async serviceFacts(service: string): Promise<ServicePortFacts> {
    const svc = await this.requireService(service);
    return this.servicePort(service, svc.spec?.ports?.[0]?.name ?? '');
  }

  /** The node's NAT table without counters, read once per run. */
  nat(node: string): Promise<NodeNat> {
    return this.once(`nat/${node}`, () => this.readNat(node, false));
  }

  /** Every node's IPv6 NAT table, read once per run. */
  async ipv6Nat(): Promise<NatDump[]> {
    const nodes = (await this.nodes()).map((n) => n.metadata?.name ?? '');
    return Promise.all(nodes.map((node) => this.once(`nat6/${node}`, () => readNatTable(node, { ipv6: true }))));
  }

  /** A fresh reading with packet counters (never cached: counters move). */
  natWithCounters(node: string): Promise<NodeNat> {
    return this.readNat(node, true);
  }

  private async readNat(node: string, counters: boolean): Promise<NodeNat> {
    const dump = await readNatTable(node, { counters });
    return { node, text: dump.text, table: parseIptables(dump.text), command: dump.result.command };
  }

  private readonly traffic = new Map<string, Promise<unknown>>();

  /**
   * Runs `fn` after the probes and bursts already started from `node`, never beside them: a burst reads the
   * node's DNAT counters before and after, and they must count its own connections only. Never nest it.
   */
  onNode<T>(node: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.traffic.get(node) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.traffic.set(node, next.catch(() => undefined));
    return next;
  }

  /** A name looked up from the pod, once per run (the scenarios that ask share the observation). */
  lookUp(pod: PodRef, name: string, firstRun?: Promise<PodExecResult | undefined>): Promise<{ outcome: LookupOutcome; evidence: Evidence[] }> {
    return this.once(`lookup/${pod.namespace}/${pod.name}/${name}`, async () => {
      const ran = await firstRun;
      return ran ? lookUp(this.kube.kc, pod, name, { firstRun: ran }) : this.onNode(pod.node, () => lookUp(this.kube.kc, pod, name));
    });
  }

  /** One request from the pod, once per run. */
  request(pod: PodRef, host: string, port: number, payload: string, firstRun?: Promise<PodExecResult | undefined>): Promise<{ outcome: HttpReply; evidence: Evidence[] }> {
    return this.once(`request/${pod.namespace}/${pod.name}/${host}/${port}/${payload}`, async () => {
      const ran = await firstRun;
      return ran ? request(this.kube.kc, pod, host, port, payload, { firstRun: ran }) : this.onNode(pod.node, () => request(this.kube.kc, pod, host, port, payload));
    });
  }

  /** Starts the pod's lookups and requests as one exec; the steps that ask for them get their share. */
  probeTogether(pod: PodRef, lookups: string[], requests: { host: string; port: number; payload: string }[]): void {
    const commands = [...lookups.map((n) => firstLookupCommand(n)), ...requests.map((r) => firstRequestCommand(r.host, r.port, r.payload))];
    const batch = this.onNode(pod.node, () => runBatch(this.kube.kc, pod, commands)).catch(() => undefined);
    lookups.forEach((n, i) => this.lookUp(pod, n, batch.then((b) => b?.[i])).catch(() => undefined));
    requests.forEach((r, i) => this.request(pod, r.host, r.port, r.payload, batch.then((b) => b?.[lookups.length + i])).catch(() => undefined));
  }

  /** New connections from the pod to vip:port, counted on its node, once per run. */
  openConnections(pod: PodRef, vip: string, port: number, count: number): Promise<Spread> {
    return this.once(`burst/${pod.namespace}/${pod.name}/${vip}/${port}/${count}`, () => this.onNode(pod.node, () => openConnections(this.kube.kc, (n) => this.natWithCounters(n), pod, vip, port, count)));
  }

  /** The request from the pod of `workload` on every worker, and what came back from each. */
  async requestFromEveryWorker(workload: string, host: string, port: number, payload: string): Promise<{ replies: WorkerReply[]; evidence: Evidence[] }> {
    const roles = await this.roles();
    const roleNames = roles.workers.map((_, i) => `worker ${i + 1}`);
    // each worker's request is the run's one observation from that pod (shared with the per-pod scenarios)
    const asked = await Promise.all(roleNames.map(async (role) => {
      const pod = await this.podOn(workload, role);
      return { pod, r: await this.request(pod, host, port, payload) };
    }));
    const replies: WorkerReply[] = [];
    const evidence: Evidence[] = [];
    for (const { pod, r } of asked) {
      evidence.push(...r.evidence);
      replies.push({ node: pod.node, pod: pod.name, statusLine: r.outcome.statusLine, closed: r.outcome.closedByPeer, ...(r.outcome.failure ? { failure: r.outcome.failure } : {}) });
    }
    return { replies, evidence };
  }

  /** The Running, Ready pod of `workload` on the node in `role`, ready to exec into. */
  async podOn(workload: string, role: string): Promise<PodRef> {
    return this.podOnNode(workload, await this.nodeForRole(role), role);
  }

  /** The Running, Ready pod of `workload` on `node`. */
  async podOnNode(workload: string, node: string, role = 'node'): Promise<PodRef> {
    const pods = await this.podsOf(workload);
    const pod = pods.find((p) => p.spec?.nodeName === node && podIsReady(p));
    if (!pod) {
      const seen = pods.map((p) => `${p.metadata?.name} on ${p.spec?.nodeName}`).join(', ') || 'none';
      throw new LabgateError(`no ready ${workload} pod on ${role} (${node}); ${workload} pods: ${seen}`, podListCommand(await this.requireWorkload(workload)));
    }
    return {
      namespace: pod.metadata?.namespace ?? '',
      name: pod.metadata?.name ?? '',
      container: pod.spec?.containers[0]?.name ?? '',
      node,
      ip: pod.status?.podIP ?? '',
    };
  }
}

let current: LabSession | undefined;

/** The run's session: one per process (cucumber runs scenarios of a run in one process). */
export function sessionFor(target: Target): LabSession {
  if (!current || JSON.stringify(current.target) !== JSON.stringify(target)) current = new LabSession(target);
  return current;
}

function namespaceOf(o: { metadata?: { namespace?: string } }): string {
  return o.metadata?.namespace ?? '';
}

function nameOfService(svc: V1Service): string {
  return svc.metadata?.name ?? '';
}

function noEndpoints(namespace: string, service: string, selector: string, pods: V1Pod[], waitedMs: number): LabgateError {
  const seen = pods.length === 0 ? 'matches no pod' : `matches ${pods.length} pod(s), none Ready (${pods.map((p) => p.metadata?.name).join(', ')})`;
  return new LabgateError(
    `Service ${namespace}/${service} has no ready endpoints: its selector ${selector} ${seen} after ${Math.round(waitedMs / 1000)} s`,
    `\`kubectl get pods -n ${namespace} -l ${selector} -o wide\` and \`kubectl get endpointslices -n ${namespace} -l kubernetes.io/service-name=${service}\``,
  );
}
