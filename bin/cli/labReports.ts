/** A lab's reports kept in reports/<lab>/, the part of the course report that is that lab's (replaced whole). */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { labelCucumberHtml } from '../../support/report/cucumberHtml.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPORTS = path.join(REPO_ROOT, 'reports');
const PER_LAB = ['cucumber.html', 'junit.xml', 'cucumber-messages.ndjson', 'allure-results'];

/** Moves (or, for a lab run alone, copies) the run's reports into reports/<lab>/, replacing what was there. */
export function keepLabReports(lab: string, opts: { copy?: boolean; reportsDir?: string } = {}): void {
  const reports = opts.reportsDir ?? REPORTS;
  labelCucumberHtml(path.join(reports, 'cucumber.html'), lab);
  const dir = path.join(reports, lab);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const name of PER_LAB) {
    const from = path.join(reports, name);
    if (!existsSync(from)) continue;
    if (opts.copy) cpSync(from, path.join(dir, name), { recursive: true });
    else renameSync(from, path.join(dir, name));
  }
}
