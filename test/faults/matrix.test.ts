/**
 * The fault matrix: first a reset twin must run green, and that healthy run's messages are what every row's
 * patterns are checked against (a pattern that matches a healthy message proves nothing). Then for each fault of
 * the twin: reset, inject, run the gate, and check that exactly the scenarios whose promises the fault breaks
 * fail, each by its assertion with a message its pattern matches.
 * Takes a minute or so per fault. LABGATE_FAULTS=a,b limits it to some faults; LABGATE_TWIN_LAB picks another twin.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PROJECT_ROOT } from '../../twin/control/state.ts';
import { injectFault, labFaults, resetTwin } from '../../twin/faults/index.ts';
import { checkPatterns, compare, failedNames, loadMatrix } from './expectations.ts';
import { runSuite, type SuiteRun } from './suiteRun.ts';

const LAB = process.env.LABGATE_TWIN_LAB ?? '04-k8s-services';
const matrix = loadMatrix(LAB);
const named =
  process.env.LABGATE_FAULTS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) ?? [];
const only = named.length > 0 ? named : undefined; // none named: every fault
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

test('a reset twin runs green; its messages are the healthy reference for the patterns', async (t) => {
  await resetTwin(LAB);
  healthy = await runSuite(LAB);
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
    const run = await runSuite(LAB);
    runs[name] = run;
    const failed = failedNames(run);
    t.diagnostic(
      `${run.seconds.toFixed(0)} s, ${run.scenarios.length} scenarios, failed: ${failed.join('; ') || 'none'}`,
    );
    rows.push(...reportRows(name, run));
    // the patterns are judged after the run, so a run's messages are in the report even when a pattern is wrong
    assert.deepEqual([...checkPatterns(expected, healthy), ...compare(expected, run)], []);
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
