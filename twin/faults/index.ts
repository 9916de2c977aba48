/** `labgate twin fault`: break the running twin the way real labs break, and bring it back. */
import { LabgateError } from '../shared.ts';
import { twinDown, twinHealth, twinUp } from '../lifecycle.ts';
import { FAULTS, faultNames, type Fault } from './catalogue.ts';
import { faultContext } from './context.ts';
import { guardNodes } from '../dataplane/guard.ts';

export { FAULTS, faultNames, type Fault };

export function findFault(name: string): Fault {
  const fault = FAULTS.find((f) => f.name === name);
  if (!fault) throw new LabgateError(`unknown fault "${name}"; known faults: ${faultNames().join(', ')}`);
  return fault;
}

/** Injects `name` into the healthy twin of `lab`; returns the line saying what was broken. */
export async function injectFault(lab: string, name: string): Promise<string> {
  const fault = findFault(name);
  const health = await twinHealth(lab);
  if (!health.up) throw new LabgateError(`the twin of ${lab} is not up (${health.problems.join('; ')})`, 'run `labgate twin up` or `labgate twin fault --reset`');
  const ctx = faultContext(lab);
  await guardNodes(ctx.plan);
  return `fault ${fault.name}: ${await fault.inject(ctx)}`;
}

/** Brings the twin back to healthy: a fresh twin (down, then up), controllers running. */
export async function resetTwin(lab: string, log: (line: string) => void = () => {}): Promise<void> {
  await twinDown(lab);
  await twinUp(lab, log);
}
