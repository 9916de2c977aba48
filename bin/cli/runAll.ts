/**
 * `labgate run --all`: every lab of the course in turn, each against its configured target or its twin
 * (one twin at a time: the next lab's twin replaces the last). The labs run in this one process, so cucumber,
 * the step library and the clients load once. Each lab's reports are kept under reports/<lab>/; the Allure
 * results of all labs are gathered in reports/allure-results for one report.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabgateError, describeError } from '../../support/floor/errors.ts';
import { runLab } from './runLab.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPORTS = path.join(REPO_ROOT, 'reports');
const PER_LAB = ['cucumber.html', 'junit.xml', 'cucumber-messages.ndjson', 'allure-results'];

/** One lab's exit code: 0 passed, 1 failed, 2 (or the error's own) when it could not be checked. */
async function runOne(lab: string, cucumberArgs: string[]): Promise<number> {
  try {
    return await runLab(cucumberArgs, lab, { alone: false });
  } catch (err) {
    if (process.env.LABGATE_DEBUG) console.error(err);
    console.error(`labgate: ${describeError(err)}`);
    return err instanceof LabgateError ? err.exitCode : 2;
  }
}

/** Moves the run's reports into reports/<lab>/ (the next lab's run starts from an empty reports/). */
function keepReports(lab: string): void {
  const dir = path.join(REPORTS, lab);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const name of PER_LAB) {
    const from = path.join(REPORTS, name);
    if (existsSync(from)) renameSync(from, path.join(dir, name));
  }
}

function gatherAllure(labs: string[]): void {
  const all = path.join(REPORTS, 'allure-results');
  rmSync(all, { recursive: true, force: true });
  mkdirSync(all, { recursive: true });
  for (const lab of labs) {
    const dir = path.join(REPORTS, lab, 'allure-results');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) cpSync(path.join(dir, f), path.join(all, f));
  }
}

export async function runAll(cucumberArgs: string[]): Promise<number> {
  // one kubeconfig is one lab: every lab against it would test the wrong cluster for all but one
  if (process.env.LABGATE_KUBECONFIG || process.env.KUBECONFIG) {
    throw new LabgateError(
      '--all checks each lab against the kubeconfig its deploy script writes here, or its twin; ' +
        'LABGATE_KUBECONFIG/KUBECONFIG names one cluster',
      'unset it, or check that lab alone with --lab <name>',
    );
  }
  const { labNames } = await import('../../support/lab/catalog.ts');
  const labs = labNames();
  const outcomes: { lab: string; code: number }[] = [];
  for (const lab of labs) {
    console.log(`\nlabgate: --all: lab ${lab} (${outcomes.length + 1} of ${labs.length})`);
    outcomes.push({ lab, code: await runOne(lab, cucumberArgs) });
    keepReports(lab);
  }
  gatherAllure(labs);
  const verdict = (code: number) => (code === 0 ? 'passed' : code === 1 ? 'FAILED' : 'could not be checked');
  console.log(
    `\nlabgate: --all: ${outcomes.map((o) => `${o.lab} ${verdict(o.code)}`).join(', ')}; reports in reports/<lab>/`,
  );
  // a lab that could not be checked (2) outranks one that failed (1)
  return Math.max(0, ...outcomes.map((o) => o.code));
}
