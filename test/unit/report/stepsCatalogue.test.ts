/** docs/steps.md generation on a small throwaway project: grouping, usage from a dry run, --check. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const generator = join(repo, 'bin/cli/steps-catalogue.ts');

const project = mkdtempSync(join(tmpdir(), 'labgate-steps-'));
after(() => rmSync(project, { recursive: true, force: true }));

mkdirSync(join(project, 'features'));
mkdirSync(join(project, 'steps'));
symlinkSync(join(repo, 'node_modules'), join(project, 'node_modules'));
writeFileSync(
  join(project, 'cucumber.mjs'),
  `export default { paths: ['features/**/*.feature'], import: ['steps/*.mjs'] };\n`,
);
writeFileSync(
  join(project, 'steps', 'service.steps.mjs'),
  [
    `import { Given, Then } from '@cucumber/cucumber';`,
    `Given('the Service {string} exists', () => {});`,
    `Then(/^the protocol is (tcp|udp)$/, () => {});`,
    `Then('nothing uses this step', () => {});`,
    '',
  ].join('\n'),
);
writeFileSync(
  join(project, 'steps', 'dns.steps.mjs'),
  [`import { When } from '@cucumber/cucumber';`, `When('{word} is resolved from a pod', () => {});`, ''].join('\n'),
);
const FEATURE = `Feature: services
  Background:
    Given the Service "nginx-service" exists

  Scenario Outline: resolve
    When <name> is resolved from a pod
    Then the protocol is tcp

    Examples:
      | name          |
      | nginx-service |
      | multitool-1   |
`;
writeFileSync(join(project, 'features', 'services.feature'), FEATURE);

function generate(...args: string[]) {
  return execa(process.execPath, ['--import', 'tsx', generator, ...args], { cwd: project, reject: false });
}

test('writes docs/steps.md grouped by steps file, with keywords, expressions and the feature lines using them', async () => {
  const run = await generate();
  assert.equal(run.exitCode, 0, run.stderr);
  const doc = readFileSync(join(project, 'docs/steps.md'), 'utf8');
  assert.match(doc, /4 step definitions in 2 files; 1 not used by any feature\./);
  const dnsAt = doc.indexOf('## steps/dns.steps.mjs');
  const serviceAt = doc.indexOf('## steps/service.steps.mjs');
  assert.ok(dnsAt > 0 && serviceAt > dnsAt, 'one section per file, sorted');
  assert.ok(
    doc.includes(
      '| Given | `the Service {string} exists` | [service.steps.mjs:2](../steps/service.steps.mjs#L2) | `features/services.feature:3` |',
    ),
  );
  assert.ok(
    doc.includes(
      '| When | `{word} is resolved from a pod` | [dns.steps.mjs:2](../steps/dns.steps.mjs#L2) | `features/services.feature:6` |',
    ),
    'outline rows collapse onto the outline line',
  );
  assert.ok(
    doc.includes('| Then | `^the protocol is (tcp\\|udp)$` *regex* |'),
    'regex marked, pipe escaped for the table',
  );
  assert.ok(
    doc.includes(
      '| Then | `nothing uses this step` | [service.steps.mjs:4](../steps/service.steps.mjs#L4) | *unused* |',
    ),
  );
});

test('--check passes on a fresh catalogue and fails in one line once the steps change', async () => {
  assert.equal((await generate()).exitCode, 0);
  const fresh = await generate('--check');
  assert.equal(fresh.exitCode, 0, fresh.stderr);
  assert.match(fresh.stdout, /up to date/);

  writeFileSync(
    join(project, 'features', 'services.feature'),
    FEATURE + `\n  Scenario: unused no more\n    Then nothing uses this step\n`,
  );
  const stale = await generate('--check');
  assert.equal(stale.exitCode, 1);
  assert.equal(stale.stderr.trim().split('\n').length, 1);
  assert.match(stale.stderr, /docs\/steps\.md is stale.*npm run docs:steps/);
});
