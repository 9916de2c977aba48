/**
 * `labgate lint`: drift between lab texts and their files, without a cluster. Exit 1 when a finding is at
 * or above --severity (default warning), 0 when none is, 2 on bad input.
 */
import { Option, type Command } from 'commander';
import { LabgateError } from '../../support/floor/errors.ts';

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description(
      'check lab texts against their files (commands, links, nodes, kubeconfig, objects, outputs, versions, ' +
        'numbering), without a cluster',
    )
    .option('--course <dir>', 'a course folder: lint each sub-folder that has a README.md')
    .option('--lab <dir>', 'one lab folder')
    .option('--json', 'print {"findings": [...]} instead of text')
    .addOption(
      new Option('--severity <level>', 'report findings at this level or above; exit 1 when there are any')
        .choices(['error', 'warning', 'info'])
        .default('warning'),
    )
    .action(async (opts: { course?: string; lab?: string; json?: boolean; severity: 'error' | 'warning' | 'info' }) => {
      if (!opts.course === !opts.lab) throw new LabgateError('give either --course DIR or --lab DIR');
      const { lintCourse, lintLab } = await import('../../support/course/lint.ts');
      const { atLeast } = await import('../../support/course/finding.ts');
      const { findingsJson, renderFindings } = await import('../../support/course/lintReport.ts');
      const result = opts.course ? lintCourse(opts.course) : { labs: [opts.lab!], findings: lintLab(opts.lab!) };
      const shown = result.findings.filter((f) => atLeast(f.severity, opts.severity));
      console.log(opts.json ? findingsJson(shown) : renderFindings(shown, result.labs.length, opts.severity));
      process.exitCode = shown.length ? 1 : 0;
    });
}
