/**
 * Bad feature files and bad feature arguments. Parse errors and undefined steps are caught by the
 * wrapper's pre-pass, before any scenario runs; bad names are rejected by the support call before any
 * query or command, and a Service the lab lacks is said plainly.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { test } from 'node:test';
import { TwinState } from '../../twin/control/state.ts';
import { problemLine, runCli, tempDir, twinEnv, writeFile } from './harness.ts';

const REQUEST_LOG = new TwinState('04-k8s-services').path('requests.log');

/** The scenarios cucumber printed as run ("N scenarios (...)"), or 0 when it never started. */
function scenariosRun(stdout: string): number {
  const m = /^(\d+) scenarios? \(/m.exec(stdout);
  return m ? Number(m[1]) : 0;
}

test('13. a Gherkin syntax error: file and line, exit 2, nothing run', async () => {
  const { dir, cleanup } = tempDir('parse');
  try {
    const file = writeFile(
      dir,
      'broken.feature',
      [
        'Feature: broken on purpose',
        '  Scenario: the topology',
        '    Then the cluster has 3 nodes and every one is Ready',
        '    Thenn the cluster has 3 nodes',
        '',
      ].join('\n'),
    );
    const run = await runCli(['run', '--', file], twinEnv());
    const line = problemLine(run, 2);
    assert.match(
      line,
      new RegExp(
        `^labgate: ${file}:4: expected: .*got 'Thenn the cluster has 3 nodes' \\(fix the Gherkin at that line; no scenario was run\\)$`,
      ),
    );
    assert.equal(scenariosRun(run.stdout), 0);
    assert.doesNotMatch(run.stdout, /preflight ok/);
  } finally {
    cleanup();
  }
});

test('13b. an Examples table with a missing cell: file and line of the row', async () => {
  const { dir, cleanup } = tempDir('parse-rel');
  try {
    const file = writeFile(
      dir,
      'table.feature',
      [
        'Feature: t',
        '  Scenario Outline: o <x>',
        '    Then the cluster has <x> nodes and every one is Ready',
        '    Examples:',
        '      | x |',
        '      | 3 ',
        '',
      ].join('\n'),
    );
    const run = await runCli(['run', '--', file], twinEnv());
    const line = problemLine(run, 2);
    assert.match(
      line,
      new RegExp(
        `^labgate: ${file}:6: inconsistent cell count within the table \\(fix the Gherkin at that line; no scenario was run\\)$`,
      ),
    );
  } finally {
    cleanup();
  }
});

test('14. an undefined step: its text, its place and the closest defined step, exit 2, before the run', async () => {
  const { dir, cleanup } = tempDir('undefined');
  try {
    const file = writeFile(
      dir,
      'typo.feature',
      [
        'Feature: a typo',
        '  Scenario: nodes',
        '    Then the cluster has 3 nodes and every one is Ready',
        '    And the clustr has 3 node and each one is Ready',
        '',
      ].join('\n'),
    );
    const run = await runCli(['run', '--', file], twinEnv());
    const line = problemLine(run, 2);
    // where the closest step is defined, read from the steps file itself
    const defined = readFileSync('steps/topology.steps.ts', 'utf8')
      .split('\n')
      .findIndex((l) => l.includes("'the cluster has {int} nodes and every one is Ready'"));
    assert.equal(
      line,
      `labgate: ${file}:4: undefined step "And the clustr has 3 node and each one is Ready" (closest defined step: "the cluster has {int} nodes and every one is Ready" at steps/topology.steps.ts:${defined + 1}; every step is listed in docs/steps.md)`,
    );
    assert.equal(scenariosRun(run.stdout), 0);
  } finally {
    cleanup();
  }
});

test('14b. a feature path that selects nothing is not a pass', async () => {
  const run = await runCli(['run', '--', 'features/no-such-lab/*.feature'], twinEnv());
  const line = problemLine(run, 2);
  assert.match(
    line,
    /^labgate: no scenario selected \(paths: features\/no-such-lab\/\*\.feature; tags: not @after-destroy\) \(check the feature paths/,
  );
});

test('11. a Service the lab does not have', async () => {
  const { dir, cleanup } = tempDir('nosvc');
  try {
    const file = writeFile(
      dir,
      'svc.feature',
      ['Feature: a Service that is not there', '  Scenario: xyz', '    Then "xyz" has sessionAffinity None', ''].join(
        '\n',
      ),
    );
    const run = await runCli(['run', '--', file], twinEnv());
    const line = problemLine(run, 1);
    assert.equal(
      line,
      'labgate: Service xyz not found in namespace default (the feature names a Service the lab does not have; `kubectl get svc -n default` lists those it has) [1 scenario stopped by this]',
    );
    assert.match(run.stdout, /1 scenario \(1 failed\)/);
  } finally {
    cleanup();
  }
});

/** Lines the twin's API server logged while `body` ran. */
async function apiRequestsDuring(body: () => Promise<void>): Promise<string[]> {
  const before = existsSync(REQUEST_LOG) ? statSync(REQUEST_LOG).size : 0;
  await body();
  return readFileSync(REQUEST_LOG).subarray(before).toString('utf8').split('\n').filter(Boolean);
}

test('15a. a name with shell metacharacters is rejected before any query or command', async () => {
  const { dir, cleanup } = tempDir('metachar');
  try {
    const file = writeFile(
      dir,
      'meta.feature',
      [
        'Feature: a host name with a shell in it',
        '  Scenario: lookup',
        '    Given the "multitool-1" pod on the worker 1 node',
        '    When it looks up "nginx-service; rm -rf /" through cluster DNS',
        '',
      ].join('\n'),
    );
    let line = '';
    const requests = await apiRequestsDuring(async () => {
      line = problemLine(await runCli(['run', '--', file], twinEnv()), 1);
    });
    assert.match(
      line,
      /^labgate: the name to look up "nginx-service; rm -rf \/" in the feature is not a DNS-1123 name; rejected before any query or command \(a DNS-1123 name has only lower-case letters, digits, "-" and "\.".*; fix the feature file\) \[1 scenario stopped by this\]$/,
    );
    assert.ok(requests.length > 0, 'the run made no API request at all (is the twin logging requests?)');
    assert.deepEqual(
      requests.filter((r) => /rm(\+|%20| )-rf|nginx-service%3B|nginx-service;/.test(r)),
      [],
      'the bad name reached the API server',
    );
    assert.deepEqual(
      requests.filter((r) => /\/exec\b/.test(r)),
      [],
      'a pod exec ran',
    );
  } finally {
    cleanup();
  }
});

test('15b. a name that is not DNS-1123 (upper case, underscore) is rejected before any query', async () => {
  const { dir, cleanup } = tempDir('dns1123');
  try {
    const file = writeFile(
      dir,
      'upper.feature',
      [
        'Feature: a Service name in the wrong case',
        '  Scenario: upper',
        '    Then "Nginx_Service" has sessionAffinity None',
        '',
      ].join('\n'),
    );
    let line = '';
    const requests = await apiRequestsDuring(async () => {
      line = problemLine(await runCli(['run', '--', file], twinEnv()), 1);
    });
    assert.match(
      line,
      /^labgate: the Service name "Nginx_Service" in the feature is not a DNS-1123 name; rejected before any query or command \(.*lower-case letters.*\) \[1 scenario stopped by this\]$/,
    );
    assert.deepEqual(
      requests.filter((r) => /Nginx_Service/i.test(r)),
      [],
      'the bad name reached the API server',
    );
  } finally {
    cleanup();
  }
});
