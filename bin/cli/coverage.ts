/**
 * `labgate coverage --lab <name>`: every command and shown output of the lab's text with the scenarios that
 * check it. Exit 0 when coverage is complete (each block checked or named in coverage-gaps.yaml, no stale
 * link), 1 when it is not, 2 on bad input.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { LabgateError } from '../../support/floor/errors.ts';

export function registerCoverage(program: Command): void {
  program
    .command('coverage')
    .description("list the lab text's command and output blocks and the scenarios that check them")
    .requiredOption('--lab <name>', 'the lab (a folder features/<name>/ with its lab.yaml)')
    .option('--json', 'print the coverage as JSON')
    .option('--markdown', 'print the coverage table as Markdown')
    .action(async (opts: { lab: string; json?: boolean; markdown?: boolean }) => {
      const { loadLab } = await import('../../support/lab/index.ts');
      const { computeCoverage } = await import('../../support/course/coverage/coverage.ts');
      const { renderCoverageMarkdown, renderCoverageText } = await import('../../support/course/coverage/render.ts');
      const lab = loadLab(opts.lab);
      if (!lab.textFile) {
        throw new LabgateError(
          `the text of lab ${lab.name} is not on this machine`,
          `its descriptor's course.dir is ${lab.course?.dir ?? 'not set'}`,
        );
      }
      const shown = path.relative(process.cwd(), lab.textFile);
      const report = computeCoverage(lab.textFile, lab.featuresDir, lab.name);
      report.textFile = shown.length < lab.textFile.length ? shown : lab.textFile;
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      else if (opts.markdown) console.log(renderCoverageMarkdown(report));
      else console.log(renderCoverageText(report));
      process.exitCode = report.complete ? 0 : 1;
    });
}
