/**
 * `labgate run [--lab <lab> | --all] [-- cucumber args]`: the command; one lab's run is runLab.ts, every
 * lab's runAll.ts. The heavy modules (cucumber, the Kubernetes client, the twin) load only when it runs.
 */
import type { Command } from 'commander';
import { LabgateError } from '../../support/floor/errors.ts';
import { runLab } from './runLab.ts';

export { isAfterDestroyRun } from './runLab.ts';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'Check the lab against its text: cucumber-js on the configured lab, or on the built-in twin when none is ' +
        'configured',
    )
    .option(
      '--lab <name>',
      'the lab to check (default: LABGATE_LAB, the only lab, or the lab whose kubeconfig is here; `labgate ' +
        'labs` lists them)',
    )
    .option(
      '--all',
      'check every lab in turn (each against its configured target or its twin); reports per lab in reports/<lab>/',
    )
    .argument('[cucumberArgs...]', 'arguments for cucumber-js, after "--" (e.g. -- --tags @exercise:3)')
    .allowUnknownOption(true)
    .addHelpText(
      'after',
      [
        '',
        'Target selection (environment):',
        '  LABGATE_LAB          the lab to check, as --lab',
        '  LABGATE_KUBECONFIG   kubeconfig of the lab (else $KUBECONFIG, else the one its deploy script writes here)',
        "  LABGATE_CONTEXT      context to use (else the kubeconfig's current-context)",
        "  LABGATE_CLUSTER      Kind cluster name (default: the lab descriptor's)",
        '  LABGATE_TOPOLOGY     containerlab topology file (node list from `containerlab inspect`)',
        'Waiting (environment):',
        '  LABGATE_SETTLE_SECONDS  the longest wait for the lab to settle (pods Ready, endpoints, logs, deletions);',
        '                          default 60 s for pods, 30 s for the rest: less for a lab known to be settled',
        'With none of these and no lab kubeconfig, labgate runs against its built-in twin.',
        '',
        'Feature paths after "--" replace the configured ones. Before the run, every selected feature must parse',
        'and every step must match a step definition (exit 2 otherwise).',
      ].join('\n'),
    )
    .action(async (cucumberArgs: string[], opts: { lab?: string; all?: boolean }) => {
      if (opts.all) {
        if (opts.lab) throw new LabgateError('give either --lab or --all, not both');
        process.exitCode = await (await import('./runAll.ts')).runAll(cucumberArgs);
        return;
      }
      process.exitCode = await runLab(cucumberArgs, opts.lab, { alone: true });
    });
}
