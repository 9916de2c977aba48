/**
 * `labgate explain`: read pasted kube-proxy output (iptables, nftables or IPVS) from a file or stdin and say what it
 * does.
 */
import type { Command } from 'commander';
import { readInput } from './input.ts';

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
      const result = explainInput(
        await readInput(options.input, 'check the --input path, or pass - to read stdin'),
        label,
      );
      if (options.json) await writeJson(result, process.stdout);
      else await writeDescription(result, process.stdout);
    });
}
