/**
 * `labgate report` builds Allure's HTML report (allure-commandline, which runs on Java) from the results of a real
 * cucumber run: the environment widget, the categories Allure's Java regex engine sorts failures into, the suites
 * in the lab's structure, and the history a second report carries. Needs Java (test/host-packages.sh installs it).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { writeAllureCategories, writeAllureEnvironment } from '../../support/report/allureConfig.ts';
import { findJava } from '../../support/report/allureReport.ts';
import { runTinyCucumber, TINY_FEATURE_NAME, type TinyRun } from '../unit/report/tinyCucumberRun.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const labgate = join(repo, 'bin/labgate.mjs');

let run: TinyRun;
before(async () => {
  run = await runTinyCucumber();
});
after(() => run && rmSync(run.dir, { recursive: true, force: true }));

test('labgate report builds the HTML report: environment widget, failures sorted by cause, suites as in the lab', async () => {
  assert.ok(findJava(), 'no Java runtime here: test/host-packages.sh installs one');
  writeAllureEnvironment(run.resultsDir, {
    target: 'kind-k8-services (k8-services.kubeconfig)',
    'Kubernetes version': 'v1.28.0',
    'kube-proxy mode': 'iptables',
    CNI: 'Calico v3.30 — VXLANCrossSubnet',
  });
  writeAllureCategories(run.resultsDir);
  const out = join(run.dir, 'reports/allure-report');
  const cli = await execa(process.execPath, [labgate, 'report', '--results', run.resultsDir, '--out', out], {
    reject: false,
    all: true,
  });
  assert.equal(cli.exitCode, 0, cli.all);
  assert.match(cli.stdout, /3 scenarios: 1 passed/);
  assert.ok(existsSync(join(out, 'index.html')));

  const env = JSON.parse(readFileSync(join(out, 'widgets/environment.json'), 'utf8')) as Array<{
    name: string;
    values: string[];
  }>;
  const envMap = Object.fromEntries(env.map((e) => [e.name, e.values[0]]));
  assert.equal(envMap['Kubernetes version'], 'v1.28.0');
  assert.equal(envMap['kube-proxy mode'], 'iptables');
  assert.equal(envMap.CNI, 'Calico v3.30 — VXLANCrossSubnet');
  assert.match(envMap['labgate version'] ?? '', /^\d+\.\d+\.\d+/);

  // Allure's Java regex engine sorts the two failures into their causes, one category each.
  const categories = JSON.parse(readFileSync(join(out, 'widgets/categories.json'), 'utf8')) as {
    items: Array<{ name: string; statistic: { total: number } }>;
  };
  const counts = Object.fromEntries(categories.items.map((c) => [c.name, c.statistic.total]));
  assert.deepEqual(counts, { 'Service dataplane (kube-proxy, iptables, EndpointSlice)': 1, DNS: 1 });

  const suites = JSON.parse(readFileSync(join(out, 'data/suites.json'), 'utf8')) as {
    children: Array<{ name: string; children: Array<{ name: string; children: Array<{ name: string }> }> }>;
  };
  assert.equal(suites.children[0]!.name, 'lab 04-k8s-services');
  assert.equal(suites.children[0]!.children[0]!.name, TINY_FEATURE_NAME);
  assert.deepEqual(suites.children[0]!.children[0]!.children.map((c) => c.name).sort(), [
    'exercise 3',
    'exercise 4.1',
    'exercise 4.2',
  ]);

  // A second report over new results carries the first one's history: the trend chart has two runs.
  const second = await execa(process.execPath, [labgate, 'report', '--results', run.resultsDir, '--out', out], {
    reject: false,
    all: true,
  });
  assert.equal(second.exitCode, 0, second.all);
  const trend = JSON.parse(readFileSync(join(out, 'widgets/history-trend.json'), 'utf8')) as unknown[];
  assert.equal(trend.length, 2);
});
