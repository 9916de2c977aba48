/** `npm test`'s time budget: each lab's cost, its share, the projection with every lab of the course gated. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetReport, parseStageTimes } from '../../stageBudget.ts';

const TIMES = [
  '   30\tlint: format, rules',
  '  120\tlab 01-calico-ipam: twin, suite, fault matrix',
  '  200\tlab 02-pod-network: twin, suite, fault matrix',
  '  300\tthe main job (npm run cucumber): every lab in one process, each on its twin',
  '  100\ttwin up',
  'not a stage line',
].join('\n');

test("a lab's cost is its stage and its share of the main job; the rest is fixed; the projection adds the labs to come", () => {
  const stages = parseStageTimes(TIMES);
  assert.equal(stages.length, 5);
  // 3 labs gated (the reference lab's stages are in the fixed part), 10 in the course, 1800 s budget
  const r = budgetReport(stages, 3, 10, 1800);
  // main job 300 s over 3 labs: 100 s each; lab 01 costs 220 s, lab 02 300 s; fixed = 750 - 520 = 230 s
  assert.ok(
    r.lines.some((l) =>
      /^\s+220 s {2}lab 01-calico-ipam: its stage 120 s \+ 100 s of the main job, over its share of 157 s$/.test(l),
    ),
  );
  assert.ok(r.lines.some((l) => /^\s+230 s {2}fixed .*\(1800 - 230\) \/ 10 = 157 s$/.test(l)));
  // projected: 750 s now + 7 labs at the mean cost 260 s
  assert.ok(
    r.lines.some((l) =>
      /^\s+2570 s {2}projected with all 10 labs gated: 750 s now \(3 labs\) \+ 7 labs at 260 s$/.test(l),
    ),
  );
  assert.deepEqual(r.warnings, [
    'lab 01-calico-ipam costs 220 s, over its share of the budget (157 s)',
    'lab 02-pod-network costs 300 s, over its share of the budget (157 s)',
    'projected 2570 s with all 10 labs gated, over 1800 s',
  ]);
});

test('within the budget: no warning; no lab stage ran (a run stopped early): nothing projected', () => {
  const stages = parseStageTimes(TIMES);
  assert.deepEqual(budgetReport(stages, 3, 3, 10_000).warnings, []);
  const early = budgetReport(parseStageTimes('   30\tlint: format, rules'), 3, 10);
  assert.deepEqual(early.warnings, []);
  assert.match(early.lines.at(-1)!, /no lab stage ran/);
});
