/** `labgate twin fault`: break the running twin the way real labs break, and bring it back. */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LabgateError, loadLab, REPO_ROOT } from '../shared.ts';
import { twinDown, twinHealth, twinUp } from '../lifecycle.ts';
import { FAULT_KINDS, faultKind, type FaultKind } from './catalogue.ts';
import { faultContext } from './context.ts';
import { readTargets, type FaultTargets } from './targets.ts';
import { guardNodes } from '../dataplane/guard.ts';

export { FAULT_KINDS, type FaultKind };

/** A fault of a lab: a row of its fault matrix, of a kind the twin knows, with its targets. */
export interface Fault {
  name: string;
  kind: FaultKind;
  /** what the row says the fault breaks, in the lab's words */
  breaks: string;
  targets: FaultTargets;
  /** names the row's targets in errors: file and row */
  where: string;
}

interface MatrixRow {
  kind?: unknown;
  breaks?: unknown;
  targets?: unknown;
}

/** The faults a lab is proven against: the rows of its fault matrix (features/<lab>/fault-matrix.json). */
export function labFaults(lab: string): Fault[] {
  const file = join(loadLab(lab).featuresDir, 'fault-matrix.json');
  if (!existsSync(file)) return [];
  const shown = relative(REPO_ROOT, file);
  let rows: Record<string, MatrixRow>;
  try {
    rows = (JSON.parse(readFileSync(file, 'utf8')) as { faults?: Record<string, MatrixRow> }).faults ?? {};
  } catch (err) {
    throw new LabgateError(`${shown} is not valid JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  return Object.entries(rows).map(([name, row]) => {
    const where = `${shown}: faults.${name}`;
    const kindName = row.kind ?? name;
    const kind = typeof kindName === 'string' ? faultKind(kindName) : undefined;
    if (!kind) {
      throw new LabgateError(
        `${where}: the twin knows no fault kind ${JSON.stringify(kindName)}`,
        `its kinds: ${FAULT_KINDS.map((k) => k.kind).join(', ')}`,
      );
    }
    const targets = readTargets(`${where}.targets`, row.targets, kind.needs, [...kind.needs, ...(kind.may ?? [])]);
    return { name, kind, breaks: typeof row.breaks === 'string' ? row.breaks : kind.summary, targets, where };
  });
}

export function findFault(lab: string, name: string): Fault {
  const faults = labFaults(lab);
  const fault = faults.find((f) => f.name === name);
  if (!fault) {
    const known = faults.map((f) => f.name).join(', ') || 'none (no fault-matrix.json in its features folder)';
    throw new LabgateError(`lab ${lab} has no fault "${name}"`, `its faults: ${known}`);
  }
  return fault;
}

/** Injects `name` into the healthy twin of `lab`; returns the line saying what was broken. */
export async function injectFault(lab: string, name: string): Promise<string> {
  const fault = findFault(lab, name);
  const health = await twinHealth(lab);
  if (!health.up) {
    throw new LabgateError(
      `the twin of ${lab} is not up (${health.problems.join('; ')})`,
      'run `labgate twin up` or `labgate twin fault --reset`',
    );
  }
  const ctx = faultContext(lab, `${fault.where}.targets`, fault.targets);
  ctx.targets.check();
  await guardNodes(ctx.plan);
  return `fault ${fault.name}: ${await fault.kind.inject(ctx)}`;
}

/** Brings the twin back to healthy: a fresh twin (down, then up), controllers running. */
export async function resetTwin(lab: string, log: (line: string) => void = () => {}): Promise<void> {
  await twinDown(lab);
  await twinUp(lab, log);
}
