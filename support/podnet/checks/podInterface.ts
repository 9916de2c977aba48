/** Lab 02 exercise 3, inside the pod: eth0's /32 from its node's block, its MTU, and the default route. */
import { finding, type Evidence, type Finding } from '../../floor/finding.ts';
import { interfaceNamed, ipv4Addresses } from '../ip.ts';
import { kubectlExec, podLabel, type Interface, type PodPlace, type Route } from '../model.ts';
import { cidrContains } from '../../floor/address.ts';

export const POD_INTERFACE = 'eth0';

export function podAddressInNodeBlock(
  pod: PodPlace,
  interfaces: Interface[],
  nodeBlocks: string[],
  evidence: Evidence[],
  ifname = POD_INTERFACE,
): Finding<{ addresses: string[]; insideNodeBlock: boolean }> {
  const iface = interfaceNamed(interfaces, ifname);
  const addresses = iface ? ipv4Addresses(iface) : [];
  const outside = addresses.filter((a) => !nodeBlocks.some((b) => cidrContains(b, a.split('/')[0]!)));
  const insideNodeBlock = addresses.length > 0 && outside.length === 0;
  const blocks = nodeBlocks.join(', ') || 'none';
  const strays = outside.length ? ` (${outside.join(', ')} in no block of ${pod.node})` : '';
  const held = `${addresses.join(', ') || 'no IPv4 address'}${strays}`;
  return finding(
    { addresses: [`${pod.ip}/32`], insideNodeBlock: true },
    { addresses, insideNodeBlock },
    `The lab promises that ${ifname} in pod ${podLabel(pod)} holds the pod IP ${pod.ip} as a /32, taken from ` +
      `the block of its node ${pod.node} (${blocks}); ` +
      `${iface ? `${ifname} holds ${held}` : `the pod has no ${ifname}`}. ` +
      `Check \`${kubectlExec(pod, 'ip addr')}\` and \`kubectl get blockaffinities\`.`,
    evidence,
  );
}

export function podInterfaceMtu(
  pod: PodPlace,
  interfaces: Interface[],
  expected: { mtu: number; reason: string },
  evidence: Evidence[],
  ifname = POD_INTERFACE,
): Finding<number | null> {
  const iface = interfaceNamed(interfaces, ifname);
  const observed = iface?.mtu ?? null;
  return finding(
    expected.mtu,
    observed,
    `The lab promises that ${ifname} in pod ${podLabel(pod)} has MTU ${expected.mtu} (${expected.reason}); it ` +
      `has ${observed ?? `no ${ifname}`}. Check \`${kubectlExec(pod, 'ip link')}\` and the Installation's ` +
      `calicoNetwork (\`kubectl get installation default -o yaml\`).`,
    evidence,
  );
}

function describeRoute(r: Route): string {
  return [r.gateway ? `via ${r.gateway}` : 'direct', r.dev ? `dev ${r.dev}` : ''].filter(Boolean).join(' ');
}

export function podDefaultRoute(
  pod: PodPlace,
  routes: Route[],
  gateway: string,
  evidence: Evidence[],
  ifname = POD_INTERFACE,
): Finding<{ defaultRoutes: string[]; gatewayOnLink: boolean }> {
  const defaults = routes.filter((r) => r.cidr === '0.0.0.0/0' && r.type === 'unicast');
  const gatewayOnLink = routes.some((r) => r.cidr === `${gateway}/32` && r.dev === ifname && r.scope === 'link');
  const observed = { defaultRoutes: defaults.map(describeRoute), gatewayOnLink };
  const linkRoute = gatewayOnLink
    ? 'the link route to the gateway is there'
    : `there is no "${gateway} dev ${ifname} scope link" route`;
  return finding(
    { defaultRoutes: [`via ${gateway} dev ${ifname}`], gatewayOnLink: true },
    observed,
    `The lab promises that pod ${podLabel(pod)} sends everything via ${gateway} on ${ifname}, with ${gateway} ` +
      `itself reachable on the link (scope link); its default route is ` +
      `${observed.defaultRoutes.join('; ') || 'missing'} and ${linkRoute}. ` +
      `Check \`${kubectlExec(pod, 'ip route')}\`.`,
    evidence,
  );
}

function describePeer(iface: Interface, ifname: string): string {
  const index = iface.peerIfindex !== undefined ? `@if${iface.peerIfindex}` : ' (no @ifN)';
  const netns =
    iface.peerNetnsId !== undefined
      ? `, link-netnsid ${iface.peerNetnsId}`
      : iface.peerNetnsName
        ? `, link-netns ${iface.peerNetnsName}`
        : ', no link-netns';
  return `${ifname}${index}${netns}`;
}

/** eth0 is a veth end (`eth0@ifN`) whose peer lives in another namespace (`link-netnsid`/`link-netns`). */
export function podEth0IsVethToNode(
  pod: PodPlace,
  interfaces: Interface[],
  evidence: Evidence[],
  ifname = POD_INTERFACE,
): Finding<{ pairedWithIndex: boolean; peerInOtherNamespace: boolean }> {
  const iface = interfaceNamed(interfaces, ifname);
  const observed = {
    pairedWithIndex: iface?.peerIfindex !== undefined,
    peerInOtherNamespace: iface?.peerNetnsId !== undefined || iface?.peerNetnsName !== undefined,
  };
  const seen = !iface ? `the pod has no ${ifname}` : describePeer(iface, ifname);
  return finding(
    { pairedWithIndex: true, peerInOtherNamespace: true },
    observed,
    `The lab promises that ${ifname} in pod ${podLabel(pod)} is one end of a veth pair whose other end is in ` +
      `the node's namespace (${ifname}@ifN, link-netnsid); the pod shows ${seen}. Check ` +
      `\`${kubectlExec(pod, 'ip link')}\`.`,
    evidence,
  );
}
