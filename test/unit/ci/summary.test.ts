/**
 * The job summary and annotations of a course run, over real results: every lab's cucumber messages from one
 * `labgate run --all` on the twins, and lab 03's from a run with a twin fault (pod-host-route-missing). Expected
 * values come from elsewhere: the scenario counts from the Gherkin (`labgate labs --json`), the failing scenarios
 * from the lab's fault matrix, the lines from the feature files, the sections from the lab text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { readOutcomes, writeOutcome } from '../../../support/ci/outcomes.ts';
import { annotations, sortedRows, summaryMarkdown, type LabOutcome } from '../../../support/ci/summary.ts';
import type { LabRow } from '../../../support/ci/matrix.ts';
import { tempDir as makeTempDir } from '../../tempDir.ts';
import { assertNoSecret } from './noSecret.ts';
import { COURSE, FAILING_LAB, FAULT_RUN, PASSING, ROOT } from './courseRun.ts';

const FAULT = FAULT_RUN;
const URL_BASE = 'https://github.com/owner/course/blob/abc/containerlab';

const labs: LabRow[] = JSON.parse(
  (await execa('node', ['bin/labgate.mjs', 'labs', '--json'], { cwd: ROOT })).stdout,
).labs;
const faultMatrix = JSON.parse(readFileSync(path.join(ROOT, 'features', FAILING_LAB, 'fault-matrix.json'), 'utf8'));
// the matrix maps each scenario the fault must fail to the pattern of its message
const faultRow = faultMatrix.faults['pod-host-route-missing'] as { fail: Record<string, unknown> };
const fault = { fail: Object.keys(faultRow.fail) };

/** The passing run's artifacts with lab 03's replaced by the fault run's. */
let failing: string | undefined;
/** Made once per test file: the tests only read it. */
function failingCourse(): string {
  if (failing) return failing;
  const dir = makeTempDir('labgate-ci-');
  failing = dir;
  cpSync(PASSING, dir, { recursive: true });
  rmSync(path.join(dir, FAILING_LAB, 'read-only'), { recursive: true });
  cpSync(FAULT, path.join(dir, FAILING_LAB, 'read-only'), { recursive: true });
  return dir;
}

const read = (dir: string) => readOutcomes(dir, labs, { root: COURSE, url: URL_BASE });
const featureUrl = (uri: string, line: number) => `https://github.com/o/labgate/blob/sha/${uri}#L${line}`;

test('a green course run: a row per lab, each counting its live scenarios once, all passed', () => {
  const outcomes = read(PASSING);
  const rows = sortedRows(outcomes);
  assert.deepEqual(
    rows.map((r) => [r.outcome.lab, r.verdict, r.passed, r.failed, r.skipped]),
    labs.map((l) => [l.name, 'passed', l.liveScenarios, 0, 0]),
  );
  const md = summaryMarkdown(outcomes);
  assert.match(md, new RegExp(`^## labgate: ${labs.length} labs, 0 failed, 0 skipped, ${labs.length} passed$`, 'm'));
  assert.equal(md.split('\n').filter((l) => /^\| \d\d-/.test(l)).length, labs.length);
  assert.deepEqual(annotations(outcomes), []);
});

test("a failing lab is first, with exactly the fault matrix's scenarios, each one line linked to text and feature", () => {
  const outcomes = read(failingCourse());
  const rows = sortedRows(outcomes);
  assert.equal(rows[0]!.outcome.lab, FAILING_LAB);
  assert.equal(rows[0]!.verdict, 'failed');
  assert.equal(rows[0]!.failed, fault.fail.length);
  const lab03 = labs.find((l) => l.name === FAILING_LAB)!;
  assert.equal(rows[0]!.passed + rows[0]!.failed + rows[0]!.skipped, lab03.liveScenarios);
  assert.ok(rows.slice(1).every((r) => r.verdict === 'passed'));

  const md = summaryMarkdown(outcomes, { featureUrl });
  assert.match(md, /\| 03-pod-routing \| ❌ failed \|/);
  assert.match(md.split('\n').find((l) => l.startsWith('| '))!, /\| lab \|/);
  assert.ok(md.indexOf('| 03-pod-routing') < md.indexOf('| 01-calico-ipam'), 'the failing lab is not first');
  const lines = md.split('\n').filter((l) => l.startsWith('- '));
  assert.equal(lines.length, fault.fail.length);
  const text = readFileSync(path.join(COURSE, '03-pod-routing/Readme.md'), 'utf8');
  for (const name of fault.fail) {
    const line = lines.find((l) => l.includes(`**${name}**`));
    assert.ok(line, `no line for "${name}"`);
    // the lab-text section: a heading of the text, linked by GitHub's anchor
    const [, title, anchor] =
      /^- \[([^\]]+)\]\(https:\/\/github\.com\/owner\/course\/blob\/abc\/containerlab\/03-pod-routing\/Readme\.md#([^)]+)\)/.exec(
        line,
      )!;
    assert.ok(
      text.split('\n').some((h) => /^#+ /.test(h) && h.includes(title!)),
      `"${title}" is no heading`,
    );
    assert.match(anchor!, /^[a-z0-9-]+$/);
    // the feature line holds the scenario
    const [, uri, n] =
      /\[(features\/03-pod-routing\/[\w.-]+\.feature):(\d+)\]\(https:\/\/github\.com\/o\/labgate\/blob\/sha\/\1#L\2\)/.exec(
        line,
      )!;
    const featureLines = readFileSync(path.join(ROOT, uri!), 'utf8').split('\n');
    assert.match(featureLines[Number(n) - 1]!, new RegExp(`Scenario.*: ${name.replace(/[()]/g, '\\$&')}`));
    // one sentence: no error class, no chai dump or diff, no stack
    assert.doesNotMatch(line, /AssertionError|to deeply equal|\+ expected|\n| at .*\.ts:\d+/);
  }
  // each line carries the observed value its scenario's pattern in the matrix names
  for (const [name, pattern] of Object.entries(faultRow.fail)) {
    if (typeof pattern !== 'string') continue;
    assert.match(lines.find((l) => l.includes(name))!, new RegExp(pattern, 's'));
  }
});

test('annotations: one error per failed scenario on its feature line, escaped as GitHub reads them', () => {
  const anns = annotations(read(failingCourse()));
  assert.equal(anns.length, fault.fail.length);
  for (const a of anns) {
    const [, file, line, title, message] = /^::error file=([^,]+),line=(\d+),title=([^:]+)::(.+)$/.exec(a)!;
    assert.match(file!, /^features\/03-pod-routing\/.+\.feature$/);
    assert.ok(Number(line) > 0);
    assert.match(title!, /^03-pod-routing%3A /);
    assert.doesNotMatch(message!, /\n/);
  }
});

test('skipped, not deployed, missing and empty labs: never passed, each with its reason', () => {
  const dir = makeTempDir('labgate-ci-');
  cpSync(PASSING, dir, { recursive: true });
  const [a, b, c, d] = labs.map((l) => l.name);
  rmSync(path.join(dir, a!), { recursive: true });
  writeOutcome(path.join(dir, a!), { lab: a!, state: 'skipped', reason: 'needs ceos:4.34.0F (Arista cEOS)' });
  rmSync(path.join(dir, b!), { recursive: true });
  writeOutcome(path.join(dir, b!), { lab: b!, state: 'not-deployed', reason: 'its deploy.sh failed', seconds: 61 });
  rmSync(path.join(dir, c!), { recursive: true });
  rmSync(path.join(dir, d!, 'read-only'), { recursive: true });
  const outcomes: LabOutcome[] = read(dir);
  const rows = sortedRows(outcomes);
  const verdict = Object.fromEntries(rows.map((r) => [r.outcome.lab, [r.verdict, r.why]]));
  assert.deepEqual(verdict[a!], ['skipped', 'needs ceos:4.34.0F (Arista cEOS)']);
  assert.deepEqual(verdict[b!], ['failed', 'not deployed: its deploy.sh failed']);
  assert.deepEqual(verdict[c!], ['failed', 'no result: the job was cancelled or timed out']);
  assert.deepEqual(verdict[d!], ['failed', 'no scenario ran']);
  const md = summaryMarkdown(outcomes);
  assert.match(
    md,
    new RegExp(`^## labgate: ${labs.length} labs, 3 failed, 1 skipped, ${labs.length - 4} passed$`, 'm'),
  );
  assert.match(md, /⏭️ skipped: needs ceos/);
  assert.match(md, /\| 1 min 1 s \|/);
  assert.deepEqual(
    rows.map((r) => r.verdict),
    ['failed', 'failed', 'failed', 'skipped', ...Array(labs.length - 4).fill('passed')],
  );
  assert.equal(annotations(outcomes).length, 3);
  assert.throws(() => writeOutcome(dir, { lab: a!, state: 'skipped' }), /a lab that is skipped needs a reason/);
});

test('`labgate ci summary` writes the job summary, prints the annotations and fails on a red lab', async () => {
  const dir = failingCourse();
  const labsFile = path.join(makeTempDir('labgate-ci-'), 'labs.json');
  writeFileSync(labsFile, JSON.stringify({ labs }));
  const summaryFile = path.join(makeTempDir('labgate-ci-'), 'summary.md');
  const r = await execa(
    'node',
    ['bin/labgate.mjs', 'ci', 'summary', dir, '--labs', labsFile, '--course', COURSE, '--course-url', URL_BASE],
    { cwd: ROOT, reject: false, env: { GITHUB_STEP_SUMMARY: summaryFile } },
  );
  assert.equal(r.exitCode, 1, r.stderr);
  assert.equal(r.stderr.trim(), 'labgate: 1 lab(s) failed: 03-pod-routing');
  assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('::error file=')).length, fault.fail.length);
  assert.match(readFileSync(summaryFile, 'utf8'), /\| 03-pod-routing \| ❌ failed \|/);
  const green = await execa('node', ['bin/labgate.mjs', 'ci', 'summary', PASSING, '--labs', labsFile], {
    cwd: ROOT,
    reject: false,
  });
  assert.equal(green.exitCode, 0, green.stderr);
  assert.match(green.stdout, new RegExp(`^## labgate: ${labs.length} labs, 0 failed, 0 skipped`, 'm'));
  const noList = await execa('node', ['bin/labgate.mjs', 'ci', 'summary', PASSING, '--labs', `${labsFile}.none`], {
    cwd: ROOT,
    reject: false,
  });
  assert.equal(noList.exitCode, 2);
  assert.equal(noList.stderr.trim().split('\n').length, 1);
  assert.match(noList.stderr, /^labgate: cannot read the lab list .*labs\.json\.none/);
});

test('no secret or kubeconfig key in the summary, the annotations or the results they are made from', () => {
  const outcomes = read(failingCourse());
  const texts = [summaryMarkdown(outcomes, { featureUrl }), annotations(outcomes).join('\n')];
  for (const lab of labs) {
    texts.push(readFileSync(path.join(PASSING, lab.name, 'read-only/cucumber-messages.ndjson'), 'latin1'));
  }
  texts.push(readFileSync(path.join(FAULT, 'cucumber-messages.ndjson'), 'latin1'));
  for (const t of texts) assertNoSecret(t);
});
