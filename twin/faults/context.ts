/** What every fault works from: the running twin's plan and state, its targets, and the node containers. */
import { LabgateError } from '../shared.ts';
import { docker, nodeShell, type DockerResult } from '../docker.ts';
import type { PlannedNode, TwinPlan } from '../plan.ts';
import { TwinState } from '../control/state.ts';
import { Targets, type FaultTargets } from './targets.ts';

export interface FaultContext {
  lab: string;
  state: TwinState;
  plan: TwinPlan;
  /** what the fault breaks, from its row of the lab's fault matrix */
  targets: Targets;
}

export function faultContext(lab: string, where: string, targets: FaultTargets): FaultContext {
  const state = new TwinState(lab);
  const plan = state.plan();
  if (!plan) throw new LabgateError(`the twin of ${lab} is not up`, 'run `labgate twin up` first');
  return { lab, state, plan, targets: new Targets(where, targets, plan) };
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
