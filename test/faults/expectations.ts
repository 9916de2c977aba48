/**
 * A lab's fault matrix (features/<lab>/fault-matrix.json) and the judgement of a run against one of its rows.
 * Each scenario a fault must fail carries its own message pattern and fails by its assertion (a check that
 * found the broken promise), unless the row says it fails by an error (`{ "error": pattern, "why": ... }`).
 * A pattern is checked against the healthy run's messages of its scenario: one that matches them proves nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLab } from '../../support/lab/catalog.ts';
import type { ScenarioOutcome, SuiteRun } from './suiteRun.ts';

/** A scenario's expected failure: the pattern of its assertion's message, or an error the row explains. */
export type ExpectedFailure = string | { error: string; why: string };

export interface FaultExpectation {
  kind?: string;
  breaks: string;
  targets?: unknown;
  /** every scenario that must fail, with its expected failure */
  fail: Record<string, ExpectedFailure>;
  mayFail?: { why: string; names: string[] };
  aborts?: string;
}

/** What a failed step threw when a check's assertion failed (chai's). */
const ASSERTION = 'AssertionError';

export function loadMatrix(lab: string): Map<string, FaultExpectation> {
  const file = join(loadLab(lab).featuresDir, 'fault-matrix.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { faults: Record<string, FaultExpectation> };
  for (const [name, row] of Object.entries(raw.faults)) {
    if (typeof row.fail !== 'object' || row.fail === null || Array.isArray(row.fail)) {
      throw new Error(`${file}: faults.${name}.fail must map each scenario to its expected failure`);
    }
  }
  return new Map(Object.entries(raw.faults));
}

export function failedNames(run: SuiteRun): string[] {
  return run.scenarios.filter((s) => s.status === 'failed').map((s) => s.name);
}

function patternOf(failure: ExpectedFailure): string {
  return typeof failure === 'string' ? failure : failure.error;
}

function byError(failure: ExpectedFailure): boolean {
  return typeof failure !== 'string';
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]!;
}

function lastLines(output: string): string {
  return output.trim().split('\n').slice(-3).join(' | ');
}

/** Whether the scenario's first failure was a check's assertion (cucumber names the thrown type, else the message). */
export function failedByAssertion(s: ScenarioOutcome): boolean {
  return s.errorType !== undefined ? s.errorType === ASSERTION : (s.message ?? '').startsWith(ASSERTION);
}

/** How one failed scenario differs from its expected failure; undefined when it fails as expected. */
function failureProblem(s: ScenarioOutcome, failure: ExpectedFailure): string | undefined {
  const how = failedByAssertion(s) ? 'its assertion' : `an error (${s.errorType ?? 'not an assertion'})`;
  if (byError(failure) === failedByAssertion(s)) {
    return (
      `"${s.name}" should fail by ${byError(failure) ? 'an error' : 'its assertion'}; it failed by ${how}: ` +
      firstLine(s.message)
    );
  }
  const pattern = patternOf(failure);
  if (!new RegExp(pattern, 's').test(s.message ?? '')) {
    return `the message of "${s.name}" does not match /${pattern}/: ${firstLine(s.message)}`;
  }
  return undefined;
}

/** What differs between the run and the row; empty when the gate reported exactly what the fault breaks. */
export function compare(expected: FaultExpectation, run: SuiteRun): string[] {
  const problems: string[] = [];
  if (expected.aborts) {
    if (run.exitCode === 0) problems.push('the run passed; it should have stopped before any scenario');
    if (run.scenarios.length > 0) problems.push(`${run.scenarios.length} scenario(s) ran; none should have`);
    if (!new RegExp(expected.aborts, 's').test(run.output)) {
      problems.push(`the run's output does not match /${expected.aborts}/: ${lastLines(run.output)}`);
    }
    return problems;
  }
  if (run.scenarios.length === 0) return [`no scenario ran (exit ${run.exitCode}): ${lastLines(run.output)}`];
  const required = Object.keys(expected.fail);
  const allowed = new Set([...required, ...(expected.mayFail?.names ?? [])]);
  const byName = new Map(run.scenarios.map((s) => [s.name, s]));
  for (const name of required) {
    const s = byName.get(name);
    if (!s) problems.push(`expected to fail but did not run: ${name}`);
    else if (s.status !== 'failed') problems.push(`expected to fail but passed: ${name}`);
    else {
      const problem = failureProblem(s, expected.fail[name]!);
      if (problem) problems.push(problem);
    }
  }
  for (const name of failedNames(run)) {
    if (!allowed.has(name)) problems.push(`failed unexpectedly: ${name}: ${firstLine(byName.get(name)?.message)}`);
  }
  return problems;
}

/**
 * The feature files a fault's run is limited to: those holding the scenarios the row says it fails. The lab's
 * healthy run proves every other feature green, and a fault that changes nothing a feature reads cannot fail it;
 * a row that aborts the run, or names a scenario the healthy run does not have, gets the whole suite (so the
 * run reports it). `wholeSuite` (LABGATE_MATRIX_SCOPE=suite) runs every fault over the whole suite, the way to
 * find a fault's reach when writing its row.
 */
export function faultScope(expected: FaultExpectation, healthy: SuiteRun, wholeSuite = false): string[] | undefined {
  if (wholeSuite || expected.aborts) return undefined;
  const uris = new Set<string>();
  for (const name of Object.keys(expected.fail)) {
    const uri = healthy.scenarios.find((s) => s.name === name)?.uri;
    if (!uri) return undefined;
    uris.add(uri);
  }
  return uris.size > 0 ? [...uris].sort() : undefined;
}

/** A limited run must have run every scenario the healthy run had in those features, no more and no fewer. */
export function scopeProblems(scope: string[] | undefined, healthy: SuiteRun, run: SuiteRun): string[] {
  if (scope === undefined) return []; // the whole suite: compare() judges it
  const want = healthy.scenarios.filter((s) => s.uri !== undefined && scope.includes(s.uri)).map((s) => s.name);
  const got = run.scenarios.map((s) => s.name);
  const missing = want.filter((n) => !got.includes(n));
  const extra = got.filter((n) => !want.includes(n));
  return [
    ...missing.map((n) => `did not run although its feature was run: ${n}`),
    ...extra.map((n) => `ran outside the fault's features: ${n}`),
  ];
}

/**
 * The row's patterns checked against a healthy run of the same lab: each must be a valid pattern, its scenario
 * must have run green there with findings to compare, and no healthy finding of it may match the pattern.
 */
export function checkPatterns(expected: FaultExpectation, healthy: SuiteRun): string[] {
  const problems: string[] = [];
  const byName = new Map(healthy.scenarios.map((s) => [s.name, s]));
  for (const [name, failure] of Object.entries(expected.fail ?? {})) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(patternOf(failure), 's');
    } catch (err) {
      problems.push(`the pattern of "${name}" is not a regular expression: ${(err as Error).message}`);
      continue;
    }
    if (byError(failure) && !(failure as { why?: unknown }).why) problems.push(`"${name}" fails by an error: say why`);
    const s = byName.get(name);
    if (!s) problems.push(`the healthy run has no scenario "${name}"`);
    else if (s.status !== 'passed') problems.push(`"${name}" did not pass in the healthy run`);
    else if (!s.findings?.length)
      problems.push(`the healthy run of "${name}" reported no finding to check the pattern against`);
    else {
      const matched = s.findings.find((m) => pattern.test(m));
      if (matched) problems.push(`the pattern of "${name}" matches its healthy message: ${firstLine(matched)}`);
    }
  }
  return problems;
}
