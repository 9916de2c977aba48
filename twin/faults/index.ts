/** `labgate twin fault`: break the running twin the way real labs break, and bring it back. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabgateError, loadLab } from '../shared.ts';
import { twinDown, twinHealth, twinUp } from '../lifecycle.ts';
import { FAULTS, faultNames, type Fault } from './catalogue.ts';
import { faultContext } from './context.ts';
import { guardNodes } from '../dataplane/guard.ts';

export { FAULTS, faultNames, type Fault };

/** The faults a lab is proven against: the rows of its fault matrix (features/<lab>/fault-matrix.json). */
export function labFaults(lab: string): Fault[] {
  const file = join(loadLab(lab).featuresDir, 'fault-matrix.json');
  if (!existsSync(file)) return [];
  const rows = Object.keys(
    (JSON.parse(readFileSync(file, 'utf8')) as { faults?: Record<string, unknown> }).faults ?? {},
  );
  return FAULTS.filter((f) => rows.includes(f.name));
}

export function findFault(lab: string, name: string): Fault {
  const faults = labFaults(lab);
  const fault = faults.find((f) => f.name === name);
  if (!fault)
    throw new LabgateError(
      `lab ${lab} has no fault "${name}"`,
      `its faults: ${faults.map((f) => f.name).join(', ') || 'none (no fault-matrix.json in its features folder)'}`,
    );
  return fault;
}

/** Injects `name` into the healthy twin of `lab`; returns the line saying what was broken. */
export async function injectFault(lab: string, name: string): Promise<string> {
  const fault = findFault(lab, name);
  const health = await twinHealth(lab);
  if (!health.up)
    throw new LabgateError(
      `the twin of ${lab} is not up (${health.problems.join('; ')})`,
      'run `labgate twin up` or `labgate twin fault --reset`',
    );
  const ctx = faultContext(lab);
  await guardNodes(ctx.plan);
  return `fault ${fault.name}: ${await fault.inject(ctx)}`;
}

/** Brings the twin back to healthy: a fresh twin (down, then up), controllers running. */
export async function resetTwin(lab: string, log: (line: string) => void = () => {}): Promise<void> {
  await twinDown(lab);
  await twinUp(lab, log);
}
