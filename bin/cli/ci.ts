/**
 * `labgate ci`: the course-wide CI gate's logic, kept out of the workflow's shell: the matrix from the lab list,
 * each lab job's outcome file, and the job summary with annotations over every lab's artifacts.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { LabgateError } from '../../support/floor/errors.ts';

export function registerCi(program: Command): void {
  const ci = program.command('ci').description('the course-wide CI gate: matrix, outcome of a lab job, summary');

  ci.command('matrix')
    .description('the GitHub Actions matrix (JSON) of every lab in the list, read against the course folders')
    .requiredOption('--labs <file>', 'the output of `labgate labs --json`')
    .requiredOption('--course <dir>', 'the published course: one folder per lab with its deploy script')
    .action(async (opts: { labs: string; course: string }) => {
      const { courseMatrix } = await import('../../support/ci/matrix.ts');
      const { readLabList } = await import('../../support/ci/outcomes.ts');
      const read = (folder: string, file: string) => {
        try {
          return readFileSync(path.join(opts.course, folder, file), 'utf8');
        } catch {
          return undefined;
        }
      };
      console.log(JSON.stringify(courseMatrix(readLabList(opts.labs), read)));
    });

  ci.command('outcome')
    .description("write a lab job's outcome.json: it ran, was skipped (with the reason) or could not be deployed")
    .requiredOption('--lab <name>', 'the lab')
    .requiredOption('--state <state>', 'ran, skipped or not-deployed')
    .option('--reason <text>', 'why it was skipped or not deployed')
    .option('--since <epoch>', 'when the job started (seconds since 1970): the outcome keeps the duration')
    .requiredOption('-o, --out <dir>', 'the folder the lab job uploads')
    .action(async (opts: { lab: string; state: string; reason?: string; since?: string; out: string }) => {
      const { writeOutcome } = await import('../../support/ci/outcomes.ts');
      if (!['ran', 'skipped', 'not-deployed'].includes(opts.state))
        throw new LabgateError(`--state ${opts.state}: not one of ran, skipped, not-deployed`);
      const since = opts.since === undefined ? undefined : Number(opts.since);
      if (since !== undefined && !Number.isFinite(since)) throw new LabgateError(`--since ${opts.since}: not a number`);
      const file = writeOutcome(opts.out, {
        lab: opts.lab,
        state: opts.state as 'ran' | 'skipped' | 'not-deployed',
        reason: opts.reason || undefined,
        seconds: since === undefined ? undefined : Math.max(0, Math.round(Date.now() / 1000 - since)),
      });
      console.log(`labgate: ${opts.lab} ${opts.state}${opts.reason ? ` (${opts.reason})` : ''}: ${file}`);
    });

  ci.command('summary')
    .description("the job summary (Markdown) and one annotation per failed scenario, over every lab's artifact")
    .argument('<dir>', 'the downloaded artifacts: one folder per lab')
    .requiredOption('--labs <file>', 'the output of `labgate labs --json` (every lab of the matrix)')
    .option('--course <dir>', 'the published course here, for the section titles')
    .option('--course-url <url>', 'the published course on the web, for links to sections')
    .action(async (dir: string, opts: { labs: string; course?: string; courseUrl?: string }) => {
      const { readLabList, readOutcomes } = await import('../../support/ci/outcomes.ts');
      const { annotations, sortedRows, summaryMarkdown } = await import('../../support/ci/summary.ts');
      const outcomes = readOutcomes(dir, readLabList(opts.labs), { root: opts.course, url: opts.courseUrl });
      const env = process.env;
      const featureUrl =
        env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA
          ? (uri: string, line: number) =>
              `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}/${uri}#L${line}`
          : undefined;
      const markdown = summaryMarkdown(outcomes, { featureUrl });
      if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, markdown);
      else console.log(markdown);
      for (const line of annotations(outcomes)) console.log(line);
      const red = sortedRows(outcomes).filter((r) => r.verdict === 'failed');
      if (red.length) {
        console.error(`labgate: ${red.length} lab(s) failed: ${red.map((r) => r.outcome.lab).join(', ')}`);
        process.exitCode = 1;
      }
    });
}
