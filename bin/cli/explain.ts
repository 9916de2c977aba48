/** `labgate explain`: read kube-proxy's nat rules from a file or stdin and say what they do. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { LabgateError } from '../../support/errors.ts';
import { countRecognised, describeExplanation, explainNat, parseIptables } from '../../support/dataplane/index.ts';

const ACCEPTED_INPUT = 'give it iptables-save, `iptables -t nat -S` or `iptables -t nat -L -n [-v]` output';

async function readInput(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable');
    throw new LabgateError(`cannot read ${file}: ${why}`, 'check the --input path, or pass - to read stdin');
  }
}

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description("explain kube-proxy's iptables nat rules: service VIPs, endpoint chains, probabilities, problems")
    .requiredOption('--input <file>', 'iptables-save / -S / -L output to read; - for stdin')
    .option('--json', 'print the explanation as JSON')
    .action(async (options: { input: string; json?: boolean }) => {
      const label = options.input === '-' ? 'stdin' : options.input;
      const text = await readInput(options.input);
      if (text.trim() === '') throw new LabgateError(`the input from ${label} is empty`, ACCEPTED_INPUT);
      const table = parseIptables(text);
      if (countRecognised(table) === 0) {
        throw new LabgateError(`no iptables rules or chains found in ${label}`, ACCEPTED_INPUT);
      }
      const result = explainNat(table);
      process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${describeExplanation(result)}\n`);
    });
}
