/**
 * Reads a run's messages for problems labgate itself reported inside scenarios (a LabgateError: a tool
 * missing on a node, a Service that does not exist, a probe that could not run) and sums them up in one line.
 */
import type { Envelope } from '@cucumber/messages';
import { LabgateError } from '../floor/errors.ts';

/** What a reported problem's line starts with, in cucumber's output and in its messages. */
export const PROBLEM_PREFIX = 'labgate: ';

/** A LabgateError as cucumber should print it: its one line as message and as stack. */
export class ReportedProblem extends Error {
  constructor(readonly problem: LabgateError) {
    super(problem.oneLine());
    this.name = 'LabgateError';
    this.stack = `${PROBLEM_PREFIX}${problem.oneLine()}`;
  }
}

/** Turns a LabgateError into its one-line report (cucumber prints an error's stack); anything else passes unchanged. */
export function withoutStack(err: unknown): unknown {
  return err instanceof LabgateError ? new ReportedProblem(err) : err;
}

export class ProblemCollector {
  private readonly scenariosByProblem = new Map<string, Set<string>>();

  readonly onEnvelope = (envelope: Envelope): void => {
    const finished = envelope.testStepFinished;
    if (finished?.testStepResult.status !== 'FAILED') return;
    const text = finished.testStepResult.exception?.stackTrace ?? finished.testStepResult.message ?? '';
    if (!text.startsWith(PROBLEM_PREFIX)) return;
    const line = text.slice(PROBLEM_PREFIX.length).split('\n')[0]!;
    const scenarios = this.scenariosByProblem.get(line) ?? new Set<string>();
    scenarios.add(finished.testCaseStartedId);
    this.scenariosByProblem.set(line, scenarios);
  };

  /** One line for stderr, or undefined when no scenario failed on a reported problem. */
  summary(): string | undefined {
    const problems = [...this.scenariosByProblem.entries()];
    if (problems.length === 0) return undefined;
    const [line, scenarios] = problems[0]!;
    const others = problems.length - 1;
    const count = `${scenarios.size} scenario${scenarios.size === 1 ? '' : 's'} stopped by this`;
    return (
      `${PROBLEM_PREFIX}${line} ` +
      `[${count}${others > 0 ? `; ${others} other problem${others === 1 ? '' : 's'} in the failures above` : ''}]`
    );
  }
}
