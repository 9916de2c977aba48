/** A lab's fault matrix (features/<lab>/fault-matrix.json) and the comparison of a run against one of its rows. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLab } from '../../support/lab/catalog.ts';
import type { SuiteRun } from './suiteRun.ts';

export interface FaultExpectation {
  breaks: string;
  fail: string[];
  mayFail?: { why: string; names: string[] };
  firstMessage?: string;
  aborts?: string;
}

export function loadMatrix(lab: string): Map<string, FaultExpectation> {
  const raw = JSON.parse(readFileSync(join(loadLab(lab).featuresDir, 'fault-matrix.json'), 'utf8')) as {
    faults: Record<string, FaultExpectation>;
  };
  return new Map(Object.entries(raw.faults));
}

export function failedNames(run: SuiteRun): string[] {
  return run.scenarios.filter((s) => s.status === 'failed').map((s) => s.name);
}

/** What differs between the run and the row; empty when the gate reported exactly what the fault breaks. */
export function compare(expected: FaultExpectation, run: SuiteRun): string[] {
  const problems: string[] = [];
  if (expected.aborts) {
    if (run.exitCode === 0) problems.push('the run passed; it should have stopped before any scenario');
    if (run.scenarios.length > 0) problems.push(`${run.scenarios.length} scenario(s) ran; none should have`);
    if (!new RegExp(expected.aborts, 's').test(run.output))
      problems.push(
        `the run's output does not match /${expected.aborts}/: ${run.output.trim().split('\n').slice(-3).join(' | ')}`,
      );
    return problems;
  }
  if (run.scenarios.length === 0)
    return [`no scenario ran (exit ${run.exitCode}): ${run.output.trim().split('\n').slice(-3).join(' | ')}`];
  const failed = new Set(failedNames(run));
  const allowed = new Set([...expected.fail, ...(expected.mayFail?.names ?? [])]);
  const ran = new Set(run.scenarios.map((s) => s.name));
  for (const name of expected.fail) {
    if (!ran.has(name)) problems.push(`expected to fail but did not run: ${name}`);
    else if (!failed.has(name)) problems.push(`expected to fail but passed: ${name}`);
  }
  for (const name of failed) if (!allowed.has(name)) problems.push(`failed unexpectedly: ${name}`);
  if (expected.firstMessage) {
    const first = run.scenarios.find((s) => s.status === 'failed' && expected.fail.includes(s.name));
    if (first && !new RegExp(expected.firstMessage, 's').test(first.message ?? '')) {
      problems.push(
        `the message of "${first.name}" does not match /${expected.firstMessage}/: ${(first.message ?? '').split('\n')[0]}`,
      );
    }
  }
  return problems;
}
