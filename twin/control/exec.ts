/** Pod exec: the command runs inside the pod's network namespace on its node (twin/dataplane/nodeEnter.ts). */
import { ExecError, type ExecRequest, type ExecOutcome } from '../api/types.ts';
import type { TwinPlan } from '../plan.ts';
import { netnsName } from '../dataplane/pods.ts';
import { enterNode } from '../dataplane/nodeEnter.ts';
import type { PodState } from './snapshot.ts';

export async function execInPod(plan: TwinPlan, pods: PodState[], req: ExecRequest): Promise<ExecOutcome> {
  const state = pods.find((p) => p.pod.namespace === req.namespace && p.pod.name === req.pod);
  if (!state) throw new ExecError(`pods "${req.pod}" not found`, 'NotFound');
  if (req.container && req.container !== state.pod.container.name) {
    throw new ExecError(`container ${req.container} is not valid for pod ${req.pod}`, 'BadRequest');
  }
  if (!state.exists || !state.ready)
    throw new ExecError(`container ${state.pod.container.name} is not running in pod ${req.pod}`, 'BadRequest');
  if (req.command.length === 0)
    throw new ExecError('you must specify at least one command for the container', 'BadRequest');

  const child = await enterNode(state.pod.node, ['ip', 'netns', 'exec', netnsName(state.pod), ...req.command], {
    stdin: Boolean(req.stdin),
    env: { HOSTNAME: state.pod.name },
  });
  if (req.stdin && child.stdin) {
    req.stdin.pipe(child.stdin);
    child.stdin.on('error', () => {}); // the command may exit before reading all of stdin
  }
  // The client went away: stop waiting for the command.
  req.signal?.addEventListener('abort', () => child.kill('SIGTERM'), { once: true });
  child.stdout!.pipe(req.stdout, { end: false });
  child.stderr!.pipe(req.stderr, { end: false });
  return new Promise((resolve, reject) => {
    child.on('error', (err) => reject(new ExecError(`exec failed: ${err.message}`, 'InternalError')));
    child.on('close', (code) => resolve({ exitCode: code ?? 1 }));
  });
}
