/**
 * The fault matrix: for each fault of the twin, reset, inject, run the gate, and check that exactly the
 * scenarios whose promises the fault breaks fail, with messages that say so; at the end, reset and check green.
 * Takes a few minutes per fault. LABGATE_FAULTS=a,b limits it to some faults; LABGATE_TWIN_LAB picks another twin.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PROJECT_ROOT } from '../../twin/control/state.ts';
import { faultNames, injectFault, resetTwin } from '../../twin/faults/index.ts';
import { compare, failedNames, loadMatrix } from './expectations.ts';
import { runSuite, type SuiteRun } from './suiteRun.ts';

const LAB = process.env.LABGATE_TWIN_LAB ?? '04-k8s-services';
const matrix = loadMatrix(LAB);
const only = process.env.LABGATE_FAULTS?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const rows: string[] = [];
const t0 = Date.now();

/** The first line of the first failure the row requires (else of any failure, else of the aborted run's output). */
function firstLine(run: SuiteRun, required: string[] = []): string {
  const failed = run.scenarios.filter((s) => s.status === 'failed');
  const first = failed.find((s) => required.includes(s.name)) ?? failed[0];
  const text =
    first?.message ??
    (run.scenarios.length === 0
      ? run.output
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('labgate:'))
          .at(-1)
      : '') ??
    '';
  return text.split('\n')[0]!.replace(/\|/g, '\\|').slice(0, 300);
}

test("every row of the lab's matrix names a fault the twin knows", () => {
  const known = new Set(faultNames());
  assert.deepEqual(
    [...matrix.keys()].filter((f) => !known.has(f)),
    [],
  );
});

for (const [name, expected] of matrix) {
  if (only && !only.includes(name)) continue;
  test(`fault ${name}: the gate reports ${expected.aborts ? 'that it cannot test the lab' : `${expected.fail.length} failed scenario(s)`}`, async (t) => {
    await resetTwin(LAB);
    t.diagnostic(await injectFault(LAB, name));
    const run = await runSuite(LAB);
    const failed = failedNames(run);
    t.diagnostic(
      `${run.seconds.toFixed(0)} s, ${run.scenarios.length} scenarios, failed: ${failed.join('; ') || 'none'}`,
    );
    rows.push(
      `| ${name} | ${run.seconds.toFixed(0)} s | ${failed.join('<br>') || (run.scenarios.length ? 'none' : 'no scenario ran')} | ${firstLine(run, expected.fail)} |`,
    );
    assert.deepEqual(compare(expected, run), []);
  });
}

test('after a reset the suite is green again', async (t) => {
  await resetTwin(LAB);
  const run = await runSuite(LAB);
  t.diagnostic(`${run.seconds.toFixed(0)} s, ${run.scenarios.length} scenarios`);
  rows.push(
    `| (reset) | ${run.seconds.toFixed(0)} s | ${failedNames(run).join('<br>') || 'none'} | ${firstLine(run)} |`,
  );
  assert.ok(run.scenarios.length > 0, 'no scenario ran');
  assert.deepEqual(failedNames(run), []);
  assert.equal(run.exitCode, 0);
});

after(() => {
  const dir = join(PROJECT_ROOT, 'reports');
  mkdirSync(dir, { recursive: true });
  const minutes = ((Date.now() - t0) / 60_000).toFixed(1);
  writeFileSync(
    join(dir, `fault-matrix-${LAB}.md`),
    [
      `# Fault matrix of ${LAB} (${minutes} min)`,
      '',
      '| fault | run | failed scenarios | first failure message |',
      '|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
});
