/**
 * A command run inside the target pod that changes what its server does (for example a replica told to stop
 * following its master), once the server shows it is healthy. The command, its expected answer and the
 * readiness probe are the lab's words, from the fault's targets.
 */
import { LabgateError } from '../shared.ts';
import { netnsName } from '../dataplane/pods.ts';
import { waitFor } from './api.ts';
import { onNode, type FaultContext } from './context.ts';

const READY_TIMEOUT_MS = 60_000;

export async function podCommand(ctx: FaultContext): Promise<string> {
  const pod = ctx.targets.pod();
  const inPod = (command: string[]) => ['ip', 'netns', 'exec', netnsName(pod), ...command];
  const probe = ctx.targets.list('readyCommand');
  const ready = ctx.targets.pattern('readyOutput');
  // a healthy server first (right after `up` it may still be starting)
  await waitFor(`"${probe.join(' ')}" in pod ${pod.name} printing /${ready.source}/`, READY_TIMEOUT_MS, async () => {
    const r = await onNode(pod.node, inPod(probe), { reject: false });
    return ready.test(r.stdout) ? true : undefined;
  });
  const command = ctx.targets.list('command');
  const wanted = ctx.targets.text('output');
  const r = await onNode(pod.node, inPod(command));
  if (r.stdout.trim() !== wanted) {
    throw new LabgateError(`"${command.join(' ')}" in pod ${pod.name} answered ${r.stdout.trim()}, not ${wanted}`);
  }
  return `ran "${command.join(' ')}" in pod ${pod.name} on ${pod.node}: it answered ${wanted}`;
}
