import type { Command } from 'commander';

// Placeholder: replaced by the module that owns this command.
export function registerReport(program: Command): void {
  program.command('report').description('(not built yet)').action(() => {
    throw new Error('labgate report is not built yet');
  });
}
