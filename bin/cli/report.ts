import type { Command } from 'commander';
import { ALLURE_REPORT_DIR, ALLURE_RESULTS_DIR } from '../../support/report/allureConfig.ts';

/** `labgate report`: the Allure HTML report from the last cucumber run's results. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description(`build the Allure HTML report (${ALLURE_REPORT_DIR}) from ${ALLURE_RESULTS_DIR}`)
    .option('--results <dir>', 'Allure results folder', ALLURE_RESULTS_DIR)
    .option('-o, --out <dir>', 'report folder (replaced)', ALLURE_REPORT_DIR)
    .action(async (opts: { results: string; out: string }) => {
      const { generateAllureReport } = await import('../../support/report/allureReport.ts');
      const s = await generateAllureReport(opts.results, opts.out);
      const problems = s.failed + s.broken;
      console.log(
        `Allure report: ${opts.out}/index.html (${s.total} scenarios: ${s.passed} passed, ${s.failed} failed, ` +
          `${s.broken} broken, ${s.skipped} skipped)${problems ? ' - see Categories for causes' : ''}`,
      );
      console.log(`Open it with: npx allure open ${opts.out}`);
    });
}
