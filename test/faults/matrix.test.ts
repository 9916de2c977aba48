/**
 * The fault matrix: first a reset twin must run green, and that healthy run's messages are what every row's
 * patterns are checked against (a pattern that matches a healthy message proves nothing). Then for each fault of
 * the twin: reset, inject, run the gate, and check that exactly the scenarios whose promises the fault breaks
 * fail, each by its assertion with a message its pattern matches.
 * Each fault's run is limited to the features holding the scenarios its row fails (faultScope); the healthy run
 * proves the rest green. LABGATE_MATRIX_SCOPE=suite runs every fault over the whole suite (to find a fault's reach).
 * LABGATE_FAULTS=a,b limits it to some faults; LABGATE_TWIN_LAB picks another twin.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { PROJECT_ROOT } from '../../twin/control/state.ts';
import { injectFault, labFaults, resetTwin } from '../../twin/faults/index.ts';
import { checkPatterns, compare, failedNames, faultScope, loadMatrix, scopeProblems } from './expectations.ts';
import { recordedRun, runSuite, type SuiteRun } from './suiteRun.ts';

const LAB = process.env.LABGATE_TWIN_LAB ?? '04-k8s-services';
const matrix = loadMatrix(LAB);
const named =
  process.env.LABGATE_FAULTS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) ?? [];
const only = named.length > 0 ? named : undefined; // none named: every fault
const wholeSuite = process.env.LABGATE_MATRIX_SCOPE === 'suite';
/** set by `npm test` after the main job ran every lab green on a fresh twin: its run is this lab's healthy one */
const healthyRuns = process.env.LABGATE_HEALTHY_RUNS;
const rows: string[] = [];
const runs: Record<string, SuiteRun> = {};
const t0 = Date.now();
let healthy: SuiteRun | undefined;

/** The first line of a failure's message, for the report's table. */
function firstLine(text: string): string {
  return text.split('\n')[0]!.replace(/\|/g, '\\|').slice(0, 300);
}

/** One table row per failed scenario (or one saying none failed, or the aborted run's last line). */
function reportRows(name: string, run: SuiteRun): string[] {
  const failed = run.scenarios.filter((s) => s.status === 'failed');
  const time = `${run.seconds.toFixed(0)} s`;
  if (failed.length === 0) {
    const why = run.scenarios.length ? 'none' : 'no scenario ran';
    const last =
      run.output
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('labgate:'))
        .at(-1) ?? '';
    return [`| ${name} | ${time} | ${why} | | ${firstLine(last)} |`];
  }
  return failed.map(
    (s, i) =>
      `| ${i === 0 ? name : ''} | ${i === 0 ? time : ''} | ${s.name} | ${s.errorType ?? ''} ` +
      `| ${firstLine(s.message ?? '')} |`,
  );
}

before(() => {
  mkdirSync(join(PROJECT_ROOT, 'reports'), { recursive: true });
});

test("every row of the lab's matrix names a fault kind the twin knows, with the targets it needs", () => {
  assert.deepEqual(
    labFaults(LAB).map((f) => f.name),
    [...matrix.keys()],
  );
});

const healthyTitle = healthyRuns
  ? `the main job's run of the lab on a fresh twin (${healthyRuns}) was green; its messages are the healthy reference`
  : 'a reset twin runs green; its messages are the healthy reference for the patterns';
test(healthyTitle, async (t) => {
  if (healthyRuns) {
    healthy = recordedRun(healthyRuns, LAB);
    assert.ok(healthy, `no run of ${LAB} recorded in ${healthyRuns}`);
  } else {
    await resetTwin(LAB);
    healthy = await runSuite(LAB);
  }
  runs['(healthy)'] = healthy;
  t.diagnostic(`${healthy.seconds.toFixed(0)} s, ${healthy.scenarios.length} scenarios`);
  rows.push(...reportRows('(healthy)', healthy));
  assert.ok(healthy.scenarios.length > 0, 'no scenario ran');
  assert.deepEqual(failedNames(healthy), []);
  assert.equal(healthy.exitCode, 0);
});

for (const [name, expected] of matrix) {
  if (only && !only.includes(name)) continue;
  const what = expected.aborts
    ? 'that it cannot test the lab'
    : `${Object.keys(expected.fail).length} failed scenario(s)`;
  test(`fault ${name}: the gate reports ${what}`, async (t) => {
    assert.ok(healthy, 'no healthy run to check the patterns against');
    await resetTwin(LAB);
    t.diagnostic(await injectFault(LAB, name));
    const scope = faultScope(expected, healthy, wholeSuite);
    const run = await runSuite(LAB, scope);
    runs[name] = run;
    const failed = failedNames(run);
    const where = scope ? `in ${scope.map((u) => basename(u)).join(', ')}` : 'in the whole suite';
    t.diagnostic(
      `${run.seconds.toFixed(0)} s, ${run.scenarios.length} scenarios ${where}, failed: ${failed.join('; ') || 'none'}`,
    );
    rows.push(...reportRows(name, run));
    // the patterns are judged after the run, so a run's messages are in the report even when a pattern is wrong
    const problems = [
      ...checkPatterns(expected, healthy),
      ...scopeProblems(scope, healthy, run),
      ...compare(expected, run),
    ];
    assert.deepEqual(problems, []);
  });
}

after(() => {
  const dir = join(PROJECT_ROOT, 'reports');
  const minutes = ((Date.now() - t0) / 60_000).toFixed(1);
  const head = ['| fault | run | failed scenario | thrown | message |', '|---|---|---|---|---|'];
  writeFileSync(
    join(dir, `fault-matrix-${LAB}.md`),
    [`# Fault matrix of ${LAB} (${minutes} min)`, '', ...head, ...rows, ''].join('\n'),
  );
  writeFileSync(join(dir, `fault-matrix-${LAB}.json`), `${JSON.stringify(runs, null, 1)}\n`);
});
