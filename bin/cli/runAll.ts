/**
 * `labgate run --all`: every lab of the course in turn, each against its configured target or its twin
 * (one twin at a time: the next lab's twin replaces the last). The labs run in this one process, so cucumber,
 * the step library and the clients load once. Each lab's reports are kept under reports/<lab>/; the Allure
 * results of all labs are merged in reports/allure-results for one report (`labgate report` merges them again
 * from reports/<lab>/, so a later `run --lab X` replaces X's part).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabgateError, describeError } from '../../support/floor/errors.ts';
import { keepLabReports } from './labReports.ts';
import { runLab } from './runLab.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

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
    keepLabReports(lab);
  }
  // one Allure results folder for the course: each lab its suite, its coverage a fixture, each scenario once
  try {
    const { mergeCourse } = await import('./courseReport.ts');
    await mergeCourse(path.join(REPO_ROOT, 'reports'), path.join(REPO_ROOT, 'reports', 'allure-results'));
  } catch (err) {
    console.error(`labgate: the course's Allure results were not merged: ${describeError(err)}`);
  }
  const shown = (code: number) => (code === 0 ? 'passed' : code === 1 ? 'FAILED' : 'could not be checked');
  console.log(
    `\nlabgate: --all: ${outcomes.map((o) => `${o.lab} ${shown(o.code)}`).join(', ')}; reports in reports/<lab>/`,
  );
  // a lab that could not be checked (2) outranks one that failed (1)
  return Math.max(0, ...outcomes.map((o) => o.code));
}
