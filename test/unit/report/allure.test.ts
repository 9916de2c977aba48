/**
 * The Allure chain up to the report: a real cucumber run with allureReporterOptions, and `labgate report`'s two
 * user errors. The HTML report itself (allure-commandline on Java) is test/host/allureReport.test.ts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { runTinyCucumber, TINY_FEATURE_NAME, type TinyRun } from './tinyCucumberRun.ts';
import { PASSING } from '../ci/courseRun.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const labgate = join(repo, 'bin/labgate.mjs');

interface ResultFile {
  name: string;
  status: string;
  labels: Array<{ name: string; value: string }>;
  statusDetails?: { message?: string };
}

let run: TinyRun;
const temps: string[] = [];
before(async () => {
  run = await runTinyCucumber();
  temps.push(run.dir);
});
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

function results(): ResultFile[] {
  return readdirSync(run.resultsDir)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(readFileSync(join(run.resultsDir, f), 'utf8')) as ResultFile);
}

function labels(r: ResultFile, name: string): string[] {
  return r.labels.filter((l) => l.name === name).map((l) => l.value);
}

test("tags become labels in the lab's structure: lab, feature, exercise, severity", () => {
  assert.equal(run.exitCode, 1, 'cucumber fails the run: two scenarios fail');
  const byName = new Map(results().map((r) => [r.name, r]));
  assert.equal(byName.size, 3);
  const balanced = byName.get('the service chain balances over both endpoints')!;
  assert.deepEqual(labels(balanced, 'epic'), ['lab 04-k8s-services']);
  assert.deepEqual(labels(balanced, 'parentSuite'), ['lab 04-k8s-services']);
  assert.deepEqual(labels(balanced, 'suite'), [TINY_FEATURE_NAME]);
  assert.deepEqual(labels(balanced, 'feature'), [TINY_FEATURE_NAME]);
  assert.deepEqual(labels(balanced, 'story'), ['exercise 4.2']);
  assert.deepEqual(labels(balanced, 'subSuite'), ['exercise 4.2']);
  assert.deepEqual(labels(balanced, 'lab-section'), ['4.2']);
  assert.deepEqual(labels(balanced, 'severity'), ['normal']);
  assert.deepEqual(labels(byName.get('the service rule jumps to the service chain')!, 'severity'), ['critical']);
  assert.deepEqual(labels(byName.get('the service name resolves')!, 'severity'), [], 'no tag, no severity label');
  assert.deepEqual(labels(balanced, 'tag'), [], 'label tags are not repeated as plain tags');
  assert.notEqual(balanced.status, 'passed');
});

test('labgate report without results says to run the suite first, in one line', async () => {
  const empty = tempDir('labgate-noresults-');
  const args = ['report', '--from', empty, '--results', join(empty, 'results'), '--out', join(empty, 'out')];
  const cli = await execa(process.execPath, [labgate, ...args], { reject: false });
  assert.notEqual(cli.exitCode, 0);
  assert.equal(cli.stderr.trim().split('\n').length, 1, cli.stderr);
  assert.match(cli.stderr, /no lab's results in .*run `labgate run --all`/);
});

test('labgate report without Java says how to install one, in one line', async () => {
  const bin = tempDir('labgate-nojava-');
  mkdirSync(join(bin, 'bin'));
  symlinkSync(process.execPath, join(bin, 'bin', 'node'));
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: join(bin, 'bin') };
  delete env.JAVA_HOME;
  const cli = await execa(
    process.execPath,
    [labgate, 'report', '--from', PASSING, '--results', join(bin, 'results'), '--out', join(bin, 'out')],
    {
      reject: false,
      env,
      extendEnv: false,
    },
  );
  assert.notEqual(cli.exitCode, 0);
  assert.equal(cli.stderr.trim().split('\n').length, 1, cli.stderr);
  assert.match(cli.stderr, /Java.*apt-get install -y default-jre-headless/);
  assert.ok(!existsSync(join(bin, 'out')), 'no report written');
});
