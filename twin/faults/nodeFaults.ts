/** Faults of whole nodes: a node container stopped, a node's route to another node's pod block deleted. */
import { LabgateError } from '../shared.ts';
import { docker } from '../docker.ts';
import { onNode, type FaultContext } from './context.ts';

export async function stopNode(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node();
  await docker(['stop', '--time', '2', node.name]);
  return `stopped node container ${node.name}`;
}

/**
 * The target node loses its route to the block of the node `blockOf`: its pods no longer reach that node's
 * pods (the cluster DNS, when it lives there), and replies to them have nowhere to go.
 */
export async function deletePodRoute(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node();
  const lost = ctx.targets.node('blockOf');
  const route = (await onNode(node.name, ['ip', '-4', 'route', 'show', lost.block])).stdout.trim();
  if (!route) throw new LabgateError(`${node.name} has no route to ${lost.block}`, 'run `labgate twin fault --reset`');
  await onNode(node.name, ['ip', 'route', 'del', lost.block]);
  return `deleted the route "${route}" to ${lost.name}'s pod block on ${node.name}`;
}
