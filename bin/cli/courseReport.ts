/** The course report: the labs' parts found, read with their lab texts, merged, and handed to Allure. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { LabgateError } from '../../support/floor/errors.ts';
import { labNames, loadLab, REPO_ROOT } from '../../support/lab/catalog.ts';
import { textSections } from '../../support/course/sections.ts';
import { readCucumberRun } from '../../support/report/cucumberResults.ts';
import { mergeCourseResults, type LabPart } from '../../support/report/courseResults.ts';
import {
  executorFor,
  findPartDirs,
  MESSAGES_FILE,
  RESULTS_FOLDER,
  runIdOf,
} from '../../support/report/courseReport.ts';
import { generateAllureReport, type ReportSummary } from '../../support/report/allureReport.ts';

export interface CourseReportOptions {
  from: string;
  out: string;
  results: string;
  courseUrl?: string;
  singleFileDir?: string;
}

export async function buildCourseReport(opts: CourseReportOptions): Promise<ReportSummary & { labs: number }> {
  const merged = await mergeCourse(opts.from, opts.results, opts.courseUrl);
  const summary = await generateAllureReport(opts.results, opts.out, {
    name: merged.executor.reportName,
    runId: merged.runId,
    singleFileDir: opts.singleFileDir,
  });
  return { ...summary, labs: merged.labs.length };
}

/** Every lab's part under `from` merged into one Allure results folder `resultsDir` (replaced). */
export async function mergeCourse(from: string, resultsDir: string, courseUrl?: string) {
  const labs = labNames();
  const dirs = findPartDirs(path.resolve(from), labs);
  if (!dirs.length)
    throw new LabgateError(
      `no lab's results in ${from} (looked for <lab>/${RESULTS_FOLDER} with <lab>/${MESSAGES_FILE})`,
      'run `labgate run --all` or `labgate run --lab <name>` first',
    );
  const env = process.env;
  const commit = await currentCommit();
  const parts: LabPart[] = dirs.map(({ lab, dir }) => {
    const l = loadLab(lab);
    const text = l.textFile ? readText(l.textFile) : '';
    const textUrl =
      courseUrl && l.course
        ? `${courseUrl}/${path.basename(l.course.dir)}/${l.course.text}`
        : l.textFile && text
          ? pathToFileURL(l.textFile).href
          : undefined;
    const featureUrl =
      env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA
        ? (uri: string, line: number) =>
            `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}/${uri}#L${line}`
        : (uri: string, line: number) => `${pathToFileURL(path.join(REPO_ROOT, uri)).href}#L${line}`;
    return {
      lab,
      resultsDir: path.join(dir, RESULTS_FOLDER),
      run: readCucumberRun(path.join(dir, MESSAGES_FILE)),
      sections: text ? textSections(text) : [],
      textUrl,
      featureUrl,
    };
  });
  const shown = [...new Set(parts.map((p) => p.lab))];
  const executor = executorFor(env, commit, shown);
  const counts = mergeCourseResults(parts, path.resolve(resultsDir), executor);
  return { labs: shown, executor, runId: runIdOf(dirs), counts };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function currentCommit(): Promise<string | undefined> {
  if (process.env.GITHUB_SHA) return process.env.GITHUB_SHA;
  const r = await execa('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, reject: false });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}
