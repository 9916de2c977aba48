/** `labgate twin fault <name> | --list | --reset`: break the twin on purpose, to prove the gate catches it. */
import type { Command } from 'commander';
import { LabgateError } from '../../support/floor/errors.ts';
import { twinLab } from './target.ts';

export function registerTwinFault(twinCommand: Command): void {
  twinCommand
    .command('fault')
    .description('inject a fault into the running twin (its real dataplane and processes), or reset it to healthy')
    .argument('[name]', 'the fault to inject (see --list)')
    .option('--list', 'list the known faults')
    .option('--reset', 'bring the twin back to healthy (down, then up)')
    .option('--lab <name>', 'the lab whose twin to break (default: LABGATE_LAB, or the only lab)')
    .action(async (name: string | undefined, opts: { list?: boolean; reset?: boolean; lab?: string }) => {
      const lab = twinLab(opts.lab);
      const { injectFault, labFaults, resetTwin } = await import('../../twin/faults/index.ts');
      if (opts.list) {
        const faults = labFaults(lab);
        const width = Math.max(0, ...faults.map((f) => f.name.length));
        for (const f of faults) console.log(`${f.name.padEnd(width)}  ${f.breaks}`);
        return;
      }
      if (opts.reset) {
        if (name) throw new LabgateError('give either a fault name or --reset, not both');
        const t0 = Date.now();
        await resetTwin(lab);
        console.log(`labgate: twin of ${lab} reset to healthy (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        return;
      }
      if (!name) throw new LabgateError('name a fault to inject', 'labgate twin fault --list');
      console.log(`labgate: ${await injectFault(lab, name)}`);
    });
}
