/**
 * The "twenty healthy runs per lab": brings a lab's twin up once, runs its suite N times against it,
 * and counts how often each scenario failed, with the first message of each failure; then takes the twin down.
 * Run it under the twin lock:
 *   flock /tmp/labgate-twin.lock node --import tsx test/faults/healthyRuns.ts <lab> [runs]
 * Prints one line per run and a table of the scenarios that failed at least once; exit 1 when any did.
 */
import { twinDown, twinUp } from '../../twin/lifecycle.ts';
import { runSuite } from './suiteRun.ts';

const [lab, count = '20'] = process.argv.slice(2);
if (!lab) {
  console.error('usage: healthyRuns.ts <lab> [runs]');
  process.exit(2);
}
const runs = Number(count);
const failures = new Map<string, string[]>();
const seconds: number[] = [];
let scenarios = 0;
try {
  await twinUp(lab);
  for (let i = 1; i <= runs; i += 1) {
    const run = await runSuite(lab);
    seconds.push(run.seconds);
    scenarios = Math.max(scenarios, run.scenarios.length);
    const failed = run.scenarios.filter((s) => s.status === 'failed');
    for (const s of failed) failures.set(s.name, [...(failures.get(s.name) ?? []), (s.message ?? '').split('\n')[0]!]);
    const aborted = run.scenarios.length === 0 ? ' (no scenario ran)' : '';
    console.log(`run ${i}/${runs}: ${run.seconds.toFixed(0)} s, ${failed.length} failed${aborted}`);
    if (aborted)
      failures.set('(the run)', [...(failures.get('(the run)') ?? []), run.output.trim().split('\n').at(-1)!]);
  }
} finally {
  await twinDown(lab);
}
const mean = seconds.reduce((a, b) => a + b, 0) / Math.max(1, seconds.length);
console.log(`${lab}: ${runs} runs of ${scenarios} scenarios, ${mean.toFixed(0)} s each on average`);
for (const [name, messages] of failures) {
  console.log(`  ${messages.length}/${runs} failed: ${name}`);
  for (const m of new Set(messages)) console.log(`      ${m.slice(0, 300)}`);
}
if (failures.size === 0) console.log('  no scenario failed');
process.exitCode = failures.size > 0 ? 1 : 0;
