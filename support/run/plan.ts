/**
 * What the selected scenarios will ask of the lab, read from their steps before the first one runs, so the
 * session can fetch it early and side by side (support/lab/warmUp.ts). Only a hint: a step the plan does not
 * recognise reads the lab itself, as it always does, and the steps alone decide pass or fail.
 */
import type { Envelope } from '@cucumber/messages';

export interface PodProbe {
  workload: string;
  /** a node role ("worker 1"), or "every worker" */
  role: string;
}

export type PlannedProbe =
  | (PodProbe & { kind: 'lookup'; name: string })
  | (PodProbe & { kind: 'request'; host: string; port: number; payload: string })
  | (PodProbe & { kind: 'burst'; service: string; port: number; count: number });

export interface RunPlan {
  probes: PlannedProbe[];
  natRoles: string[];
  /** true when a scenario reads every node's IPv6 NAT table */
  ipv6Nat: boolean;
  /** Services the probes reach (their VIPs and EndpointSlices are read early) */
  services: string[];
}

const POD = /^the "([^"]+)" pod on the (.+) node$/;
const LOOKUP = /^it looks up "([^"]+)" through cluster DNS$/;
const REQUEST = /^it connects to "([^"]+)" port (\d+) and sends "([^"]+)"$/;
const EVERY_WORKER = /^from the "([^"]+)" pod on every worker, "([^"]+)" port (\d+) answers "([^"]+)"/;
const BURST = /^it opens (\d+) new connections to the VIP of "([^"]+)" port (\d+)$/;
const NAT = /^the NAT rules of the (.+) node$/;
const IPV6_NAT = /^no node has IPv6 NAT rules for "[^"]+"$/;

export function planFromSteps(scenarios: string[][]): RunPlan {
  const plan: RunPlan = { probes: [], natRoles: [], ipv6Nat: false, services: [] };
  for (const steps of scenarios) {
    let pod: PodProbe | undefined;
    for (const text of steps) {
      let m: RegExpExecArray | null;
      if ((m = POD.exec(text))) pod = { workload: m[1]!, role: m[2]! };
      else if ((m = NAT.exec(text))) plan.natRoles.push(m[1]!);
      else if (IPV6_NAT.test(text)) plan.ipv6Nat = true;
      else if ((m = EVERY_WORKER.exec(text))) plan.probes.push({ kind: 'request', workload: m[1]!, role: 'every worker', host: m[2]!, port: Number(m[3]), payload: m[4]! });
      else if (pod && (m = LOOKUP.exec(text))) plan.probes.push({ kind: 'lookup', ...pod, name: m[1]! });
      else if (pod && (m = REQUEST.exec(text))) plan.probes.push({ kind: 'request', ...pod, host: m[1]!, port: Number(m[2]), payload: m[3]! });
      else if (pod && (m = BURST.exec(text))) plan.probes.push({ kind: 'burst', ...pod, count: Number(m[1]), service: m[2]!, port: Number(m[3]) });
    }
  }
  plan.natRoles = [...new Set(plan.natRoles)];
  plan.services = [...new Set(plan.probes.flatMap((p) => (p.kind === 'burst' ? [p.service] : p.kind === 'request' ? [p.host] : [p.name])))];
  return plan;
}

let collected: string[][] = [];

/** Fed with the run's messages (support/run/cucumberRun.ts); keeps the step texts of every pickle. */
export function notePlanMessage(envelope: Envelope): void {
  if (envelope.pickle) collected.push(envelope.pickle.steps.map((s) => s.text));
  if (envelope.testRunFinished) collected = [];
}

export function currentPlan(): RunPlan | undefined {
  return collected.length > 0 ? planFromSteps(collected) : undefined;
}
