/** Build the HTML Allure report from the results folder with allure-commandline (which runs on Java). */
import { accessSync, constants, cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { delimiter, join, relative, resolve, sep } from 'node:path';
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

export interface ReportOptions {
  /** the report's title */
  name?: string;
  /** the run the results come from: a rebuild of the same run starts from the same history */
  runId?: string;
  /** also a report in one HTML file that opens from disk (file://): this folder's index.html */
  singleFileDir?: string;
}

const RUN_MARKER = 'labgate-run.json';
const HISTORY_BASE = 'labgate-history-base';

export async function generateAllureReport(
  resultsDir: string,
  reportDir: string,
  opts: ReportOptions = {},
): Promise<ReportSummary> {
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
  const base = carryHistory(report, results, opts.runId);
  const name = opts.name ? ['--name', opts.name] : [];
  await allureGenerate([results, '-o', report, '--clean', ...name], resultsDir);
  if (opts.runId) {
    writeFileSync(join(report, RUN_MARKER), `${JSON.stringify({ runId: opts.runId })}\n`);
    if (base) cpSync(base, join(report, HISTORY_BASE), { recursive: true });
  }
  if (opts.singleFileDir) {
    await allureGenerate([results, '-o', resolve(opts.singleFileDir), '--clean', '--single-file', ...name], resultsDir);
    pointFileOpensAt(report, resolve(opts.singleFileDir));
  }
  return readSummary(report);
}

async function allureGenerate(args: string[], resultsDir: string): Promise<void> {
  const run = await execa(ALLURE_BIN, ['generate', ...args], { reject: false, all: true });
  if (run.exitCode !== 0) {
    const firstLine = (run.all ?? '').split('\n').find((l) => l.trim()) ?? `exit code ${run.exitCode}`;
    throw new LabgateError(`allure generate failed: ${firstLine.trim()}`, `results in ${resultsDir}`);
  }
}

/**
 * The folder report reads its data with fetch(), which a browser refuses on a page opened from disk: Allure
 * then shows "500 Failed to fetch". Opened that way (a double-click on the downloaded report), its index.html
 * goes to the one-file report beside it, at the same view.
 */
function pointFileOpensAt(reportDir: string, singleFileDir: string): void {
  const index = join(reportDir, 'index.html');
  const html = readFileSync(index, 'utf8');
  const single = relative(reportDir, join(singleFileDir, 'index.html')).split(sep).join('/');
  const script =
    `<script id="labgate-file-opens-single">if (location.protocol === 'file:') ` +
    `location.replace(${JSON.stringify(encodeURI(single))} + location.hash);</script>`;
  const patched = html.replace(/<\/head>/, `    ${script}\n</head>`);
  if (patched === html) throw new LabgateError(`allure wrote ${index} without a <head>`, 'report it as a labgate bug');
  writeFileSync(index, patched);
}

/**
 * Allure draws its trend charts from the previous report's history/, copied into the new results. A rebuild of
 * the run the previous report was made from starts from that report's own starting history instead, so it adds
 * no point. Returns the history the new report starts from (kept beside it for the next rebuild).
 */
function carryHistory(reportDir: string, resultsDir: string, runId: string | undefined): string | undefined {
  const next = join(resultsDir, 'history');
  if (existsSync(next)) return next;
  const marker = join(reportDir, RUN_MARKER);
  const sameRun = runId !== undefined && existsSync(marker) && JSON.parse(readFileSync(marker, 'utf8')).runId === runId;
  const previous = sameRun ? join(reportDir, HISTORY_BASE) : join(reportDir, 'history');
  if (!existsSync(previous)) return undefined;
  cpSync(previous, next, { recursive: true });
  return next;
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
