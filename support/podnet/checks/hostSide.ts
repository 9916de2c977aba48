/**
 * Lab 02 exercise 4 and lab 03 on the destination node: the node's /32 route to a pod goes to a cali
 * interface that is the other end of the pod's eth0 (eth0@ifN is interface N on the node, and that
 * interface's @ifM is eth0's own index), with Calico's MAC and the pod's MTU.
 */
import { finding, type Evidence, type Finding } from '../../floor/finding.ts';
import { hostRoutesTo, ipv4Addresses } from '../ip.ts';
import { podLabel, type Interface, type Link, type PodPlace, type Route } from '../model.ts';

export const CALICO_VETH_PREFIX = 'cali';

/** The node-side interface whose index the pod's eth0 names as its peer. */
export function podVeth(podEth0: Link | undefined, nodeLinks: Link[]): Link | undefined {
  if (podEth0?.peerIfindex === undefined) return undefined;
  return nodeLinks.find((l) => l.ifindex === podEth0.peerIfindex);
}

function vethText(podEth0: Link | undefined, veth: Link | undefined): string {
  if (!podEth0) return 'the pod has no eth0';
  if (podEth0.peerIfindex === undefined) return "the pod's eth0 names no peer (not a veth?)";
  if (!veth)
    return `the node has no interface ${podEth0.peerIfindex}, which the pod's eth0@if${podEth0.peerIfindex} names`;
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
    onPodVeth:
      pairs && routes.length > 0 && routes.every((r) => r.dev === veth!.ifname && r.scope === 'link' && !r.gateway),
    vethIsCalico: veth?.ifname.startsWith(vethPrefix) ?? false,
  };
  const seen =
    routes
      .map(
        (r) =>
          `${r.dst}${r.gateway ? ` via ${r.gateway}` : ''} dev ${r.dev ?? '?'}${r.scope ? ` scope ${r.scope}` : ''}`,
      )
      .join('; ') || 'no /32 route';
  return finding(
    { hostRoutes: 1, onPodVeth: true, vethIsCalico: true },
    observed,
    `The lab promises that node ${pod.node} routes ${pod.ip} (pod ${podLabel(pod)}) as a /32, scope link, to ` +
      `the ${vethPrefix}… interface paired with the pod's eth0; the node has ${seen}, and ` +
      `${vethText(podEth0, veth)}. Check \`ip route | grep ${pod.ip}\` and \`ip link\` on ${pod.node} (docker ` +
      `exec), and \`ip link\` in the pod.`,
    evidence,
  );
}

export function podVethMac(
  pod: PodPlace,
  podEth0: Link | undefined,
  nodeLinks: Link[],
  expectedMac: string,
  evidence: Evidence[],
): Finding<string | null> {
  const veth = podVeth(podEth0, nodeLinks);
  const observed = veth?.mac?.toLowerCase() ?? null;
  return finding(
    expectedMac.toLowerCase(),
    observed,
    `The lab promises that the node end of pod ${podLabel(pod)}'s veth on ${pod.node} has the MAC ` +
      `${expectedMac}, the same on every Calico veth; ` +
      `${veth ? `${veth.ifname} has ${observed ?? 'no MAC'}` : vethText(podEth0, veth)}. Check \`ip addr\` on ` +
      `${pod.node} (docker exec).`,
    evidence,
  );
}

export function podVethMtu(
  pod: PodPlace,
  podEth0: Link | undefined,
  nodeLinks: Link[],
  expectedMtu: number,
  evidence: Evidence[],
): Finding<number | null> {
  const veth = podVeth(podEth0, nodeLinks);
  const observed = veth?.mtu ?? null;
  return finding(
    expectedMtu,
    observed,
    `The lab promises that the node end of pod ${podLabel(pod)}'s veth has the same MTU as the pod's eth0, ` +
      `${expectedMtu}; ${veth ? `${veth.ifname} has ${observed}` : vethText(podEth0, veth)}. Check \`ip link\` ` +
      `on ${pod.node} (docker exec).`,
    evidence,
  );
}

export function podVethHasNoIpv4(
  pod: PodPlace,
  podEth0: Link | undefined,
  nodeInterfaces: Interface[],
  evidence: Evidence[],
): Finding<string[] | null> {
  const veth = podVeth(podEth0, nodeInterfaces) as Interface | undefined;
  const observed = veth ? ipv4Addresses(veth) : null;
  return finding(
    [],
    observed,
    `The lab promises that the node end of pod ${podLabel(pod)}'s veth needs no IPv4 address (the node routes ` +
      `to it by the /32 route alone); ` +
      `${veth ? `${veth.ifname} holds ${observed!.join(', ') || 'none'}` : vethText(podEth0, veth)}. Check \`ip ` +
      `addr\` on ${pod.node} (docker exec).`,
    evidence,
  );
}

/** Pods (on the pod network) of `node` with no /32 route on a cali interface there. */
export function nodeRoutesEveryPod(
  node: string,
  pods: PodPlace[],
  nodeRoutes: Route[],
  nodeLinks: Link[],
  evidence: Evidence[],
  vethPrefix = CALICO_VETH_PREFIX,
): Finding<string[]> {
  const names = new Set(nodeLinks.map((l) => l.ifname));
  const onNode = pods.filter((p) => p.node === node);
  const missing = onNode.length ? [] : [`${node}: runs no pod of the lab, so there is no route to look for`];
  missing.push(
    ...onNode.flatMap((p) => {
      const routes = hostRoutesTo(nodeRoutes, p.ip).filter((r) => r.type === 'unicast');
      const onCali = routes.filter((r) => r.dev?.startsWith(vethPrefix) && names.has(r.dev));
      if (onCali.length === 1) return [];
      return [
        `${podLabel(p)} (${p.ip}): ` +
          `${routes.length === 0 ? 'no /32 route' : routes.map((r) => `dev ${r.dev ?? '?'}`).join(', ')}`,
      ];
    }),
  );
  return finding(
    [],
    missing,
    `The lab promises that node ${node} keeps one /32 route per pod it runs, each on that pod's ${vethPrefix}… ` +
      `interface; ${missing.join('; ') || 'every pod has one'}. Check \`ip route\` and \`ip link\` on ${node} ` +
      `(docker exec) against \`kubectl get pods -A -o wide\`.`,
    evidence,
  );
}

/** cali interfaces on a node whose MAC is not Calico's. */
export function caliInterfacesHaveMac(
  node: string,
  nodeLinks: Link[],
  expectedMac: string,
  evidence: Evidence[],
  vethPrefix = CALICO_VETH_PREFIX,
): Finding<string[]> {
  const cali = nodeLinks.filter((l) => l.ifname.startsWith(vethPrefix));
  const wrong = cali.length ? [] : [`${node}: no ${vethPrefix}… interface to look at`];
  const otherMac = cali.filter((l) => l.mac?.toLowerCase() !== expectedMac.toLowerCase());
  wrong.push(...otherMac.map((l) => `${l.ifname}: ${l.mac ?? 'no MAC'}`));
  const count = cali.length;
  return finding(
    [],
    wrong,
    `The lab promises that every ${vethPrefix}… interface has the MAC ${expectedMac}; on node ${node} ` +
      `(${count} such interfaces) ${wrong.join(', ') || 'all do'}. Check \`ip link\` on ${node} (docker exec).`,
    evidence,
  );
}
