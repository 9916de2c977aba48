/**
 * The job summary of a course run in CI: one row per lab (passed, failed, skipped, duration), failing labs
 * first; under it each failed scenario as one line, what the lab promised against what was seen, linked to
 * its lab-text section and its feature line; and one GitHub annotation per failed scenario on its feature line.
 * A lab that was skipped is never counted as passed; a lab that could not be deployed, left no result or ran
 * no scenario is red with the reason.
 */
import { type CucumberRun, failureSentence, type ScenarioResult } from '../report/cucumberResults.ts';
import { sectionOfScenario, type TextSection } from '../course/sections.ts';

/** What a lab's CI job left: whether it ran, and the cucumber runs it made (read-only, then mutating). */
export interface LabOutcome {
  lab: string;
  title: string;
  state: 'ran' | 'skipped' | 'not-deployed' | 'missing';
  reason?: string;
  seconds?: number;
  runs: CucumberRun[];
  sections: TextSection[];
  textUrl?: string; // the lab text on the web; sections link to its anchors
}

export type LabVerdict = 'failed' | 'skipped' | 'passed';

export interface LabRow {
  outcome: LabOutcome;
  verdict: LabVerdict;
  passed: number;
  failed: number; // failed and broken scenarios
  skipped: number;
  why?: string; // for a red or skipped lab without failed scenarios
}

export interface SummaryLinks {
  featureUrl?: (uri: string, line: number) => string;
}

export function labRow(outcome: LabOutcome): LabRow {
  const scenarios = outcome.runs.flatMap((r) => r.scenarios);
  const count = (pred: (s: ScenarioResult) => boolean) => scenarios.filter(pred).length;
  const row: LabRow = {
    outcome,
    verdict: 'passed',
    passed: count((s) => s.status === 'passed'),
    failed: count((s) => s.status === 'failed' || s.status === 'broken'),
    skipped: count((s) => s.status === 'skipped'),
  };
  if (outcome.state === 'skipped') return { ...row, verdict: 'skipped', why: outcome.reason ?? 'skipped' };
  if (outcome.state === 'not-deployed')
    return { ...row, verdict: 'failed', why: `not deployed: ${outcome.reason ?? 'the deploy script failed'}` };
  if (outcome.state === 'missing')
    return { ...row, verdict: 'failed', why: outcome.reason ?? 'no result: the job was cancelled or timed out' };
  if (!scenarios.length) return { ...row, verdict: 'failed', why: outcome.reason ?? 'no scenario ran' };
  if (row.failed) return { ...row, verdict: 'failed' };
  if (row.skipped) return { ...row, verdict: 'failed', why: `${row.skipped} scenario(s) skipped after a failed step` };
  return row;
}

const ORDER: Record<LabVerdict, number> = { failed: 0, skipped: 1, passed: 2 };
const SHOWN: Record<LabVerdict, string> = { failed: '❌ failed', skipped: '⏭️ skipped', passed: '✅ passed' };

export function sortedRows(outcomes: LabOutcome[]): LabRow[] {
  return outcomes
    .map(labRow)
    .sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict] || a.outcome.lab.localeCompare(b.outcome.lab));
}

export function duration(seconds: number | undefined): string {
  if (seconds === undefined) return '–';
  const m = Math.floor(seconds / 60);
  return m ? `${m} min ${Math.round(seconds % 60)} s` : `${Math.round(seconds)} s`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function summaryMarkdown(outcomes: LabOutcome[], links: SummaryLinks = {}): string {
  const rows = sortedRows(outcomes);
  const tally = (v: LabVerdict) => rows.filter((r) => r.verdict === v).length;
  const out = [
    `## labgate: ${rows.length} labs, ${tally('failed')} failed, ${tally('skipped')} skipped, ` +
      `${tally('passed')} passed`,
    '',
    '| lab | result | passed | failed | skipped | duration |',
    '|---|---|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${cell(`${r.outcome.lab}`)} | ${SHOWN[r.verdict]}${r.why ? `: ${cell(r.why)}` : ''} | ${r.passed} | ` +
        `${r.failed} | ${r.skipped} | ${duration(r.outcome.seconds)} |`,
    ),
  ];
  for (const r of rows.filter((x) => x.failed)) {
    out.push('', `### ${r.outcome.lab}: ${r.failed} failed`, '');
    for (const s of failedScenarios(r.outcome)) out.push(`- ${failureLine(r.outcome, s, links)}`);
  }
  return `${out.join('\n')}\n`;
}

function failedScenarios(outcome: LabOutcome): ScenarioResult[] {
  return outcome.runs
    .flatMap((r) => r.scenarios)
    .filter((s) => s.status === 'failed' || s.status === 'broken')
    .sort((a, b) => a.uri.localeCompare(b.uri) || a.line - b.line);
}

/** "[4.5 Traffic Flow](…#45-traffic-flow-) · [features/…:32](…) **name**: the lab's sentence" */
export function failureLine(outcome: LabOutcome, s: ScenarioResult, links: SummaryLinks = {}): string {
  const section = sectionOfScenario(outcome.sections, s.tags);
  const where = `${s.uri}:${s.line}`;
  const parts = [
    section
      ? outcome.textUrl
        ? `[${section.title}](${outcome.textUrl}#${section.anchor})`
        : section.title
      : `exercise ${s.exercises.join(', ') || '(none)'}`,
    links.featureUrl ? `[${where}](${links.featureUrl(s.uri, s.line)})` : `\`${where}\``,
  ];
  return `${parts.join(' · ')} **${s.name}**: ${failureSentence(s.message ?? s.status)}`;
}

/** GitHub workflow commands: one error annotation per failed scenario, on its feature line. */
export function annotations(outcomes: LabOutcome[]): string[] {
  const out: string[] = [];
  for (const r of sortedRows(outcomes)) {
    if (r.verdict === 'failed' && !r.failed) out.push(`::error title=${prop(r.outcome.lab)}::${data(r.why ?? '')}`);
    for (const s of failedScenarios(r.outcome)) {
      const title = prop(`${r.outcome.lab}: ${s.name}`);
      out.push(`::error file=${prop(s.uri)},line=${s.line},title=${title}::${data(failureSentence(s.message ?? ''))}`);
    }
  }
  return out;
}

const data = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (text: string) => data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
