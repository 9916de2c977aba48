/** Lab 03 exercise 4.2: the source node sends traffic for a pod on another node via that node's address. */
import { finding, type Evidence, type Finding } from '../../floor/finding.ts';
import { podLabel, type PodPlace, type RouteLookup } from '../model.ts';

export function routeToRemotePodViaItsNode(
  sourceNode: string,
  destination: PodPlace,
  destinationNodeAddress: string,
  lookup: RouteLookup | undefined,
  evidence: Evidence[],
): Finding<{ gateway: string | null }> {
  const observed = lookup
    ? `${lookup.type === 'unicast' ? '' : `${lookup.type} `}` +
      `${lookup.gateway ? `via ${lookup.gateway}` : 'with no gateway'}${lookup.dev ? ` dev ${lookup.dev}` : ''}`
    : 'no route';
  return finding(
    { gateway: destinationNodeAddress },
    { gateway: lookup?.gateway ?? null },
    `The lab promises that node ${sourceNode} routes traffic for pod ${podLabel(destination)} ` +
      `(${destination.ip}) via the address of its node ${destination.node}, ${destinationNodeAddress}; \`ip ` +
      `route get ${destination.ip}\` on ${sourceNode} answers ${observed}. Check the block routes on ` +
      `${sourceNode} (\`ip route\`, docker exec) and \`kubectl get blockaffinities\`; with VXLAN across subnets ` +
      `the route goes via vxlan.calico instead.`,
    evidence,
  );
}
