/**
 * The warm-up plan comes from the step definitions themselves: lab 04's scenarios, matched to the loaded
 * step library, plan exactly the reads its steps will make.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { loadConfiguration, loadSupport, type IRunEnvironment } from '@cucumber/cucumber/api';
import { checkFeatures, type StepLibrary } from '../../../support/validate/features.ts';
import { planFromSteps } from '../../../support/run/plan.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

test("lab 04's plan: its probes, bursts and NAT reads, from the step definitions", async () => {
  const quiet = new Writable({ write: (_c, _e, done) => done() });
  const environment: IRunEnvironment & { cwd: string } = {
    cwd: ROOT,
    stdout: quiet,
    stderr: quiet,
    env: { ...process.env, LABGATE_LAB: '04-k8s-services' },
  };
  const { runConfiguration } = await loadConfiguration({}, environment);
  runConfiguration.sources.paths = ['features/04-k8s-services/**/*.feature'];
  runConfiguration.sources.tagExpression = 'not @after-destroy';
  const library = (await loadSupport(runConfiguration, environment)) as unknown as StepLibrary;
  const checked = await checkFeatures(runConfiguration.sources, library, environment);
  const plan = planFromSteps(checked.scenarioSteps, library.stepDefinitions);

  assert.deepEqual(plan.natRoles.sort(), ['control-plane', 'worker 1', 'worker 2']);
  assert.equal(plan.ipv6Nat, true);
  assert.deepEqual(plan.services, ['nginx-service']);
  const bursts = plan.probes.filter((p) => p.kind === 'burst');
  assert.deepEqual(bursts.map((b) => `${b.workload} on ${b.role}: ${b.count} to ${b.service}:${b.port}`).sort(), [
    'multitool-1 on worker 1: 200 to nginx-service:80',
    'multitool-1 on worker 2: 200 to nginx-service:80',
  ]);
  // every probe runs in a pod a scenario named, with the values of its own step
  for (const p of plan.probes) assert.match(p.workload, /^multitool-\d$/);
  assert.ok(plan.probes.some((p) => p.kind === 'lookup' && p.name === 'nginx-service'));
  assert.ok(
    plan.probes.some(
      (p) => p.kind === 'request' && p.role === 'every worker' && p.host === 'nginx-service' && p.port === 80,
    ),
  );
});
