/**
 * Traffic from the lab's pods, once per run: lookups, requests and connection bursts, each node's in turn so that
 * a burst's counter readings count its own connections only.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { LabgateError } from '../floor/errors.ts';
import type { Evidence } from '../floor/finding.ts';
import type { PodExecResult } from '../access/podExec.ts';
import { runBatch } from '../connectivity/batch.ts';
import { lookUp, request, type WorkerReply } from '../connectivity/fromPods.ts';
import { firstLookupCommand, firstRequestCommand } from '../connectivity/probe.ts';
import { type PodRef } from '../access/podExec.ts';
import type { HttpReply, LookupOutcome } from '../connectivity/scripts.ts';
import { openConnections, type Spread } from '../kubeproxy/spread.ts';
import { podIsReady, podListCommand } from '../workloads/workloads.ts';
import type { ClusterReads } from './clusterReads.ts';
import type { ReadOnce } from './memo.ts';
import type { NatReads } from './natReads.ts';

type Observed<T> = Promise<{ outcome: T; evidence: Evidence[] }>;

export class Traffic {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly reads: ReadOnce,
    private readonly kubeConfig: () => KubeConfig,
    private readonly cluster: ClusterReads,
    private readonly natReads: NatReads,
  ) {}

  /**
   * Runs `fn` after the probes and bursts already started from `node`, never beside them: a burst reads the
   * node's DNAT counters before and after, and they must count its own connections only. Never nest it.
   */
  onNode<T>(node: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(node) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.queues.set(
      node,
      next.catch(() => undefined),
    );
    return next;
  }

  /** A name looked up from the pod, once per run (the scenarios that ask share the observation). */
  lookUp(pod: PodRef, name: string, firstRun?: Promise<PodExecResult | undefined>): Observed<LookupOutcome> {
    return this.reads.once(`lookup/${pod.namespace}/${pod.name}/${name}`, async () => {
      const ran = await firstRun;
      const kc = this.kubeConfig();
      return ran ? lookUp(kc, pod, name, { firstRun: ran }) : this.onNode(pod.node, () => lookUp(kc, pod, name));
    });
  }

  /** One request from the pod, once per run. */
  request(
    pod: PodRef,
    host: string,
    port: number,
    payload: string,
    firstRun?: Promise<PodExecResult | undefined>,
  ): Observed<HttpReply> {
    return this.reads.once(`request/${pod.namespace}/${pod.name}/${host}/${port}/${payload}`, async () => {
      const ran = await firstRun;
      const kc = this.kubeConfig();
      if (ran) return request(kc, pod, host, port, payload, { firstRun: ran });
      return this.onNode(pod.node, () => request(kc, pod, host, port, payload));
    });
  }

  /** Starts the pod's lookups and requests as one exec; the steps that ask for them get their share. */
  probeTogether(pod: PodRef, lookups: string[], requests: { host: string; port: number; payload: string }[]): void {
    const commands = [
      ...lookups.map((n) => firstLookupCommand(n)),
      ...requests.map((r) => firstRequestCommand(r.host, r.port, r.payload)),
    ];
    const batch = this.onNode(pod.node, () => runBatch(this.kubeConfig(), pod, commands)).catch(() => undefined);
    const share = (i: number) => batch.then((b) => b?.[i]);
    lookups.forEach((n, i) => this.lookUp(pod, n, share(i)).catch(() => undefined));
    requests.forEach((r, i) => {
      this.request(pod, r.host, r.port, r.payload, share(lookups.length + i)).catch(() => undefined);
    });
  }

  /** New connections from the pod to vip:port, counted on its node, once per run. */
  openConnections(pod: PodRef, vip: string, port: number, count: number): Promise<Spread> {
    const counted = (n: string) => this.natReads.withCounters(n);
    return this.reads.once(`burst/${pod.namespace}/${pod.name}/${vip}/${port}/${count}`, () =>
      this.onNode(pod.node, () => openConnections(this.kubeConfig(), counted, pod, vip, port, count)),
    );
  }

  /** The request from the pod of `workload` on every worker, and what came back from each. */
  async requestFromEveryWorker(workload: string, host: string, port: number, payload: string) {
    const roles = await this.cluster.roles();
    const roleNames = roles.workers.map((_, i) => `worker ${i + 1}`);
    // each worker's request is the run's one observation from that pod (shared with the per-pod scenarios)
    const asked = await Promise.all(
      roleNames.map(async (role) => {
        const pod = await this.podOn(workload, role);
        return { pod, r: await this.request(pod, host, port, payload) };
      }),
    );
    const replies: WorkerReply[] = [];
    const evidence: Evidence[] = [];
    for (const { pod, r } of asked) {
      evidence.push(...r.evidence);
      const { statusLine, closedByPeer, failure } = r.outcome;
      replies.push({
        node: pod.node,
        pod: pod.name,
        statusLine,
        closed: closedByPeer,
        ...(failure ? { failure } : {}),
      });
    }
    return { workers: roleNames.length, replies, evidence };
  }

  /** The Running, Ready pod of `workload` on the node in `role`, ready to exec into. */
  async podOn(workload: string, role: string): Promise<PodRef> {
    return this.podOnNode(workload, await this.cluster.nodeForRole(role), role);
  }

  /** The Running, Ready pod of `workload` on `node`. */
  async podOnNode(workload: string, node: string, role = 'node'): Promise<PodRef> {
    const pods = await this.cluster.podsOf(workload);
    const pod = pods.find((p) => p.spec?.nodeName === node && podIsReady(p));
    if (!pod) {
      const seen = pods.map((p) => `${p.metadata?.name} on ${p.spec?.nodeName}`).join(', ') || 'none';
      const list = podListCommand(await this.cluster.requireWorkload(workload));
      throw new LabgateError(`no ready ${workload} pod on ${role} (${node}); ${workload} pods: ${seen}`, list);
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
