import type { Command } from 'commander';

// Placeholder: replaced by the module that owns this command.
export function registerRun(program: Command): void {
  program.command('run').description('(not built yet)').action(() => {
    throw new Error('labgate run is not built yet');
  });
}
