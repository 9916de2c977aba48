/**
 * What the selected scenarios will ask of the lab, known before the first one runs, so the session can fetch
 * it early and side by side (support/session/warmUp.ts). A step declares what it reads where it is defined
 * (`planned(expression, note)`); the plan matches the scenarios' step texts to the definitions cucumber
 * loaded, so a reworded step keeps its warm-up. Only a hint: a step reads the lab itself when nothing was
 * fetched for it, and the steps alone decide pass or fail.
 */

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

/** What one step reads; `pod` chooses the pod the scenario's later probes run in. */
export type StepNote =
  | { kind: 'pod'; workload: string; role: string }
  | { kind: 'lookup'; name: string }
  | { kind: 'request'; host: string; port: number; payload: string }
  | { kind: 'everyWorker'; workload: string; host: string; port: number; payload: string }
  | { kind: 'burst'; count: number; service: string; port: number }
  | { kind: 'nat'; role: string }
  | { kind: 'ipv6Nat' };

// each note takes its own step's arguments, as cucumber passes them
const notes = new Map<string, (...args: unknown[]) => StepNote>();

/** Declares what the step with this expression reads; returns the expression for the step definition. */
export function planned<A extends unknown[]>(expression: string, note: (...args: A) => StepNote): string {
  notes.set(expression, note as (...args: unknown[]) => StepNote);
  return expression;
}

/** A loaded step definition, as cucumber's support library holds it. */
export interface PlannableDefinition {
  pattern: string | RegExp;
  matchesStepName(text: string): boolean;
  expression: { match(text: string): ReadonlyArray<{ getValue(thisObj: unknown): unknown }> | null };
}

function noteFor(text: string, definitions: readonly PlannableDefinition[]): StepNote | undefined {
  for (const d of definitions) {
    const note = typeof d.pattern === 'string' ? notes.get(d.pattern) : undefined;
    if (!note || !d.matchesStepName(text)) continue;
    return note(...(d.expression.match(text) ?? []).map((a) => a.getValue(null)));
  }
  return undefined;
}

export function planFromSteps(scenarios: string[][], definitions: readonly PlannableDefinition[]): RunPlan {
  const plannable = definitions.filter((d) => typeof d.pattern === 'string' && notes.has(d.pattern));
  const plan: RunPlan = { probes: [], natRoles: [], ipv6Nat: false, services: [] };
  for (const steps of scenarios) {
    let pod: PodProbe | undefined;
    for (const text of steps) {
      const n = noteFor(text, plannable);
      if (!n) continue;
      if (n.kind === 'pod') pod = { workload: n.workload, role: n.role };
      else if (n.kind === 'nat') plan.natRoles.push(n.role);
      else if (n.kind === 'ipv6Nat') plan.ipv6Nat = true;
      else if (n.kind === 'everyWorker')
        plan.probes.push({
          kind: 'request',
          workload: n.workload,
          role: 'every worker',
          host: n.host,
          port: n.port,
          payload: n.payload,
        });
      else if (pod) plan.probes.push({ ...n, ...pod });
    }
  }
  plan.natRoles = [...new Set(plan.natRoles)];
  plan.services = [
    ...new Set(
      plan.probes.flatMap((p) => (p.kind === 'burst' ? [p.service] : p.kind === 'request' ? [p.host] : [p.name])),
    ),
  ];
  return plan;
}
