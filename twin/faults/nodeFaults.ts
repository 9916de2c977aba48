/** Faults of whole nodes: a stopped node container, a lost route to another node's pod block. */
import { LabgateError } from '../shared.ts';
import { docker } from '../docker.ts';
import { controlPlane, firstWorker, onNode, workers, type FaultContext } from './context.ts';

export async function stopNode(ctx: FaultContext): Promise<string> {
  const node = workers(ctx.plan).at(-1);
  if (!node) throw new LabgateError('the twin plan has no worker node');
  await docker(['stop', '--time', '2', node.name]);
  return `stopped node container ${node.name}`;
}

/**
 * Worker 1 loses its route to the control-plane's block: the cluster DNS lives there, so its pods can no
 * longer resolve names, and replies from its nginx to control-plane pods have nowhere to go.
 */
export async function deletePodRoute(ctx: FaultContext): Promise<string> {
  const node = firstWorker(ctx.plan);
  const lost = controlPlane(ctx.plan);
  const route = (await onNode(node.name, ['ip', '-4', 'route', 'show', lost.block])).stdout.trim();
  if (!route) throw new LabgateError(`${node.name} has no route to ${lost.block}`, 'run `labgate twin fault --reset`');
  await onNode(node.name, ['ip', 'route', 'del', lost.block]);
  return `deleted the route "${route}" to ${lost.name}'s pod block on ${node.name}`;
}
