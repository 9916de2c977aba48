/**
 * Container logs: a pod that runs its manifest's command writes stdout and stderr to container.log in its
 * run folder on its node (twin/pods/command.ts); nginx and the DNS server log nothing there, so theirs is empty.
 */
import { ExecError } from '../api/types.ts';
import type { PodLogRequest } from '../api/podLog.ts';
import { docker } from '../docker.ts';
import { processKind } from '../pods/index.ts';
import type { PodState } from './snapshot.ts';

export async function podLogText(pods: PodState[], req: PodLogRequest): Promise<string> {
  const state = pods.find((p) => p.pod.namespace === req.namespace && p.pod.name === req.pod);
  if (!state) throw new ExecError(`pods "${req.pod}" not found`, 'NotFound');
  if (req.container !== state.pod.container.name)
    throw new ExecError(`container ${req.container} is not valid for pod ${req.pod}`, 'BadRequest');
  if (!state.exists)
    throw new ExecError(
      `container "${req.container}" in pod "${req.pod}" is waiting to start: ContainerCreating`,
      'BadRequest',
    );
  const logFile = processKind(state.pod).logFile;
  if (!logFile) return '';
  const file = logFile(state.pod);
  const r = await docker(['exec', state.pod.node, 'cat', file], { reject: false, timeoutMs: 15_000 });
  if (r.exitCode !== 0) {
    if (/No such file/.test(r.stderr)) return '';
    throw new ExecError(
      `cannot read the log of container ${req.container} in pod ${req.pod}: ${r.stderr.trim().split('\n')[0] ?? ''}`,
      'InternalError',
    );
  }
  return r.stdout;
}
