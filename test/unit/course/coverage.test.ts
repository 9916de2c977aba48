/** Coverage of a lab text by features: links, inherited outputs, named gaps, stale links; then lab 04 itself. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeCoverageResult } from '../../../support/course/coverage/allure.ts';
import { computeCoverage } from '../../../support/course/coverage/coverage.ts';
import { renderCoverageMarkdown } from '../../../support/course/coverage/render.ts';
import { narrowest } from '../../../support/course/coverage/scenarios.ts';
import { fence, tempDir } from './labFixture.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const COURSE = path.resolve(REPO, '..', 'shared', 'course');

const TEXT = [
  '# Lab', // 1
  '',
  '## Deployment', // 3
  '',
  `${fence}bash`, // 5
  './deploy.sh',
  fence,
  '',
  '### 1. Pods', // 9
  '',
  `${fence}bash`, // 11
  'kubectl get pods -o wide',
  fence,
  '',
  'Output:',
  '',
  fence, // 17
  'NAME   READY',
  fence,
  '',
  '### 2. Services', // 21
  '',
  `${fence}bash`, // 23
  'kubectl get svc',
  fence,
  '',
].join('\n');

function setup(features: Record<string, string>, gaps?: string): { text: string; dir: string } {
  const root = tempDir('coverage');
  const text = path.join(root, 'README.md');
  writeFileSync(text, TEXT);
  const dir = path.join(root, 'features', 'demo');
  mkdirSync(dir, { recursive: true });
  for (const [name, body] of Object.entries(features)) writeFileSync(path.join(dir, name), body);
  if (gaps !== undefined) writeFileSync(path.join(dir, 'coverage-gaps.yaml'), gaps);
  return { text, dir };
}

const PODS = [
  '@exercise:1',
  'Feature: pods',
  '',
  '  @cmd:kubectl-get-pods',
  '  Scenario: pods run',
  '    Then it works',
  '',
].join('\n');
const SVC = [
  '@exercise:2',
  'Feature: services',
  '',
  '  @cmd:kubectl-get-svc',
  '  Scenario: services exist',
  '    Then it works',
  '',
].join('\n');
const DEPLOY_GAP = 'gaps:\n  - section: deployment\n    reason: the gate checks a deployed lab\n';

describe('coverage', () => {
  it('links a command by @exercise and @cmd, and its shown output through it', () => {
    const { text, dir } = setup({ 'a.feature': PODS, 'b.feature': SVC }, DEPLOY_GAP);
    const r = computeCoverage(text, dir);
    const byLine = new Map(r.blocks.map((b) => [b.line, b]));
    assert.deepEqual([...byLine.keys()], [5, 11, 17, 23]);
    assert.deepEqual(
      byLine.get(11)!.scenarios.map((s) => s.name),
      ['pods run'],
    );
    assert.deepEqual(
      byLine.get(17)!.scenarios.map((s) => s.name),
      ['pods run'],
      'the output is checked with its command',
    );
    assert.equal(byLine.get(17)!.commandLine, 11);
    assert.equal(byLine.get(5)!.gap?.reason, 'the gate checks a deployed lab');
    assert.deepEqual([r.checked, r.explained, r.unexplained, r.complete], [3, 1, 0, true]);
  });

  it('is incomplete when a block is neither checked nor named as a gap', () => {
    const { text, dir } = setup({ 'a.feature': PODS }, DEPLOY_GAP);
    const r = computeCoverage(text, dir);
    assert.equal(r.unexplained, 1);
    assert.equal(r.complete, false);
    assert.match(renderCoverageMarkdown(r), /\| 23 \| command \| `kubectl get svc` \| NOT CHECKED \|/);
  });

  it("a scenario's own @exercise narrows its feature's: the link no longer reaches the other sections", () => {
    assert.deepEqual(narrowest(['3', '3.3']), ['3.3']);
    assert.deepEqual(narrowest(['3', '3.1', '3.3', '4']), ['3.1', '3.3', '4']);
    assert.deepEqual(narrowest(['3', '31']), ['3', '31']);
    assert.deepEqual(narrowest(['2', '2']), ['2']);
  });

  it('reports stale links: a @cmd naming no command of its exercise, a gap naming no block, a gap on a checked block', () => {
    const wrongExercise = PODS.replace('@exercise:1', '@exercise:2');
    const { text, dir } = setup(
      { 'a.feature': wrongExercise, 'b.feature': SVC },
      `${DEPLOY_GAP}  - section: "3"\n    reason: none\n  - section: "2"\n    reason: checked anyway\n`,
    );
    const r = computeCoverage(text, dir);
    const messages = r.stale.map((s) => `${s.file}:${s.line} ${s.message}`);
    assert.equal(messages.length, 3);
    assert.match(
      messages[0]!,
      /^demo\/a\.feature:4 @cmd:kubectl-get-pods of "pods run" names no command in exercise 2/,
    );
    assert.match(messages[1]!, /^demo\/coverage-gaps\.yaml:4 the gap for section 3 names no block/);
    assert.match(messages[2]!, /^demo\/coverage-gaps\.yaml:6 .*line 23, which scenarios check/);
    assert.equal(r.complete, false);
  });

  it('matches @cmd by whole words: kubectl-get-po is not kubectl-get-pods', () => {
    const { text, dir } = setup(
      { 'a.feature': PODS.replace('@cmd:kubectl-get-pods', '@cmd:kubectl-get-po') },
      DEPLOY_GAP,
    );
    assert.equal(computeCoverage(text, dir).stale.length, 1);
  });

  it('says which feature line is broken when a feature does not parse', () => {
    const { text, dir } = setup({ 'a.feature': 'Feature: x\n  Scenario: y\n    Given a\n  Oops here\n' });
    assert.throws(() => computeCoverage(text, dir), /demo\/a\.feature:4/);
  });

  it('writes an Allure result with the table attached, failed when incomplete', () => {
    const { text, dir } = setup({ 'a.feature': PODS });
    const results = tempDir('allure');
    const file = writeCoverageResult(results, computeCoverage(text, dir, 'demo'), 1000);
    const result = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(result.name, 'Lab text coverage: demo');
    assert.equal(result.status, 'failed');
    assert.match(result.statusDetails.message, /line 5 \(command\): no scenario checks it/);
    const html = result.attachments.find((a: { type: string }) => a.type === 'text/html');
    assert.ok(readdirSync(results).includes(html.source));
    assert.match(
      readFileSync(path.join(results, html.source), 'utf8'),
      /<tr class="missing"><td>2. Services<\/td><td>23<\/td>/,
    );
  });
});

describe('coverage of lab 04 as published', { skip: !existsSync(COURSE) && `no course at ${COURSE}` }, () => {
  const r = computeCoverage(
    path.join(COURSE, '04-k8s-services', 'Readme.md'),
    path.join(REPO, 'features', '04-k8s-services'),
  );

  it('lists every fenced command and output of the text, by line', () => {
    // the text's fenced blocks, read off the published Readme.md
    assert.deepEqual(
      r.blocks.map((b) => b.line),
      [78, 90, 96, 106, 120, 126, 133, 139, 151, 156, 163, 168, 175, 199, 208, 214, 226, 232, 248, 254, 267, 273],
    );
  });

  it('is complete: every block checked by a scenario, the deployment block a named gap', () => {
    assert.deepEqual(r.stale, []);
    assert.equal(r.complete, true);
    const deploy = r.blocks.find((b) => b.line === 78)!;
    assert.equal(deploy.scenarios.length, 0);
    assert.match(deploy.gap!.reason, /deployed/);
    const inspect = r.blocks.find((b) => b.line === 90)!;
    assert.deepEqual(
      inspect.scenarios.map((s) => s.name),
      ['Three node containers are running'],
    );
    const get = r.blocks.find((b) => b.line === 175)!;
    assert.ok(get.scenarios.some((s) => s.name === 'The multitool-1 pod on each worker reaches nginx-service'));
  });
});
