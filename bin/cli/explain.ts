import type { Command } from 'commander';

// Placeholder: replaced by the module that owns this command.
export function registerExplain(program: Command): void {
  program.command('explain').description('(not built yet)').action(() => {
    throw new Error('labgate explain is not built yet');
  });
}
