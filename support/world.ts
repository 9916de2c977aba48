/** The typed world every step sees: the run's session (cached lab facts) and this scenario's probes. */
import type { ThroughputRun } from './throughput/iperf.ts';
import { setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber';
import type { HttpReply, LookupOutcome } from './connectivity/scripts.ts';
import type { PodRef } from './access/podExec.ts';
import type { NodeNat } from './kubeproxy/facts.ts';
import type { ServicePortFacts } from './services/portFacts.ts';
import type { NodeContainerInventory } from './cluster/containers.ts';
import type { Spread } from './kubeproxy/spread.ts';
import type { Lookup } from './dns/checks.ts';
import type { NodeFile } from './dns/nodeResolver.ts';
import { attachEvidence, FINDING_ATTACHMENT, type Evidence, type Finding } from './floor/finding.ts';
import type { LabSession } from './session/session.ts';
import type { PodNetworkScene } from './session/podNetwork.ts';
import type { Target } from './lab/target.ts';
import type { LabChanges } from './mutation/labChanges.ts';

let runSession: LabSession | undefined;

/** Set by the hooks once the target is known. */
export function setRunSession(session: LabSession): void {
  runSession = session;
}

export function getRunSession(): LabSession | undefined {
  return runSession;
}

export class LabWorld extends World {
  /** the pod this scenario probes from */
  pod?: PodRef;
  lookup?: LookupOutcome;
  reply?: HttpReply;
  inventory?: NodeContainerInventory;
  /** the NAT table of `node` */
  nat?: NodeNat;
  /** the Service named by an earlier step of this scenario */
  serviceName?: string;
  /** the Service port the rule steps check */
  servicePort?: ServicePortFacts;
  spread?: Spread & { connections: number };
  /** DNS steps: the Corefile read, a node's resolv.conf, the last dig a pod ran */
  corefile?: { source: string; text: string };
  nodeResolvConf?: NodeFile;
  dig?: Lookup;
  /** what the pod-network steps read (interfaces, routes, the veth's two ends, pings, captures) */
  net: PodNetworkScene = {};
  /** a @mutating scenario's changes to the lab, undone by the After hook */
  changes?: LabChanges;
  /** what a step noted for a later one (a pod's address before it was deleted) */
  noted: Record<string, string> = {};
  /** throughput runs measured by earlier steps, by the name the scenario gave them (baseline, shaped) */
  runs: Record<string, ThroughputRun> = {};

  constructor(options: IWorldOptions) {
    super(options);
  }

  get session(): LabSession {
    if (!runSession) throw new Error('labgate: no target; the Before hooks did not run');
    return runSession;
  }

  get target(): Target {
    return this.session.target;
  }

  requirePod(): PodRef {
    if (!this.pod)
      throw new Error('this step needs a pod: start the scenario with "Given the <daemonset> pod on the <role> node"');
    return this.pod;
  }

  requireNat(): NodeNat {
    if (!this.nat)
      throw new Error('this step needs a node: start the scenario with "Given the NAT rules of the <role> node"');
    return this.nat;
  }

  requireSpread(): Spread & { connections: number } {
    if (!this.spread) throw new Error('this step needs an earlier "it opens N new connections ..." step');
    return this.spread;
  }

  requireLookup(): LookupOutcome {
    if (!this.lookup) throw new Error('this step needs an earlier "it looks up ..." step');
    return this.lookup;
  }

  requireReply(): HttpReply {
    if (!this.reply) throw new Error('this step needs an earlier "it connects to ..." step');
    return this.reply;
  }

  requireCorefile(): { source: string; text: string } {
    if (!this.corefile) throw new Error('this step needs an earlier "the Corefile in the ConfigMap ..." step');
    return this.corefile;
  }

  requireNodeResolvConf(): NodeFile {
    if (!this.nodeResolvConf) throw new Error('this step needs an earlier "the resolv.conf of the <role> node" step');
    return this.nodeResolvConf;
  }

  requireDig(): Lookup {
    if (!this.dig) throw new Error('this step needs an earlier "it runs "dig ..."" step');
    return this.dig;
  }

  requireServiceName(): string {
    if (!this.serviceName) throw new Error('this step needs a Service named by an earlier step');
    return this.serviceName;
  }

  requireServicePort(): ServicePortFacts {
    if (!this.servicePort) throw new Error('this step needs a Service port named by an earlier step');
    return this.servicePort;
  }

  /** Reads the Service port's facts and remembers them for the following steps. */
  async useServicePort(service: string, portName: string): Promise<ServicePortFacts> {
    this.servicePort = await this.session.cluster.servicePort(service, portName);
    return this.servicePort;
  }

  async evidence(items: Evidence[]): Promise<void> {
    await attachEvidence(this.attach.bind(this), items);
  }

  /**
   * Attaches a finding's evidence and its message (passed or failed: a healthy run's messages are what the fault
   * matrices check their patterns against) and hands it back for the step's assertion.
   */
  async report<T>(f: Finding<T>): Promise<Finding<T>> {
    await this.evidence(f.evidence);
    await this.attach(f.message, { mediaType: 'text/plain', fileName: FINDING_ATTACHMENT });
    return f;
  }
}

setWorldConstructor(LabWorld);
