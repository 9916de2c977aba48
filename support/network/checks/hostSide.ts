/**
 * Lab 02 exercise 4 and lab 03 on the destination node: the node's /32 route to a pod goes to a cali
 * interface that is the other end of the pod's eth0 (eth0@ifN is interface N on the node, and that
 * interface's @ifM is eth0's own index), with Calico's MAC and the pod's MTU.
 */
import { finding, type Evidence, type Finding } from '../../report/evidence.ts';
import { hostRoutesTo } from '../ip.ts';
import { podLabel, type Link, type PodPlace, type Route } from '../model.ts';

export const CALICO_VETH_PREFIX = 'cali';

/** The node-side interface whose index the pod's eth0 names as its peer. */
export function podVeth(podEth0: Link | undefined, nodeLinks: Link[]): Link | undefined {
  if (podEth0?.peerIfindex === undefined) return undefined;
  return nodeLinks.find((l) => l.ifindex === podEth0.peerIfindex);
}

function vethText(podEth0: Link | undefined, veth: Link | undefined): string {
  if (!podEth0) return 'the pod has no eth0';
  if (podEth0.peerIfindex === undefined) return 'the pod\'s eth0 names no peer (not a veth?)';
  if (!veth) return `the node has no interface ${podEth0.peerIfindex}, which the pod's eth0@if${podEth0.peerIfindex} names`;
  return `eth0@if${podEth0.peerIfindex} pairs with ${veth.ifindex}: ${veth.ifname}@if${veth.peerIfindex ?? '?'}`;
}

export function podHostRoute(
  pod: PodPlace,
  podEth0: Link | undefined,
  nodeRoutes: Route[],
  nodeLinks: Link[],
  evidence: Evidence[],
  vethPrefix = CALICO_VETH_PREFIX,
): Finding<{ hostRoutes: number; onPodVeth: boolean; vethIsCalico: boolean }> {
  const veth = podVeth(podEth0, nodeLinks);
  const routes = hostRoutesTo(nodeRoutes, pod.ip).filter((r) => r.type === 'unicast');
  const pairs = veth !== undefined && podEth0 !== undefined && veth.peerIfindex === podEth0.ifindex;
  const observed = {
    hostRoutes: routes.length,
    onPodVeth: pairs && routes.length > 0 && routes.every((r) => r.dev === veth!.ifname && r.scope === 'link' && !r.gateway),
    vethIsCalico: veth?.ifname.startsWith(vethPrefix) ?? false,
  };
  const seen = routes.map((r) => `${r.dst}${r.gateway ? ` via ${r.gateway}` : ''} dev ${r.dev ?? '?'}${r.scope ? ` scope ${r.scope}` : ''}`).join('; ') || 'no /32 route';
  return finding(
    { hostRoutes: 1, onPodVeth: true, vethIsCalico: true },
    observed,
    `The lab promises that node ${pod.node} routes ${pod.ip} (pod ${podLabel(pod)}) as a /32, scope link, to the ${vethPrefix}… interface paired with the pod's eth0; the node has ${seen}, and ${vethText(podEth0, veth)}. Check \`ip route | grep ${pod.ip}\` and \`ip link\` on ${pod.node} (docker exec), and \`ip link\` in the pod.`,
    evidence,
  );
}

export function podVethMac(pod: PodPlace, podEth0: Link | undefined, nodeLinks: Link[], expectedMac: string, evidence: Evidence[]): Finding<string | null> {
  const veth = podVeth(podEth0, nodeLinks);
  const observed = veth?.mac?.toLowerCase() ?? null;
  return finding(
    expectedMac.toLowerCase(),
    observed,
    `The lab promises that the node end of pod ${podLabel(pod)}'s veth on ${pod.node} has the MAC ${expectedMac}, the same on every Calico veth; ${veth ? `${veth.ifname} has ${observed ?? 'no MAC'}` : vethText(podEth0, veth)}. Check \`ip addr\` on ${pod.node} (docker exec).`,
    evidence,
  );
}

export function podVethMtu(pod: PodPlace, podEth0: Link | undefined, nodeLinks: Link[], expectedMtu: number, evidence: Evidence[]): Finding<number | null> {
  const veth = podVeth(podEth0, nodeLinks);
  const observed = veth?.mtu ?? null;
  return finding(
    expectedMtu,
    observed,
    `The lab promises that the node end of pod ${podLabel(pod)}'s veth has the same MTU as the pod's eth0, ${expectedMtu}; ${veth ? `${veth.ifname} has ${observed}` : vethText(podEth0, veth)}. Check \`ip link\` on ${pod.node} (docker exec).`,
    evidence,
  );
}
