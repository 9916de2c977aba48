/**
 * `labgate report` builds one Allure HTML report of a course run (allure-commandline, on Java) from real results:
 * every lab's green run on the twins and lab 03 with a twin fault. The failing lab shows failing in every view
 * (overview, suites, behaviors, categories, timeline), the history is carried so trends are real, a rebuild of
 * the same run adds no point, the report names the run, and one file of it opens from disk: in a real browser
 * (Chromium), the folder's index.html opened from disk too.
 * Needs Java and Chromium (test/host-packages.sh installs them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { findJava } from '../../support/report/allureReport.ts';
import { renderedDom } from '../browser.ts';
import { tempDir } from '../tempDir.ts';
import { FAILING_LAB, FAULT, FAULT_RUN, PASSING } from '../unit/ci/courseRun.ts';
import { assertNoSecret } from '../unit/ci/noSecret.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const labgate = join(repo, 'bin/labgate.mjs');
const labs = JSON.parse((await execa(process.execPath, [labgate, 'labs', '--json'], { cwd: repo })).stdout).labs as {
  name: string;
  liveScenarios: number;
}[];
// the matrix maps each scenario the fault must fail to the pattern of its message
const faultRow = JSON.parse(readFileSync(join(repo, 'features', FAILING_LAB, 'fault-matrix.json'), 'utf8')).faults[
  FAULT
] as { fail: Record<string, unknown> };
const fault = { fail: Object.keys(faultRow.fail) };
const total = labs.reduce((n, l) => n + l.liveScenarios, 0);

type Json = any;
const json = (dir: string, file: string): Json => JSON.parse(readFileSync(join(dir, file), 'utf8'));

async function report(from: string, out: string, results: string) {
  const args = ['report', '--from', from, '--out', out, '--results', results, '--single-file', `${out}-single`];
  const r = await execa(process.execPath, [labgate, ...args], {
    cwd: repo,
    reject: false,
    all: true,
  });
  assert.equal(r.exitCode, 0, r.all);
  return r.stdout;
}

test('the report of a course run with a failing lab: failing in every view, history real, one file', async () => {
  assert.ok(findJava(), 'no Java runtime here: test/host-packages.sh installs one');
  const work = tempDir('labgate-course-report-');
  const out = join(work, 'allure-report');
  const results = join(work, 'results');
  // a first, green run
  const green = await report(PASSING, out, results);
  assert.match(green, new RegExp(`${labs.length} labs, ${total} scenarios: ${total} passed, 0 failed`));
  // the next run: lab 03 broken
  const failing = join(work, 'failing');
  cpSync(PASSING, failing, { recursive: true });
  rmSync(join(failing, FAILING_LAB, 'read-only'), { recursive: true });
  cpSync(FAULT_RUN, join(failing, FAILING_LAB, 'read-only'), { recursive: true });
  const red = await report(failing, out, results);
  assert.match(red, new RegExp(`${total} scenarios: ${total - fault.fail.length} passed, ${fault.fail.length} failed`));

  // overview: the name, the executor, the statistic
  const summary = json(out, 'widgets/summary.json');
  assert.equal(summary.reportName, `labgate: ${labs.length} labs of the course`);
  assert.equal(summary.statistic.failed + summary.statistic.broken, fault.fail.length);
  assert.equal(json(out, 'widgets/executors.json')[0].reportName, summary.reportName);
  // suites: one per lab, the failing lab's failures under it
  const suites = json(out, 'data/suites.json');
  assert.deepEqual(suites.children.map((c: Json) => c.name).sort(), labs.map((l) => l.name).sort());
  const failedIn = (node: Json): string[] =>
    node.children
      ? node.children.flatMap(failedIn)
      : node.status === 'failed' || node.status === 'broken'
        ? [node.name]
        : [];
  const suite03 = suites.children.find((c: Json) => c.name === FAILING_LAB);
  assert.deepEqual(failedIn(suite03).sort(), [...fault.fail].sort());
  assert.deepEqual(failedIn(suites).sort(), [...fault.fail].sort());
  // behaviors (epic = lab) and the timeline (a lane per lab) show the same
  const behaviors = json(out, 'data/behaviors.json');
  assert.deepEqual(
    failedIn(behaviors.children.find((c: Json) => c.name === FAILING_LAB)).sort(),
    [...fault.fail].sort(),
  );
  const timeline = json(out, 'data/timeline.json');
  assert.deepEqual(timeline.children.map((c: Json) => c.name).sort(), labs.map((l) => l.name).sort());
  assert.deepEqual(
    failedIn(timeline.children.find((c: Json) => c.name === FAILING_LAB)).sort(),
    [...fault.fail].sort(),
  );
  // categories: by kind of broken promise, each failure in exactly one, its message naming the lab
  const categories = json(out, 'data/categories.json');
  assert.equal(
    categories.children.reduce((n: number, c: Json) => n + failedIn(c).length, 0),
    fault.fail.length,
  );
  for (const c of categories.children) {
    assert.ok(c.name.length <= 20, c.name);
    for (const m of c.children) assert.match(m.name, /^03-pod-routing: /);
  }
  // an environment per lab
  const env = json(out, 'widgets/environment.json').map((e: Json) => e.name);
  for (const l of labs) assert.ok(env.includes(`${l.name}: target`), `${l.name}: no environment`);
  // history: two runs, two points
  assert.equal(json(out, 'widgets/history-trend.json').length, 2);
  // a rebuild of the same run adds no point
  await report(failing, out, results);
  assert.equal(json(out, 'widgets/history-trend.json').length, 2);
  // one file that opens from disk, the same report
  const single = `${out}-single/index.html`;
  assert.ok(existsSync(single));
  const html = readFileSync(single, 'utf8');
  assert.match(html, /<title>labgate: 6 labs of the course<\/title>|labgate: \d+ labs of the course/);
  assert.ok(html.length > 100_000, 'the single file holds the report');
  for (const f of readdirSync(join(out, 'data/test-cases')))
    assertNoSecret(readFileSync(join(out, 'data/test-cases', f), 'utf8'), f);
  assertNoSecret(html, 'the single-file report');
  // opened from disk in a browser (a double-click on the downloaded folder), the folder report shows the
  // report, not Allure's "500 Failed to fetch": its index.html goes to the one file, at the same view
  const fromDisk = await renderedDom(`${pathToFileURL(join(out, 'index.html')).href}#suites`);
  assert.doesNotMatch(fromDisk, /Failed to fetch/);
  assert.match(fromDisk, new RegExp(`<title>${summary.reportName}</title>`));
  for (const l of labs) assert.match(fromDisk, new RegExp(`class="node__name">${l.name}<`), `${l.name} not drawn`);
});
