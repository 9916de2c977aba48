/** `labgate lint`: drift between a lab's text and its files (filled in by the lint work). */
import type { Command } from 'commander';
import { LabgateError } from '../../support/errors.ts';

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('check a lab text against its files, without a cluster')
    .action(() => {
      throw new LabgateError('lint is not built yet');
    });
}
