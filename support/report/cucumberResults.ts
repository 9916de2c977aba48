/**
 * One cucumber run read back from its message stream (reports/cucumber-messages.ndjson): each scenario once,
 * with its feature file and line, its tags, its outcome (the worst of its steps, last attempt only) and its
 * failure message. The CI summary and the course report read runs through this, never the console.
 */
import { readFileSync } from 'node:fs';
import { LabgateError } from '../floor/errors.ts';

export type ScenarioStatus = 'passed' | 'failed' | 'broken' | 'skipped';

export interface ScenarioResult {
  pickleId: string;
  name: string;
  uri: string; // the feature file, relative to the labgate checkout
  line: number;
  tags: string[];
  exercises: string[]; // the @exercise: tags' values
  status: ScenarioStatus;
  message?: string; // the failed step's message, whole (stack and diff included)
  durationMs: number;
}

export interface CucumberRun {
  scenarios: ScenarioResult[];
  startedMs?: number;
  finishedMs?: number;
  success?: boolean;
}

interface Timestamp {
  seconds: number;
  nanos: number;
}

/** cucumber's step statuses, worst first; UNDEFINED, AMBIGUOUS and PENDING are the gate's own problem. */
const RANK: Record<string, { rank: number; status: ScenarioStatus }> = {
  FAILED: { rank: 0, status: 'failed' },
  UNDEFINED: { rank: 1, status: 'broken' },
  AMBIGUOUS: { rank: 1, status: 'broken' },
  PENDING: { rank: 1, status: 'broken' },
  UNKNOWN: { rank: 1, status: 'broken' },
  SKIPPED: { rank: 2, status: 'skipped' },
  PASSED: { rank: 3, status: 'passed' },
};

const STATUS_RANK: Record<ScenarioStatus, number> = { failed: 0, broken: 1, skipped: 2, passed: 3 };

const ms = (t: Timestamp) => t.seconds * 1000 + Math.round(t.nanos / 1e6);

export function readCucumberRun(file: string): CucumberRun {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new LabgateError(`no cucumber messages at ${file}`, 'a run writes reports/cucumber-messages.ndjson');
  }
  return parseCucumberMessages(text, file);
}

export function parseCucumberMessages(text: string, shown = 'cucumber messages'): CucumberRun {
  // biome-ignore lint/suspicious/noExplicitAny: the envelopes are read field by field below
  const envelopes: any[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    try {
      envelopes.push(JSON.parse(line));
    } catch {
      throw new LabgateError(`${shown}:${i + 1}: not a cucumber message (not JSON)`);
    }
  }
  const pickles = new Map<string, { name: string; uri: string; line?: number; tags: string[] }>();
  const lineOfNode = new Map<string, number>();
  const caseToPickle = new Map<string, string>();
  const startedToCase = new Map<string, { caseId: string; start: number }>();
  const results = new Map<string, ScenarioResult>();
  const run: CucumberRun = { scenarios: [] };
  for (const e of envelopes) {
    if (e.gherkinDocument) collectLines(e.gherkinDocument.feature, lineOfNode);
    else if (e.pickle) {
      const p = e.pickle;
      const row = p.astNodeIds?.length > 1 ? lineOfNode.get(p.astNodeIds.at(-1)) : undefined;
      const line = row ?? p.location?.line ?? lineOfNode.get(p.astNodeIds?.[0]);
      pickles.set(p.id, { name: p.name, uri: p.uri, line, tags: p.tags.map((t: { name: string }) => t.name) });
    } else if (e.testCase) caseToPickle.set(e.testCase.id, e.testCase.pickleId);
    else if (e.testRunStarted) run.startedMs = ms(e.testRunStarted.timestamp);
    else if (e.testRunFinished) {
      run.finishedMs = ms(e.testRunFinished.timestamp);
      run.success = e.testRunFinished.success;
    } else if (e.testCaseStarted) {
      const s = e.testCaseStarted;
      startedToCase.set(s.id, { caseId: s.testCaseId, start: ms(s.timestamp) });
      const pickleId = caseToPickle.get(s.testCaseId);
      const p = pickleId ? pickles.get(pickleId) : undefined;
      if (!pickleId || !p) throw new LabgateError(`${shown}: a test case started for an unknown scenario`);
      // a retried scenario starts again: its last attempt is its result, counted once
      results.set(pickleId, {
        pickleId,
        name: p.name,
        uri: p.uri,
        line: p.line ?? 0,
        tags: p.tags,
        exercises: p.tags.filter((t) => t.startsWith('@exercise:')).map((t) => t.slice('@exercise:'.length)),
        status: 'passed',
        durationMs: 0,
      });
    } else if (e.testStepFinished) {
      const r = resultOf(e.testStepFinished.testCaseStartedId, startedToCase, caseToPickle, results);
      const step = e.testStepFinished.testStepResult;
      const worse = RANK[step.status] ?? RANK.UNKNOWN!;
      if (worse.rank < STATUS_RANK[r.status]) {
        r.status = worse.status;
        if (step.message) r.message = step.message;
      }
    } else if (e.testCaseFinished) {
      const started = startedToCase.get(e.testCaseFinished.testCaseStartedId);
      const r = resultOf(e.testCaseFinished.testCaseStartedId, startedToCase, caseToPickle, results);
      if (started) r.durationMs = ms(e.testCaseFinished.timestamp) - started.start;
    }
  }
  run.scenarios = [...results.values()];
  return run;
}

function resultOf(
  startedId: string,
  startedToCase: Map<string, { caseId: string }>,
  caseToPickle: Map<string, string>,
  results: Map<string, ScenarioResult>,
): ScenarioResult {
  const caseId = startedToCase.get(startedId)?.caseId;
  const r = caseId ? results.get(caseToPickle.get(caseId) ?? '') : undefined;
  if (!r) throw new LabgateError('cucumber messages: a step finished in a test case that never started');
  return r;
}

// biome-ignore lint/suspicious/noExplicitAny: a Gherkin AST node
function collectLines(node: any, lines: Map<string, number>): void {
  if (!node || typeof node !== 'object') return;
  if (typeof node.id === 'string' && node.location?.line) lines.set(node.id, node.location.line);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) for (const v of value) collectLines(v, lines);
    else if (value && typeof value === 'object') collectLines(value, lines);
  }
}

/**
 * A failure message as a reader needs it: the lab's sentence (what was promised, what was seen, where to look),
 * without the error's class, chai's object dump and diff, and the stack.
 */
export function failureSentence(message: string): string {
  const firstBlock = message.split(/\n\s+at |\n\s*\+ expected - actual/)[0]!;
  return firstBlock
    .replace(/^\w*Error:\s*/, '')
    .replace(/:\s*expected [\s\S]* to (?:deeply |strictly )?(?:equal|be|include|have)[\s\S]*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
