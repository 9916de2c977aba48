/** Build the HTML Allure report from the results folder with allure-commandline (which runs on Java). */
import { accessSync, constants, cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { LabgateError } from '../floor/errors.ts';
import { writeAllureCategories } from './allureFiles.ts';

export interface ReportSummary {
  reportDir: string;
  total: number;
  passed: number;
  failed: number;
  broken: number;
  skipped: number;
}

const ALLURE_BIN = fileURLToPath(new URL('../../node_modules/allure-commandline/dist/bin/allure', import.meta.url));

export async function generateAllureReport(resultsDir: string, reportDir: string): Promise<ReportSummary> {
  const results = resolve(resultsDir);
  const report = resolve(reportDir);
  if (!hasResults(results)) {
    throw new LabgateError(`no Allure results in ${resultsDir}`, 'run `npm run cucumber` first');
  }
  if (!findJava()) {
    throw new LabgateError(
      process.env.JAVA_HOME
        ? `allure-commandline needs Java and JAVA_HOME (${process.env.JAVA_HOME}) has no bin/java`
        : 'allure-commandline needs Java and no java is on PATH',
      'install a Java runtime, e.g. `apt-get install -y default-jre-headless`',
    );
  }
  writeAllureCategories(results, { onlyIfMissing: true });
  carryHistory(report, results);
  const run = await execa(ALLURE_BIN, ['generate', results, '-o', report, '--clean'], { reject: false, all: true });
  if (run.exitCode !== 0) {
    const firstLine = (run.all ?? '').split('\n').find((l) => l.trim()) ?? `exit code ${run.exitCode}`;
    throw new LabgateError(`allure generate failed: ${firstLine.trim()}`, `results in ${resultsDir}`);
  }
  return readSummary(report);
}

/** Allure draws its trend charts from the previous report's history/, copied into the new results. */
function carryHistory(reportDir: string, resultsDir: string): void {
  const previous = join(reportDir, 'history');
  const next = join(resultsDir, 'history');
  if (existsSync(previous) && !existsSync(next)) cpSync(previous, next, { recursive: true });
}

function hasResults(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('-result.json'));
}

/** The java the allure launcher script would use: $JAVA_HOME/bin/java when JAVA_HOME is set, else `java` on PATH. */
export function findJava(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.JAVA_HOME
    ? [join(env.JAVA_HOME, 'bin', 'java')]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, 'java'));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function readSummary(reportDir: string): ReportSummary {
  const summary = JSON.parse(readFileSync(join(reportDir, 'widgets', 'summary.json'), 'utf8')) as {
    statistic: { total: number; passed: number; failed: number; broken: number; skipped: number };
  };
  const { total, passed, failed, broken, skipped } = summary.statistic;
  return { reportDir, total, passed, failed, broken, skipped };
}
