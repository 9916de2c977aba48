/**
 * The Allure chain end to end: a real cucumber run with allureReporterOptions, the environment and
 * categories files, `labgate report` (allure-commandline on Java), and its two user errors.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { writeAllureCategories, writeAllureEnvironment } from '../../../support/report/allureConfig.ts';
import { findJava } from '../../../support/report/allureReport.ts';
import { runTinyCucumber, TINY_FEATURE_NAME, type TinyRun } from './tinyCucumberRun.ts';

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

test('tags become labels in the lab\'s structure: lab, feature, exercise, severity', () => {
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

test('labgate report builds the HTML report: environment widget, failures sorted by cause, suites as in the lab', async (t) => {
  if (!findJava()) return t.skip('no Java runtime here');
  writeAllureEnvironment(run.resultsDir, {
    target: 'kind-k8-services (k8-services.kubeconfig)',
    'Kubernetes version': 'v1.28.0',
    'kube-proxy mode': 'iptables',
    CNI: 'Calico v3.30 — VXLANCrossSubnet',
  });
  writeAllureCategories(run.resultsDir);
  const out = join(run.dir, 'reports/allure-report');
  const cli = await execa(process.execPath, [labgate, 'report', '--results', run.resultsDir, '--out', out], { reject: false, all: true });
  assert.equal(cli.exitCode, 0, cli.all);
  assert.match(cli.stdout, /3 scenarios: 1 passed/);
  assert.ok(existsSync(join(out, 'index.html')));

  const env = JSON.parse(readFileSync(join(out, 'widgets/environment.json'), 'utf8')) as Array<{ name: string; values: string[] }>;
  const envMap = Object.fromEntries(env.map((e) => [e.name, e.values[0]]));
  assert.equal(envMap['Kubernetes version'], 'v1.28.0');
  assert.equal(envMap['kube-proxy mode'], 'iptables');
  assert.equal(envMap['CNI'], 'Calico v3.30 — VXLANCrossSubnet');
  assert.match(envMap['labgate version'] ?? '', /^\d+\.\d+\.\d+/);

  // Allure's Java regex engine sorts the two failures into their causes, one category each.
  const categories = JSON.parse(readFileSync(join(out, 'widgets/categories.json'), 'utf8')) as {
    items: Array<{ name: string; statistic: { total: number } }>;
  };
  const counts = Object.fromEntries(categories.items.map((c) => [c.name, c.statistic.total]));
  assert.deepEqual(counts, { 'Service dataplane (kube-proxy, iptables, EndpointSlice)': 1, DNS: 1 });

  const suites = JSON.parse(readFileSync(join(out, 'data/suites.json'), 'utf8')) as { children: Array<{ name: string; children: Array<{ name: string; children: Array<{ name: string }> }> }> };
  assert.equal(suites.children[0]!.name, 'lab 04-k8s-services');
  assert.equal(suites.children[0]!.children[0]!.name, TINY_FEATURE_NAME);
  assert.deepEqual(suites.children[0]!.children[0]!.children.map((c) => c.name).sort(), ['exercise 3', 'exercise 4.1', 'exercise 4.2']);

  // A second report over new results carries the first one's history: the trend chart has two runs.
  const second = await execa(process.execPath, [labgate, 'report', '--results', run.resultsDir, '--out', out], { reject: false, all: true });
  assert.equal(second.exitCode, 0, second.all);
  const trend = JSON.parse(readFileSync(join(out, 'widgets/history-trend.json'), 'utf8')) as unknown[];
  assert.equal(trend.length, 2);
});

test('labgate report without results says to run the suite first, in one line', async () => {
  const empty = tempDir('labgate-noresults-');
  const cli = await execa(process.execPath, [labgate, 'report', '--results', empty, '--out', join(empty, 'out')], { reject: false });
  assert.notEqual(cli.exitCode, 0);
  assert.equal(cli.stderr.trim().split('\n').length, 1, cli.stderr);
  assert.match(cli.stderr, /no Allure results .*npm run cucumber/);
});

test('labgate report without Java says how to install one, in one line', async () => {
  const bin = tempDir('labgate-nojava-');
  mkdirSync(join(bin, 'bin'));
  symlinkSync(process.execPath, join(bin, 'bin', 'node'));
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: join(bin, 'bin') };
  delete env.JAVA_HOME;
  const cli = await execa(process.execPath, [labgate, 'report', '--results', run.resultsDir, '--out', join(bin, 'out')], {
    reject: false,
    env,
    extendEnv: false,
  });
  assert.notEqual(cli.exitCode, 0);
  assert.equal(cli.stderr.trim().split('\n').length, 1, cli.stderr);
  assert.match(cli.stderr, /Java.*apt-get install -y default-jre-headless/);
  assert.ok(!existsSync(join(bin, 'out')), 'no report written');
});
