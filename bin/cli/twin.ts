import type { Command } from 'commander';
import { twinLab } from './target.ts';
import { registerTwinFault } from './twinFault.ts';

const LAB_OPTION = [
  '--lab <name>',
  'the lab (default: LABGATE_LAB, or the only lab; `labgate labs` lists them)',
] as const;

export function registerTwin(program: Command): void {
  const twin = program
    .command('twin')
    .description('the lab twin: a local replica of a lab built from real Linux parts');
  registerTwinFault(twin);

  twin
    .command('up')
    .description('bring the twin up (idempotent: reuses a healthy twin)')
    .option(...LAB_OPTION)
    .action(async (opts: { lab?: string }) => {
      const lab = twinLab(opts.lab);
      const t0 = Date.now();
      const { twinUp } = await import('../../twin/index.ts');
      const up = await twinUp(lab, (l) => console.log(l));
      const verb = up.reused ? 'is already up' : `is up (${((Date.now() - t0) / 1000).toFixed(1)} s)`;
      console.log(`labgate: twin of ${lab} ${verb}: kubeconfig ${up.kubeconfigPath}, context ${up.context}`);
    });

  twin
    .command('down')
    .description('remove the twin: node containers, network, control plane, kubeconfig')
    .option(...LAB_OPTION)
    .action(async (opts: { lab?: string }) => {
      const lab = twinLab(opts.lab);
      const { twinDown } = await import('../../twin/index.ts');
      const removed = await twinDown(lab);
      console.log(
        `labgate: twin of ${lab} removed (${removed.containers.length} containers, ${removed.networks.length} ` +
          `networks)`,
      );
    });

  twin
    .command('status')
    .description('say whether the twin is up and healthy')
    .option(...LAB_OPTION)
    .action(async (opts: { lab?: string }) => {
      const lab = twinLab(opts.lab);
      const { twinHealth } = await import('../../twin/index.ts');
      const health = await twinHealth(lab);
      if (health.up) {
        console.log(
          `labgate: twin of ${lab} is up: API https://127.0.0.1:${health.runtime?.port}, nodes ` +
            `${health.plan?.nodes.map((n) => n.name).join(', ')}, pods ready: ` +
            `${health.runtime?.ready ? 'all' : 'not all'}`,
        );
      } else {
        console.log(`labgate: twin of ${lab} is not up: ${health.problems.join('; ')}`);
        process.exitCode = 1;
      }
    });
}
