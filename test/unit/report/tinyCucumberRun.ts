/**
 * A real cucumber run, with the allure-cucumberjs reporter configured by allureReporterOptions, on a tiny
 * throwaway feature in a temp folder. The failures speak like the suite's messages do.
 */
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

export const TINY_FEATURE_NAME = 'Examine iptables rules';

export const TINY_FAILURES = {
  dataplane: 'KUBE-SVC-6IM33IEVEEV7U3GP has no branch to 192.168.202.196:80 (iptables -t nat on k8-services-worker)',
  dns: 'nginx-service did not resolve from multitool-1-bgssq: DNS lookup returned NXDOMAIN',
};

const feature = `@lab:04-k8s-services
Feature: ${TINY_FEATURE_NAME}

  @exercise:4.1 @severity:critical
  Scenario: the service rule jumps to the service chain
    Given a step that passes

  @exercise:4.2 @severity:normal
  Scenario: the service chain balances over both endpoints
    Given a step that fails with "${TINY_FAILURES.dataplane}"

  @exercise:3
  Scenario: the service name resolves
    Given a step that fails with "${TINY_FAILURES.dns}"
`;

const steps = `import { Given } from '@cucumber/cucumber';
Given('a step that passes', () => {});
Given('a step that fails with {string}', (message) => { throw new Error(message); });
`;

const config = `import { allureReporterOptions } from ${JSON.stringify(join(repo, 'support/report/allureConfig.ts'))};
export default {
  paths: ['features/**/*.feature'],
  import: ['steps/*.mjs'],
  format: ['allure-cucumberjs/reporter'],
  formatOptions: { ...allureReporterOptions },
};
`;

export interface TinyRun {
  dir: string;
  resultsDir: string;
  exitCode: number;
}

export async function runTinyCucumber(): Promise<TinyRun> {
  const dir = mkdtempSync(join(tmpdir(), 'labgate-allure-'));
  mkdirSync(join(dir, 'features'));
  mkdirSync(join(dir, 'steps'));
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'features', 'services.feature'), feature);
  writeFileSync(join(dir, 'steps', 'tiny.steps.mjs'), steps);
  writeFileSync(join(dir, 'cucumber.mjs'), config);
  const run = await execa(
    process.execPath,
    ['--import', 'tsx', join(repo, 'node_modules/@cucumber/cucumber/bin/cucumber.js'), '--config', 'cucumber.mjs'],
    { cwd: dir, reject: false, all: true },
  );
  if (run.exitCode !== 0 && run.exitCode !== 1) throw new Error(`cucumber did not run: ${run.all}`);
  return { dir, resultsDir: join(dir, 'reports/allure-results'), exitCode: run.exitCode ?? -1 };
}
