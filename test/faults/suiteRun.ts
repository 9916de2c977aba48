/** Runs the gate (`labgate run`) against the twin and reads which scenarios failed, from cucumber's message stream. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, TwinState } from '../../twin/control/state.ts';
import { FINDING_ATTACHMENT } from '../../support/floor/finding.ts';

export const SUITE_TIMEOUT_MS = 20 * 60_000;

export interface ScenarioOutcome {
  name: string;
  /** the feature file it comes from, relative to the project (cucumber's pickle uri) */
  uri?: string;
  status: 'passed' | 'failed';
  /** the first failed step's message (hooks included) */
  message?: string;
  /** the type of what the first failed step threw: AssertionError for a check that failed, else an error */
  errorType?: string;
  /** the messages of the findings the scenario's steps reported, passed or failed, in order */
  findings?: string[];
}

export interface SuiteRun {
  exitCode: number;
  output: string; // stdout and stderr of the run
  scenarios: ScenarioOutcome[]; // in run order
  seconds: number;
}

interface Envelope {
  pickle?: { id: string; name: string; uri?: string };
  testCase?: { id: string; pickleId: string };
  testCaseStarted?: { id: string; testCaseId: string };
  testStepFinished?: {
    testCaseStartedId: string;
    testStepResult: { status: string; message?: string; exception?: { type: string } };
  };
  attachment?: { testCaseStartedId?: string; fileName?: string; body: string; contentEncoding?: string };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried: boolean };
}

const BAD_STEP = new Set(['FAILED', 'UNDEFINED', 'AMBIGUOUS', 'PENDING']);

/** Scenario outcomes from a cucumber message stream (NDJSON). */
export function readMessages(ndjson: string): ScenarioOutcome[] {
  const pickles = new Map<string, { name: string; uri?: string }>();
  const testCases = new Map<string, string>();
  const started = new Map<string, ScenarioOutcome>();
  const order: ScenarioOutcome[] = [];
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    const m = JSON.parse(line) as Envelope;
    if (m.pickle) pickles.set(m.pickle.id, { name: m.pickle.name, ...(m.pickle.uri ? { uri: m.pickle.uri } : {}) });
    if (m.testCase) testCases.set(m.testCase.id, m.testCase.pickleId);
    if (m.testCaseStarted) {
      const pickle = pickles.get(testCases.get(m.testCaseStarted.testCaseId) ?? '');
      const outcome: ScenarioOutcome = {
        name: pickle?.name ?? '(unknown scenario)',
        ...(pickle?.uri ? { uri: pickle.uri } : {}),
        status: 'passed',
      };
      started.set(m.testCaseStarted.id, outcome);
      order.push(outcome);
    }
    if (m.testStepFinished) {
      const outcome = started.get(m.testStepFinished.testCaseStartedId);
      const r = m.testStepFinished.testStepResult;
      if (outcome && BAD_STEP.has(r.status) && outcome.status === 'passed') {
        outcome.status = 'failed';
        outcome.message = r.message ?? `a step is ${r.status.toLowerCase()}`;
        if (r.exception?.type) outcome.errorType = r.exception.type;
      }
    }
    const a = m.attachment;
    const outcome = a?.testCaseStartedId === undefined ? undefined : started.get(a.testCaseStartedId);
    if (a && outcome && a.fileName === FINDING_ATTACHMENT) {
      const text = a.contentEncoding === 'BASE64' ? Buffer.from(a.body, 'base64').toString('utf8') : a.body;
      outcome.findings = [...(outcome.findings ?? []), text];
    }
  }
  return order;
}

/**
 * A lab's run as an earlier `labgate run` recorded it (reports/<lab>/cucumber-messages.ndjson): the main job's run
 * of every lab on a fresh twin, which `npm test` makes before the lab stages, so a fault matrix does not run the
 * same healthy suite again. Undefined when there is no such record.
 */
export function recordedRun(reportsDir: string, lab: string): SuiteRun | undefined {
  const file = join(reportsDir, lab, 'cucumber-messages.ndjson');
  if (!existsSync(file)) return undefined;
  const ndjson = readFileSync(file, 'utf8');
  const scenarios = readMessages(ndjson);
  const stamps = ndjson
    .split('\n')
    .filter((l) => l.includes('"testRunStarted"') || l.includes('"testRunFinished"'))
    .map((l) => {
      const m = JSON.parse(l) as Record<string, { timestamp?: { seconds: number } }>;
      return (m.testRunStarted ?? m.testRunFinished)?.timestamp?.seconds ?? 0;
    });
  const seconds = stamps.length === 2 ? stamps[1]! - stamps[0]! : 0;
  const exitCode = scenarios.length > 0 && scenarios.every((s) => s.status === 'passed') ? 0 : 1;
  return { exitCode, output: `recorded in ${file}`, scenarios, seconds };
}

const MATRIX_SETTLE_SECONDS = '15';

/**
 * `labgate run` with the twin's kubeconfig named explicitly, so a broken twin is tested, never rebuilt.
 * `features`: the feature files to run (cucumber's paths); none: the lab's whole suite.
 */
export async function runSuite(lab = '04-k8s-services', features: readonly string[] = []): Promise<SuiteRun> {
  const dir = mkdtempSync(join(tmpdir(), 'labgate-matrix-'));
  const messages = join(dir, 'messages.ndjson');
  const state = new TwinState(lab);
  const plan = state.plan();
  if (!plan) throw new Error(`the twin of ${lab} is not up`);
  const t0 = Date.now();
  try {
    const { exitCode, output } = await new Promise<{ exitCode: number; output: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          join(PROJECT_ROOT, 'bin', 'labgate.mjs'),
          'run',
          '--lab',
          lab,
          '--',
          '--format',
          `message:${messages}`,
          ...features,
        ],
        {
          cwd: PROJECT_ROOT,
          env: {
            ...process.env,
            CI: 'true',
            // a reset twin is settled and each fault waits until its state shows: a shorter settle bound spares
            // the minute a check would otherwise wait for pods a fault keeps from becoming Ready
            LABGATE_SETTLE_SECONDS: MATRIX_SETTLE_SECONDS,
            LABGATE_KUBECONFIG: TwinState.kubeconfigPath(plan.kubeconfig),
            LABGATE_CLUSTER: plan.cluster,
            LABGATE_CONTEXT: '',
            KUBECONFIG: '',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const timer = setTimeout(() => child.kill('SIGTERM'), SUITE_TIMEOUT_MS);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ exitCode: code ?? 1, output });
      });
    });
    const scenarios = existsSync(messages) ? readMessages(readFileSync(messages, 'utf8')) : [];
    return { exitCode, output, scenarios, seconds: (Date.now() - t0) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
