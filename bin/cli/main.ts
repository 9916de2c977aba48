import { Command, CommanderError } from 'commander';
import { LabgateError, describeError } from '../../support/floor/errors.ts';
import { registerExplain } from './explain.ts';
import { registerTwin } from './twin.ts';
import { registerRun } from './run.ts';
import { registerReport } from './report.ts';
import { registerLint } from './lint.ts';
import { registerLabs } from './labs.ts';
import { registerCoverage } from './coverage.ts';
import { registerCi } from './ci.ts';
import { registerRead } from './read.ts';

const program = new Command('labgate')
  .description('Acceptance gate for Kubernetes networking labs')
  .exitOverride()
  .showHelpAfterError(false);

registerRun(program);
registerLabs(program);
registerExplain(program);
registerTwin(program);
registerReport(program);
registerLint(program);
registerCoverage(program);
registerCi(program);
registerRead(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // commander already printed its one-line message (or help)
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    if (process.env.LABGATE_DEBUG) console.error(err);
    const code = err instanceof LabgateError ? err.exitCode : 1;
    console.error(`labgate: ${describeError(err)}`);
    process.exitCode = code;
  }
}
