/** One lab checked by cucumber-js in this process (`labgate run --lab`, and each lab of `--all`). */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabgateError } from '../../support/floor/errors.ts';
import type { Lab } from '../../support/lab/catalog.ts';
import type { Target } from '../../support/lab/target.ts';
import { chooseTarget } from './target.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ALLURE_RESULTS_DIR = 'reports/allure-results';

/** True when the run only checks that a destroyed lab left nothing behind. */
export function isAfterDestroyRun(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : (args[i + 1] ?? '');
    if (/^(--profile|-p)(=|$)/.test(a) && value === 'after-destroy') return true;
    if (/^(--tags|-t)(=|$)/.test(a) && /(^|\s|\()@after-destroy/.test(value) && !/not\s+@after-destroy/.test(value))
      return true;
  }
  return false;
}

export interface RunLabOptions {
  /** the only lab of this process: cucumber's forceExit may end it */
  alone: boolean;
}

/**
 * One lab's run: names the target, checks the selected features (they parse, and every step has a
 * definition), runs the preflight, then cucumber-js in this process with the target handed over as the world
 * parameter `target`. Exit code: cucumber's (0 passed, 1 failed); a LabgateError (2) when labgate could not
 * check the lab.
 */
export async function runLab(
  cucumberArgs: string[],
  labName: string | undefined,
  opts: RunLabOptions,
): Promise<number> {
  (await import('../../support/run/matchIndices.ts')).useNativeMatchIndices();
  const { parseCucumberArgs } = await import('../../support/run/cucumberArgs.ts');
  const args = parseCucumberArgs(cucumberArgs);
  if (args.informational) return spawnCucumber(cucumberArgs, process.env);
  // the rest of cucumber loads while the target is chosen and the twin is checked
  const cucumberLoaded = import('../../support/run/cucumberRun.ts');
  cucumberLoaded.catch(() => undefined);

  (await import('../../support/floor/wait.ts')).settleSeconds(); // a bad LABGATE_SETTLE_SECONDS stops the run here
  const afterDestroy = isAfterDestroyRun(cucumberArgs);
  const dryRun = Boolean(args.parsed.configuration.dryRun);
  const { chooseLab } = await import('../../support/lab/catalog.ts');
  const lab = chooseLab(labName, process.env, process.cwd());
  const { target, note, startTwin } = await chooseTarget(
    lab,
    afterDestroy ? 'after-destroy' : dryRun ? 'dry-run' : 'live',
  );
  console.log(`labgate: target ${target.description}${note ? ` — ${note}` : ''}`);
  await startTwin?.();

  // the preflight (the lab answers) and the static checks (features parse, steps defined) run side by side;
  // a problem in the features is reported first, since no lab can make them runnable.
  // The preflight is handed to the run's session, so the hooks do not run it again.
  const session =
    afterDestroy || dryRun ? undefined : (await import('../../support/session/session.ts')).sessionFor(target);
  const ready = session ? session.ready() : Promise.resolve(undefined);
  ready.catch(() => undefined);
  const { prepareRun, checkPreparedFeatures, executeRun } = await cucumberLoaded;
  const checks = (async () => {
    const environment = { cwd: REPO_ROOT, stdout: process.stdout, stderr: process.stderr, env: process.env };
    const prepared = await prepareRun(args, environment, target);
    return { prepared, checked: await checkPreparedFeatures(prepared) };
  })();
  const allure = prepareAllureResults(lab, target, Boolean(session));
  const [checksOutcome, readyOutcome] = await Promise.allSettled([checks, ready]);
  if (checksOutcome.status === 'rejected') throw checksOutcome.reason;
  if (readyOutcome.status === 'rejected') throw readyOutcome.reason;
  const { prepared, checked } = checksOutcome.value;
  console.log(
    `labgate: features ok (${checked.scenarios} scenarios, ${checked.steps} steps in ${checked.files} files, ` +
      `checked in ${checked.elapsedMs} ms)`,
  );
  const report = readyOutcome.value;
  if (session && report) {
    console.log(
      `labgate: preflight ok (API ${report.apiServer}, Docker ${report.dockerVersion}, nodes ` +
        `${report.nodeContainers.join(', ')})`,
    );
    for (const w of report.warnings) console.log(`labgate: warning: ${w}`);
    // what the scenarios will read is fetched while cucumber starts its formatters
    const [{ startWarmUp }, { planFromSteps }] = await Promise.all([
      import('../../support/session/warmUp.ts'),
      import('../../support/run/plan.ts'),
    ]);
    startWarmUp(session, planFromSteps(checked.scenarioSteps, prepared.library.stepDefinitions));
  }
  await allure;

  const outcome = await executeRun(prepared);
  if (outcome.problems) console.error(outcome.problems);
  const code = outcome.success ? 0 : 1;
  // a lab run alone after `--all` replaces that lab's part of the course report
  if (opts.alone && !dryRun && !afterDestroy) {
    (await import('./labReports.ts')).keepLabReports(lab.name, { copy: true });
  }
  if (prepared.forceExit && opts.alone) process.exit(code);
  return code;
}

/** cucumber-js as a child process, for what labgate does not check (--i18n-languages, --i18n-keywords). */
function spawnCucumber(cucumberArgs: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const cucumber = path.join(REPO_ROOT, 'node_modules', '.bin', 'cucumber-js');
  if (!existsSync(cucumber))
    throw new LabgateError('cucumber-js is not installed', 'run `npm install` in the labgate checkout');
  return new Promise<number>((resolve, reject) => {
    const child = spawn(cucumber, cucumberArgs, { cwd: REPO_ROOT, stdio: 'inherit', env });
    child.on('error', (err) =>
      reject(new LabgateError(`cannot start cucumber-js: ${err.message}`, 'run `npm install`')),
    );
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + signalNumber(signal) : 1)));
  });
}

/** The Allure results directory, emptied, with the run's environment; the lab's facts only when it is read. */
async function prepareAllureResults(lab: Lab, target: Target, live: boolean): Promise<void> {
  try {
    const { displayPath } = await import('../../support/lab/target.ts');
    const files = await import('../../support/report/allureFiles.ts');
    const dir = path.join(REPO_ROOT, ALLURE_RESULTS_DIR);
    files.resetAllureResults(dir);
    files.writeAllureEnvironment(dir, {
      target: `${target.labName} on ${target.source}`,
      kubeconfig: displayPath(target.kubeconfigPath),
      context: target.context,
      cluster: target.clusterName,
      ...(live ? await (await import('../../support/cluster/labFacts.ts')).readLabFacts(target).catch(() => ({})) : {}),
    });
    files.writeAllureCategories(dir);
    (await import('../../support/course/coverage/allure.ts')).writeLabCoverage(dir, lab);
  } catch (err) {
    console.error(
      `labgate: Allure environment not written (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
    );
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGINT: 2, SIGTERM: 15, SIGKILL: 9 } as Record<string, number>)[signal] ?? 1;
}
