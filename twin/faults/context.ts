/** What every fault works from: the running twin's plan and state, and the node containers it runs in. */
import { LabgateError } from '../shared.ts';
import { docker, nodeShell, type DockerResult } from '../docker.ts';
import { isPodOf, type PlannedNode, type PlannedPod, type TwinPlan } from '../plan.ts';
import { TwinState } from '../control/state.ts';

export interface FaultContext {
  lab: string;
  state: TwinState;
  plan: TwinPlan;
}

export function faultContext(lab: string): FaultContext {
  const state = new TwinState(lab);
  const plan = state.plan();
  if (!plan) throw new LabgateError(`the twin of ${lab} is not up`, 'run `labgate twin up` first');
  return { lab, state, plan };
}

/** Runs a command (argument array) in a node container; rejects with a one-line error on failure. */
export function onNode(
  node: string,
  command: string[],
  opts: { input?: string; reject?: boolean } = {},
): Promise<DockerResult> {
  return docker(['exec', ...(opts.input === undefined ? [] : ['-i']), node, ...command], {
    ...opts,
    timeoutMs: 30_000,
  });
}

/** A script of the fault's own, with values passed as positional arguments ($1, $2, ...). */
export function scriptOnNode(node: string, script: string, args: string[] = []): Promise<DockerResult> {
  return nodeShell(node, script, args);
}

export function workers(plan: TwinPlan): PlannedNode[] {
  return plan.nodes.filter((n) => n.role === 'worker');
}

export function controlPlane(plan: TwinPlan): PlannedNode {
  const cp = plan.nodes.find((n) => n.role === 'control-plane');
  if (!cp) throw new LabgateError('the twin plan has no control-plane node');
  return cp;
}

/** The worker a single-node fault breaks: "worker 1" in the features' words. */
export function firstWorker(plan: TwinPlan): PlannedNode {
  const w = workers(plan)[0];
  if (!w) throw new LabgateError('the twin plan has no worker node');
  return w;
}

/** Pods owned by a Deployment (through its ReplicaSet) or a DaemonSet named `workload`, in plan order. */
export function podsOf(plan: TwinPlan, workload: string): PlannedPod[] {
  return plan.pods.filter((p) => isPodOf(p, workload));
}

export function requirePod(pods: PlannedPod[], what: string): PlannedPod {
  const pod = pods[0];
  if (!pod) throw new LabgateError(`the twin has no ${what} pod`);
  return pod;
}

/** The cluster DNS pod (dnsmasq standing in for CoreDNS). */
export function dnsPod(plan: TwinPlan): PlannedPod {
  return requirePod(
    plan.pods.filter((p) => p.process === 'dns'),
    'cluster DNS',
  );
}

export function nginxPods(plan: TwinPlan): PlannedPod[] {
  return podsOf(plan, 'nginx-deployment');
}
