/**
 * `labgate read <format> [file|-]`: how labgate reads a pasted output (a router's show command, dig, ip, ping,
 * tcpdump, a kubectl table, ...): the model the gate's checks would see, or `--json`. `--list` names the formats.
 */
import type { Command } from 'commander';
import { LabgateError } from '../../support/floor/errors.ts';
import { readInput } from './input.ts';

interface ReadOptions {
  list?: boolean;
  json?: boolean;
}

export function registerRead(program: Command): void {
  program
    .command('read')
    .description('show how labgate reads a pasted output: router show commands (EOS, FRR), dig, ip, ping, tcpdump, ...')
    .argument('[format]', 'a format from --list, or a router command as typed ("show ip route | json")')
    .argument('[file]', 'the output to read; - or nothing for stdin', '-')
    .option('--list', 'list the formats labgate reads')
    .option('--json', 'print the model as JSON')
    .action(async (format: string | undefined, file: string, options: ReadOptions) => {
      const { PASTED_FORMATS, describeReading, pastedFormat } = await import('../../support/pasted/index.ts');
      if (options.list) {
        const width = Math.max(...PASTED_FORMATS.map((f) => f.name.length));
        for (const f of PASTED_FORMATS) process.stdout.write(`${f.name.padEnd(width)}  ${f.reads}\n`);
        return;
      }
      if (!format) throw new LabgateError('labgate read needs a format', 'labgate read --list names the formats');
      const chosen = pastedFormat(format);
      if (file === '-' && process.stdin.isTTY) {
        throw new LabgateError(
          'labgate read has no input: name a file, or pipe the output in',
          'labgate read FORMAT FILE',
        );
      }
      const value = chosen.read(await readInput(file, 'name a file that exists, or pass - to read stdin'));
      process.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : describeReading(chosen.name, value));
    });
}
