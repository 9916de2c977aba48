/** Faults of whole nodes: a node container stopped, a node's route to another node's pod block deleted. */
import { LabgateError } from '../shared.ts';
import { docker } from '../docker.ts';
import { containerState } from '../dataplane/nodes.ts';
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

/**
 * The target node and the node `blockOf` route each other's pod blocks via a third node, which forwards on to
 * the block's owner: every packet still arrives, one hop later each way than Calico's direct routes bring it.
 */
export async function podRouteViaOtherNode(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node();
  const owner = ctx.targets.node('blockOf');
  const third = ctx.plan.nodes.find((n) => n.name !== node.name && n.name !== owner.name);
  if (!third || owner.name === node.name) {
    throw new LabgateError(`${ctx.targets.where}: this fault needs a third node besides the node and blockOf`);
  }
  const via = (await containerState(third.name)).ip;
  if (!via) throw new LabgateError(`could not find ${third.name}'s own address`);
  await onNode(node.name, ['ip', 'route', 'replace', owner.block, 'via', via]);
  await onNode(owner.name, ['ip', 'route', 'replace', node.block, 'via', via]);
  return (
    `${node.name} routes ${owner.name}'s block ${owner.block}, and ${owner.name} routes ${node.name}'s block ` +
    `${node.block}, via ${third.name} (${via})`
  );
}
