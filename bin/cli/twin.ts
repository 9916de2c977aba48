import type { Command } from 'commander';

// Placeholder: replaced by the module that owns this command.
export function registerTwin(program: Command): void {
  program.command('twin').description('(not built yet)').action(() => {
    throw new Error('labgate twin is not built yet');
  });
}
