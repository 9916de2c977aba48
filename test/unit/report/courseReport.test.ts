/**
 * One Allure results folder for a course run, merged from real results (the green `run --all` on the twins and
 * lab 03 with a twin fault): one suite per lab, each scenario once, sections named by the lab text's headings,
 * links to the text and the feature line, the coverage as a fixture of the lab, an environment per lab, failure
 * messages cut to the lab's sentence and sorted by kind of broken promise. Expected values come from the Gherkin
 * (`labgate labs --json`), the lab texts, the feature files and the fault matrix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { mergeCourse } from '../../../bin/cli/courseReport.ts';
import { keepLabReports } from '../../../bin/cli/labReports.ts';
import { categoryRegExp } from '../../../support/report/categories.ts';
import { inFileOrder, reflowed } from '../../../support/report/courseResults.ts';
import { PROMISE_KINDS } from '../../../support/report/promiseKinds.ts';
import { tempDir } from '../../tempDir.ts';
import { COURSE, FAILING_LAB, FAULT, FAULT_RUN, PASSING, ROOT } from '../ci/courseRun.ts';
import { assertNoSecret } from '../ci/noSecret.ts';

interface LabInfo {
  name: string;
  liveScenarios: number;
  course: { folder: string; text: string };
}
const labs: LabInfo[] = JSON.parse(
  (await execa('node', ['bin/labgate.mjs', 'labs', '--json'], { cwd: ROOT })).stdout,
).labs;
// the matrix maps each scenario the fault must fail to the pattern of its message
const faultRow = JSON.parse(readFileSync(path.join(ROOT, 'features', FAILING_LAB, 'fault-matrix.json'), 'utf8')).faults[
  FAULT
] as { fail: Record<string, unknown> };
const fault = { fail: Object.keys(faultRow.fail) };

type Json = any;
const label = (r: Json, name: string) => r.labels.filter((l: Json) => l.name === name).map((l: Json) => l.value);

const mergedOnce = new Map<string, ReturnType<typeof mergeInto>>();
/** The merge of one source, made once per test file (the tests only read it). */
function mergedAsync(from: string): ReturnType<typeof mergeInto> {
  if (!mergedOnce.has(from)) mergedOnce.set(from, mergeInto(from));
  return mergedOnce.get(from)!;
}

async function mergeInto(from: string) {
  const dir = tempDir('labgate-course-results-');
  await mergeCourse(from, dir);
  const files = readdirSync(dir);
  const read = (suffix: string): Json[] =>
    files.filter((f) => f.endsWith(suffix)).map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
  return { dir, results: read('-result.json'), containers: read('-container.json') };
}

let failing: string | undefined;
function failingCourse(): string {
  if (failing) return failing;
  const dir = tempDir('labgate-ci-');
  failing = dir;
  cpSync(PASSING, dir, { recursive: true });
  rmSync(path.join(dir, FAILING_LAB, 'read-only'), { recursive: true });
  cpSync(FAULT_RUN, path.join(dir, FAILING_LAB, 'read-only'), { recursive: true });
  return dir;
}

test('one suite per lab holding its scenarios, each scenario once, under the lab text section that holds it', async () => {
  const { results } = await mergedAsync(PASSING);
  assert.equal(
    results.length,
    labs.reduce((n, l) => n + l.liveScenarios, 0),
  );
  for (const lab of labs) {
    const mine = results.filter((r) => label(r, 'parentSuite')[0] === lab.name);
    assert.equal(mine.length, lab.liveScenarios, `${lab.name}: scenarios`);
    const headings = readFileSync(path.join(COURSE, lab.course.folder, lab.course.text), 'utf8')
      .split('\n')
      .filter((l) => /^#+ /.test(l));
    for (const r of mine) {
      for (const name of ['parentSuite', 'suite', 'subSuite', 'epic', 'feature', 'story', 'host', 'thread'])
        assert.equal(label(r, name).length, 1, `${r.name}: one ${name} label`);
      assert.equal(label(r, 'host')[0], lab.name, 'one timeline lane per lab');
      const section = label(r, 'subSuite')[0];
      assert.ok(
        headings.some((h) => h.includes(section)),
        `${lab.name}: "${section}" is not a heading of its text`,
      );
      assert.notEqual(label(r, 'suite')[0], 'Lab text coverage');
    }
  }
  assert.equal(results.filter((r) => /coverage/i.test(r.name)).length, 0, 'the coverage is no scenario');
});

test("a lab's features sort in Allure's tree (by name, lower-cased) as its feature files do, the text's order", async () => {
  const { results } = await mergedAsync(PASSING);
  const allureSorted = (names: string[]) => [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  for (const lab of labs) {
    const suiteOfFile = new Map<string, string>();
    for (const r of results.filter((x) => label(x, 'parentSuite')[0] === lab.name))
      suiteOfFile.set(
        String(r.fullName)
          .replace(/^labgate:/, '')
          .split('#')[0]!,
        label(r, 'suite')[0]!,
      );
    const inFiles = [...suiteOfFile.keys()].sort().map((f) => suiteOfFile.get(f)!);
    assert.deepEqual(allureSorted(inFiles), inFiles, `${lab.name}: the tree reads ${allureSorted(inFiles)}`);
  }
  // lab 04's notes come after its exercises, led by their place; names that sort right keep their own
  const notes = results.find((r) => /06-notes\.feature#/.test(String(r.fullName)));
  assert.match(label(notes, 'suite')[0]!, /^6\. Additional notes/);
  const kept = inFileOrder(
    new Map([
      ['a/01-x.feature', 'Exercise 1 - x'],
      ['a/02-y.feature', 'Exercise 2 - y'],
    ]),
  );
  assert.deepEqual([...kept.values()], ['Exercise 1 - x', 'Exercise 2 - y']);
  const ten = new Map(
    Array.from({ length: 10 }, (_, i) => [`a/${String(i + 1).padStart(2, '0')}.feature`, `Exercise ${i + 1}`]),
  );
  assert.deepEqual([...inFileOrder(ten).values()].slice(0, 2), ['01. Exercise 1', '02. Exercise 2']);
});

test('every result links to its lab-text section and to its feature line', async () => {
  const { results } = await mergedAsync(PASSING);
  for (const r of results) {
    const [text, feature] = r.links;
    assert.match(text.url, /^file:\/\/.*\/(readme|Readme|README)\.md#[a-z0-9-]+$/, `${r.name}: ${text.url}`);
    assert.match(text.name, /^lab text: /);
    const m = /^file:\/\/(.+\.feature)#L(\d+)$/.exec(feature.url)!;
    assert.ok(m, `${r.name}: ${feature.url}`);
    const line = readFileSync(decodeURIComponent(m[1]!), 'utf8').split('\n')[Number(m[2]) - 1]!;
    assert.match(line, /^\s*(Scenario|Scenario Outline|\|)/, `${r.name}: line ${m[2]} is no scenario`);
  }
});

test("a feature's description reads as prose: the file's line breaks gone, its paragraphs kept", async () => {
  const { results } = await mergedAsync(PASSING);
  const described = results.filter((r) => r.description);
  assert.ok(described.length > 0, 'no result has a description');
  for (const r of described) assert.doesNotMatch(r.description, /[^\n]\n[^\n]|^\s|\s$/, r.name);
  assert.equal(reflowed('  one\n  two\n\n  three\n'), 'one two\n\nthree');
});

test('the coverage is a fixture of each lab, over exactly its scenarios; environment and executor per run', async () => {
  const { dir, results, containers } = await mergedAsync(PASSING);
  const coverage = containers.filter((c) => c.befores?.[0]?.name?.startsWith('Lab text coverage'));
  assert.equal(coverage.length, labs.length);
  for (const lab of labs) {
    const c = coverage.find((x) => x.befores[0].name === `Lab text coverage (${lab.name})`);
    const mine = results.filter((r) => label(r, 'parentSuite')[0] === lab.name).map((r) => r.uuid);
    assert.deepEqual([...c.children].sort(), mine.sort());
    assert.equal(c.befores[0].status, 'passed', `${lab.name}: coverage complete and every section green`);
  }
  const env = readFileSync(path.join(dir, 'environment.properties'), 'latin1');
  for (const lab of labs) assert.match(env, new RegExp(`^${lab.name}\\\\:\\\\ target=${lab.name} on twin$`, 'm'));
  assert.doesNotMatch(env, /HTTP-Code/);
  const executor = JSON.parse(readFileSync(path.join(dir, 'executor.json'), 'utf8'));
  assert.equal(executor.reportName, `labgate: ${labs.length} labs of the course`);
  assert.match(executor.buildName, /commit [0-9a-f]{7}/);
});

test('a failing lab: its failures carry the lab, one sentence each, and one kind of broken promise', async () => {
  const { dir, results, containers } = await mergedAsync(failingCourse());
  const failed = results.filter((r) => r.status === 'failed' || r.status === 'broken');
  assert.deepEqual(failed.map((r) => r.name).sort(), [...fault.fail].sort());
  const categories = JSON.parse(readFileSync(path.join(dir, 'categories.json'), 'utf8')) as Json[];
  for (const r of failed) {
    assert.equal(label(r, 'parentSuite')[0], FAILING_LAB);
    assert.match(r.statusDetails.message, /^03-pod-routing: \S/);
    assert.doesNotMatch(r.statusDetails.message, /AssertionError|to deeply equal|\+ expected|\n|\.ts:\d+/);
    const matched = categories.filter((c) => c.traceRegex && categoryRegExp(c.traceRegex).test(r.statusDetails.trace));
    assert.equal(matched.length, 1, `${r.name}: categories ${matched.map((c) => c.name).join(', ')}`);
    assert.ok(
      PROMISE_KINDS.some((k) => k.name === matched[0].name),
      `${r.name}: ${matched[0].name}`,
    );
    assert.ok(
      categories.every((c) => c.name.length <= 20),
      'short category names',
    );
  }
  const cov = containers.find((c) => c.befores?.[0]?.name === `Lab text coverage (${FAILING_LAB})`);
  assert.notEqual(cov.befores[0].status, 'passed', 'the coverage is not green beside a red section');
  for (const c of containers.filter((x) => x !== cov && x.befores?.[0]?.name?.startsWith('Lab text coverage')))
    assert.equal(c.befores[0].status, 'passed');
  for (const f of readdirSync(dir).filter((n) => /\.(json|properties|txt|md|html)$/.test(n)))
    assertNoSecret(readFileSync(path.join(dir, f), 'latin1'));
});

test("`run --lab X` after `--all` replaces X's part of the course report, titled with the lab", async () => {
  // reports/ as `run --all` leaves it: one folder per lab
  const reports = tempDir('labgate-reports-');
  for (const lab of labs)
    cpSync(path.join(PASSING, lab.name, 'read-only'), path.join(reports, lab.name), { recursive: true });
  const before = await mergeInto(reports);
  assert.equal(before.results.filter((r) => r.status !== 'passed').length, 0);
  // then lab 03 alone, broken: its run writes reports/ itself, and labgate keeps it as lab 03's part
  cpSync(FAULT_RUN, reports, { recursive: true });
  writeFileSync(path.join(reports, 'cucumber.html'), '<html><head><title>Cucumber</title></head></html>');
  keepLabReports(FAILING_LAB, { copy: true, reportsDir: reports });
  const html = readFileSync(path.join(reports, FAILING_LAB, 'cucumber.html'), 'utf8');
  assert.match(html, /<title>labgate: 03-pod-routing<\/title>/);
  const after = await mergeInto(reports);
  assert.equal(after.results.length, before.results.length, 'the lab replaced, not added');
  assert.deepEqual(
    after.results.filter((r) => r.status !== 'passed').map((r) => label(r, 'parentSuite')[0]),
    fault.fail.map(() => FAILING_LAB),
  );
});
