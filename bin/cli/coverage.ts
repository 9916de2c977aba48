/** `labgate coverage`: which blocks of a lab's text the features check (filled in by the coverage work). */
import type { Command } from 'commander';
import { LabgateError } from '../../support/errors.ts';

export function registerCoverage(program: Command): void {
  program
    .command('coverage')
    .description("list the lab text's command and output blocks and the scenarios that check them")
    .action(() => {
      throw new LabgateError('coverage is not built yet');
    });
}
