/**
 * `labgate explain`: read pasted kube-proxy output (iptables, nftables or IPVS) from a file or stdin and say what it
 * does.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { LabgateError } from '../../support/floor/errors.ts';

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
    .description(
      "explain kube-proxy's rules (iptables, nftables or IPVS): every Service, every way in, endpoint shares, problems",
    )
    .requiredOption('--input <file>', 'iptables-save / -S / -L, nft list or ipvsadm -Ln output to read; - for stdin')
    .option('--json', 'print the explanation as JSON')
    .action(async (options: { input: string; json?: boolean }) => {
      const label = options.input === '-' ? 'stdin' : options.input;
      const { explainInput, writeDescription, writeJson } = await import('../../support/kubeproxy/index.ts');
      const result = explainInput(await readInput(options.input), label);
      if (options.json) await writeJson(result, process.stdout);
      else await writeDescription(result, process.stdout);
    });
}
