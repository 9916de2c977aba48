/**
 * The README's main job, `npm run cucumber` (= `labgate run --all`): every lab in one process, each against
 * its twin, reports per lab and one gathered Allure result per scenario; a lab that cannot be checked is
 * reported and the others still run.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, runCli } from '../inputs/harness.ts';

interface LabListing {
  name: string;
  /** the scenarios a read-only run checks (not the @after-destroy or @mutating ones) */
  liveScenarios: number;
  /** the @mutating scenarios, which a run on the twin checks too */
  mutatingScenarios: number;
}

/** The scenarios a lab's run on its twin checks: the read-only ones and the @mutating ones. */
const onTwin = (l: LabListing) => l.liveScenarios + l.mutatingScenarios;

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
  for (const k of [
    'LABGATE_KUBECONFIG',
    'KUBECONFIG',
    'LABGATE_CONTEXT',
    'LABGATE_TARGET',
    'LABGATE_LAB',
    'LABGATE_CLUSTER',
    'LABGATE_TOPOLOGY',
  ])
    delete e[k];
  return e;
}

const { labs } = JSON.parse(
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'labgate.mjs'), 'labs', '--json'], {
    cwd: REPO_ROOT,
    env: env(),
  }).toString(),
) as { labs: LabListing[] };

test('a lab that cannot be checked is reported, the next lab still runs, and the exit code says so', async () => {
  // a dry run reads no lab and starts no twin; a tag no scenario has selects nothing, which is an error
  const run = await runCli(['run', '--all', '--', '--dry-run', '--tags', '@no-such-tag'], env());
  assert.equal(run.exitCode, 2, run.stderr);
  assert.doesNotMatch(`${run.stdout}\n${run.stderr}`, /^\s+at /m, 'no stack trace');
  const refused = run.stderr.split('\n').filter((l) => l.startsWith('labgate: no scenario selected'));
  assert.equal(refused.length, labs.length, run.stderr);
  const summary = run.stdout.split('\n').find((l) => l.startsWith('labgate: --all:') && l.includes('reports in'));
  assert.equal(
    summary,
    `labgate: --all: ${labs.map((l) => `${l.name} could not be checked`).join(', ')}; reports in reports/<lab>/`,
  );
});

test('npm run cucumber checks every lab on its twin, with reports per lab and every result gathered', async () => {
  const run = await runCli(['run', '--all'], env(), 900_000);
  assert.equal(run.exitCode, 0, `${run.stderr}\n${run.stdout.split('\n').slice(-40).join('\n')}`);
  const summary = run.stdout.split('\n').find((l) => l.startsWith('labgate: --all:') && l.includes('reports in'));
  assert.equal(summary, `labgate: --all: ${labs.map((l) => `${l.name} passed`).join(', ')}; reports in reports/<lab>/`);
  for (const lab of labs) {
    const junit = readFileSync(path.join(REPO_ROOT, 'reports', lab.name, 'junit.xml'), 'utf8');
    assert.match(junit, new RegExp(`<testsuite name="labgate ${lab.name} on twin"`));
    assert.equal(
      (junit.match(/<testcase /g) ?? []).length,
      onTwin(lab),
      `${lab.name}: one JUnit test case per scenario`,
    );
  }
  const dir = path.join(REPO_ROOT, 'reports', 'allure-results');
  const read = (suffix: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(suffix))
      .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
  const scenarios = read('-result.json') as { labels: { name: string; value: string }[] }[];
  assert.equal(
    scenarios.length,
    labs.reduce((n, l) => n + onTwin(l), 0),
    'one Allure result per scenario of every lab, and no other',
  );
  for (const lab of labs)
    assert.equal(
      scenarios.filter((r) => r.labels.some((l) => l.name === 'parentSuite' && l.value === lab.name)).length,
      onTwin(lab),
      `${lab.name}: its suite holds its scenarios`,
    );
  // each lab's text coverage is a set-up of its scenarios, not a result of its own
  assert.deepEqual(
    (read('-container.json') as { befores?: { name?: string }[] }[])
      .flatMap((c) => c.befores ?? [])
      .map((b) => b.name)
      .filter((n) => n?.startsWith('Lab text coverage'))
      .sort(),
    labs.map((l) => `Lab text coverage (${l.name})`),
  );
  console.log(`# ${labs.length} labs, ${scenarios.length} scenarios in ${run.seconds.toFixed(1)} s`);
});
