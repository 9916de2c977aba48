/**
 * docs/course-drift.md: the published course's lint findings, per lab.
 *   node --import tsx bin/cli/course-drift.ts           write docs/course-drift.md
 *   node --import tsx bin/cli/course-drift.ts --check   exit 1 when docs/course-drift.md is stale
 * The course is ../shared/course next to the repository unless --course DIR says otherwise.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LabgateError, describeError } from '../../support/floor/errors.ts';
import { renderDriftReport } from '../../support/course/driftReport.ts';
import { lintCourse } from '../../support/course/lint.ts';

export const DRIFT_REPORT_PATH = 'docs/course-drift.md';
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_COURSE = path.resolve(REPO_ROOT, '..', 'shared', 'course');

export function driftReportText(courseDir: string): string {
  const { labs, findings } = lintCourse(courseDir);
  const label = `\`${path.relative(REPO_ROOT, courseDir).split(path.sep).join('/')}\``;
  return renderDriftReport(label, labs, findings);
}

/** Write the report, or with check only compare; returns the one-line outcome. */
export function courseDrift(courseDir: string, check: boolean): string {
  const text = driftReportText(courseDir);
  const file = path.join(REPO_ROOT, DRIFT_REPORT_PATH);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (check) {
    if (current !== text)
      throw new LabgateError(`${DRIFT_REPORT_PATH} is stale`, 'run `npm run docs:drift` and commit the result', 1);
    return `${DRIFT_REPORT_PATH} is up to date`;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return `wrote ${DRIFT_REPORT_PATH}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const at = process.argv.indexOf('--course');
    const course = at > 0 && process.argv[at + 1] ? path.resolve(process.argv[at + 1]!) : DEFAULT_COURSE;
    console.log(courseDrift(course, process.argv.includes('--check')));
  } catch (err) {
    console.error(`labgate: ${describeError(err)}`);
    process.exitCode = err instanceof LabgateError ? err.exitCode : 1;
  }
}
