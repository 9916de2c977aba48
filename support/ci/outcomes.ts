/**
 * What each lab's CI job leaves in its artifact, and reading it back: `outcome.json` (ran, skipped with the
 * reason, or not deployed; how long the job took) and one folder of reports per cucumber run (read-only, then
 * mutating on a disposable lab). A lab of the matrix whose artifact is missing is a result too: red.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LabgateError } from '../floor/errors.ts';
import { readCucumberRun } from '../report/cucumberResults.ts';
import { textSections } from '../course/sections.ts';
import type { LabOutcome } from './summary.ts';
import type { LabRow } from './matrix.ts';

export const OUTCOME_FILE = 'outcome.json';
const MESSAGES = 'cucumber-messages.ndjson';
/** The runs of a lab's job in the order they run; each is a copy of reports/ after that run. */
export const RUN_FOLDERS = ['read-only', 'mutating'] as const;

const OutcomeSchema = z.strictObject({
  lab: z.string().min(1),
  state: z.enum(['ran', 'skipped', 'not-deployed']),
  reason: z.string().optional(),
  seconds: z.number().nonnegative().optional(),
});
export type OutcomeFile = z.infer<typeof OutcomeSchema>;

export function writeOutcome(dir: string, outcome: OutcomeFile): string {
  const checked = OutcomeSchema.parse(outcome);
  if (checked.state !== 'ran' && !checked.reason)
    throw new LabgateError(`a lab that is ${checked.state} needs a reason`, 'give --reason');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, OUTCOME_FILE);
  writeFileSync(file, `${JSON.stringify(checked, null, 2)}\n`);
  return file;
}

export interface CourseText {
  /** the published course on this machine: <root>/<folder>/<text> */
  root?: string;
  /** the published course on the web, e.g. https://github.com/<owner>/<repo>/blob/<ref>/containerlab */
  url?: string;
}

/** Every lab of the list, from the artifacts under `dir` (one folder per lab, named after it). */
export function readOutcomes(dir: string, labs: LabRow[], course: CourseText = {}): LabOutcome[] {
  if (!existsSync(dir)) throw new LabgateError(`no results folder ${dir}`, "download the labs' artifacts there");
  return labs.map((lab) => readOutcome(path.join(dir, lab.name), lab, course));
}

function readOutcome(dir: string, lab: LabRow, course: CourseText): LabOutcome {
  const text = lab.course && course.root ? readText(path.join(course.root, lab.course.folder, lab.course.text)) : '';
  const base = {
    lab: lab.name,
    title: lab.title,
    runs: [],
    sections: text ? textSections(text) : [],
    textUrl: lab.course && course.url ? `${course.url}/${lab.course.folder}/${lab.course.text}` : undefined,
  };
  const file = path.join(dir, OUTCOME_FILE);
  if (!existsSync(file)) return { ...base, state: 'missing', reason: 'no result: the job was cancelled or timed out' };
  let outcome: OutcomeFile;
  try {
    outcome = OutcomeSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    throw new LabgateError(`${file}: not an outcome file (${err instanceof Error ? err.message.split('\n')[0] : err})`);
  }
  if (outcome.lab !== lab.name) throw new LabgateError(`${file}: names lab ${outcome.lab}, its folder ${lab.name}`);
  const runs = RUN_FOLDERS.map((f) => path.join(dir, f, MESSAGES))
    .filter((f) => existsSync(f))
    .map((f) => readCucumberRun(f));
  return { ...base, ...outcome, runs };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The labs of `labgate labs --json`, as saved to a file. */
export function readLabList(file: string): LabRow[] {
  let parsed: { labs?: LabRow[] };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new LabgateError(`cannot read the lab list ${file}`, 'save `labgate labs --json` there');
  }
  if (!Array.isArray(parsed.labs))
    throw new LabgateError(`${file}: no "labs" list`, 'save `labgate labs --json` there');
  return parsed.labs;
}

/** The folders of a downloaded artifact set that name no lab of the list (a renamed lab, a stale artifact). */
export function strayFolders(dir: string, labs: LabRow[]): string[] {
  const names = new Set(labs.map((l) => l.name));
  return readdirSync(dir).filter((d) => !names.has(d));
}
