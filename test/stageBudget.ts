/**
 * `npm test`'s time budget (docs/development.md): the whole self-test under 45 minutes on this 2-core machine
 * with every lab of the course gated. run-all.sh hands over its stage times when it ends; this says what each
 * lab costs, what a lab may cost, and what the run would take with every lab of the course gated, and warns
 * when a lab or the projection is over. A warning, not a failure: the times are this machine's of the moment.
 *
 * A lab's cost: its own stage ("lab <name>: ...") and its share of the main job (every lab's healthy run, one
 * process). The rest is fixed. A lab's share of the budget: what the fixed stages leave, over the course's labs.
 *
 * Usage: node --import tsx test/stageBudget.ts <gated labs> <course labs>  < "<seconds>\t<stage>" lines
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BUDGET_SECONDS = 45 * 60;
const MAIN_JOB = /^the main job/;
const LAB_STAGE = /^lab (\S+): /;

export interface StageTime {
  name: string;
  seconds: number;
}

export interface BudgetReport {
  lines: string[];
  warnings: string[];
}

export function budgetReport(
  stages: StageTime[],
  gatedLabs: number,
  courseLabs: number,
  budget = BUDGET_SECONDS,
): BudgetReport {
  const total = stages.reduce((n, s) => n + s.seconds, 0);
  const mainJob = stages.find((s) => MAIN_JOB.test(s.name))?.seconds ?? 0;
  const mainShare = gatedLabs > 0 ? Math.round(mainJob / gatedLabs) : 0;
  const labs = stages
    .map((s) => ({ lab: LAB_STAGE.exec(s.name)?.[1], seconds: s.seconds }))
    .filter((l): l is { lab: string; seconds: number } => l.lab !== undefined)
    .map((l) => ({ ...l, cost: l.seconds + mainShare }));
  const lines = [`time budget: ${budget} s with all ${courseLabs} labs of the course gated (docs/development.md)`];
  if (!labs.length) return { lines: [...lines, 'no lab stage ran: nothing to project'], warnings: [] };
  const labCosts = labs.reduce((n, l) => n + l.cost, 0);
  const fixed = total - labCosts;
  const share = Math.floor((budget - fixed) / courseLabs);
  const mean = Math.round(labCosts / labs.length);
  const projected = total + Math.max(0, courseLabs - gatedLabs) * mean;
  const warnings: string[] = [];
  for (const l of labs) {
    const over = l.cost > share;
    lines.push(
      `${String(l.cost).padStart(5)} s  lab ${l.lab}: its stage ${l.seconds} s + ${mainShare} s of the main job` +
        `${over ? `, over its share of ${share} s` : ''}`,
    );
    if (over) warnings.push(`lab ${l.lab} costs ${l.cost} s, over its share of the budget (${share} s)`);
  }
  lines.push(
    `${String(fixed).padStart(5)} s  fixed (every other stage, the reference lab's among them); a lab's share: (${budget} - ${fixed}) / ${courseLabs} = ${share} s`,
    `${String(projected).padStart(5)} s  projected with all ${courseLabs} labs gated: ${total} s now (${gatedLabs} labs)` +
      ` + ${Math.max(0, courseLabs - gatedLabs)} labs at ${mean} s`,
  );
  if (projected > budget) warnings.push(`projected ${projected} s with all ${courseLabs} labs gated, over ${budget} s`);
  return { lines, warnings };
}

export function parseStageTimes(text: string): StageTime[] {
  return text
    .split('\n')
    .map((l) => /^\s*(\d+)\t(.+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ seconds: Number(m[1]), name: m[2]! }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [gated, course] = process.argv.slice(2).map(Number);
  if (!gated || !course) {
    console.error('usage: stageBudget.ts <gated labs> <course labs> < stage times');
    process.exit(2);
  }
  const report = budgetReport(parseStageTimes(readFileSync(0, 'utf8')), gated, course);
  for (const l of report.lines) console.log(l);
  for (const w of report.warnings) console.log(`labgate: warning: ${w}`);
}
