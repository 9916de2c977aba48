/**
 * One test run against one target: the connection, the preflight, and the run's reads, each made once and shared
 * by every scenario: the cluster's objects, the nodes' NAT tables, the traffic sent from pods.
 */
import { connectKube, type KubeClients } from '../access/kubeClient.ts';
import type { Target } from '../lab/target.ts';
import { ClusterReads } from './clusterReads.ts';
import { ReadOnce } from './memo.ts';
import { NatReads } from './natReads.ts';
import { preflight, type PreflightReport } from './preflight.ts';
import { Traffic } from './traffic.ts';

export class LabSession {
  readonly cluster: ClusterReads;
  readonly nat: NatReads;
  readonly traffic: Traffic;
  private readonly reads = new ReadOnce();
  private clients?: KubeClients;
  private preflightRun?: Promise<PreflightReport>;

  constructor(readonly target: Target) {
    this.cluster = new ClusterReads(target, this.reads, () => this.kube);
    this.nat = new NatReads(this.reads, this.cluster);
    this.traffic = new Traffic(this.reads, () => this.kube.kc, this.cluster, this.nat);
  }

  /** Runs the preflight once per run; later calls reuse its outcome (kept even when it failed). */
  ready(): Promise<PreflightReport> {
    // its listing of the node containers is the run's: the scenarios do not list them again
    this.preflightRun ??= preflight(this.target).then((report) => {
      this.reads.seed('containers', report.inventory);
      return report;
    });
    return this.preflightRun;
  }

  get kube(): KubeClients {
    this.clients ??= connectKube(this.target);
    return this.clients;
  }
}

let current: LabSession | undefined;

/** The run's session: one per target (`run --all` checks several labs in one process, one after another). */
export function sessionFor(target: Target): LabSession {
  // compared as values: cucumber hands the hooks a copy of the target `labgate run` started the session with
  if (!current || JSON.stringify(current.target) !== JSON.stringify(target)) current = new LabSession(target);
  return current;
}
