import path from 'node:path';
import type { Command } from 'commander';
import { ALLURE_REPORT_DIR } from '../../support/report/allureConfig.ts';

const COURSE_RESULTS_DIR = 'reports/course-results';
const SINGLE_FILE_DIR = 'reports/allure-single';

/**
 * `labgate report`: one Allure report of the course run: every lab's part (reports/<lab>/, or a CI run's
 * artifacts with --from) merged into one results folder, then the HTML report with the previous report's
 * history, and the same report as one HTML file that opens from disk.
 */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description(`build the Allure report of the course run (${ALLURE_REPORT_DIR}, one file in ${SINGLE_FILE_DIR})`)
    .option('--from <dir>', "the labs' reports: one folder per lab (reports/, or a CI run's artifacts)", 'reports')
    .option('-o, --out <dir>', 'report folder (replaced; its history is carried over)', ALLURE_REPORT_DIR)
    .option('--results <dir>', 'where the merged Allure results are written', COURSE_RESULTS_DIR)
    .option('--single-file <dir>', 'where the one-file report (index.html) is written', SINGLE_FILE_DIR)
    .option('--course-url <url>', 'the published course on the web, for links to sections (else the local text)')
    .action(async (opts: { from: string; out: string; results: string; singleFile: string; courseUrl?: string }) => {
      const { buildCourseReport } = await import('./courseReport.ts');
      const s = await buildCourseReport({ ...opts, singleFileDir: opts.singleFile });
      const problems = s.failed + s.broken;
      console.log(
        `Allure report: ${opts.out}/index.html (${s.labs} labs, ${s.total} scenarios: ${s.passed} passed, ` +
          `${s.failed} failed, ${s.broken} broken, ${s.skipped} skipped)${problems ? ' - see Categories' : ''}`,
      );
      console.log(
        `One file: ${path.join(opts.singleFile, 'index.html')}; or open it with: npx allure open ${opts.out}`,
      );
    });
}
