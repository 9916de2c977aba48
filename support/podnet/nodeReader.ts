/** A lab node's own network, read with `ip -j` through `docker exec` (argument arrays; addresses validated first). */
import { Address4, Address6 } from 'ip-address';
import { LabgateError } from '../floor/errors.ts';
import { parseIpAddr, parseIpLink, parseIpRoute, parseIpRouteGet } from './ip.ts';
import type { Interface, Link, Route, RouteLookup } from './model.ts';
import { commandEvidence, type Evidence } from '../floor/finding.ts';
import { commandFailure, runOnNode, succeeded } from '../access/nodeRunner.ts';

export interface Read<T> {
  value: T;
  evidence: Evidence[];
}

function requireIp(ip: string): string {
  if (!Address4.isValid(ip) && !Address6.isValid(ip))
    throw new LabgateError(`"${ip}" is not an IP address`, 'addresses come from the cluster (pod and node status)');
  return ip;
}

async function readOnNode<T>(
  node: string,
  args: string[],
  parse: (text: string) => { value: T; problems: string[] },
): Promise<Read<T>> {
  const r = await runOnNode(node, args);
  const evidence = [commandEvidence(`${args.join(' ')} on ${node}`, r)];
  if (!succeeded(r))
    throw new LabgateError(
      `could not read the network of node ${node}: ${commandFailure(r)}`,
      `run \`docker exec ${node} ${args.join(' ')}\` by hand`,
    );
  return { value: parse(r.stdout).value, evidence };
}

export function nodeInterfaces(node: string): Promise<Read<Interface[]>> {
  return readOnNode(node, ['ip', '-j', 'addr'], parseIpAddr);
}

export function nodeLinks(node: string): Promise<Read<Link[]>> {
  return readOnNode(node, ['ip', '-j', 'link'], parseIpLink);
}

export function nodeRoutes(node: string): Promise<Read<Route[]>> {
  return readOnNode(node, ['ip', '-j', 'route'], parseIpRoute);
}

export function nodeRouteGet(node: string, ip: string): Promise<Read<RouteLookup | undefined>> {
  return readOnNode(node, ['ip', '-j', 'route', 'get', requireIp(ip)], parseIpRouteGet);
}

/** The MTU of the interface the node sends traffic for `peer` (another node's address) through. */
export async function uplinkMtu(node: string, peer: string): Promise<Read<{ dev: string; mtu: number }>> {
  const lookup = await nodeRouteGet(node, peer);
  const links = await nodeLinks(node);
  const dev = lookup.value?.dev;
  const link = links.value.find((l) => l.ifname === dev);
  if (!dev || !link)
    throw new LabgateError(
      `node ${node} has no interface towards ${peer} (ip route get: ${dev ?? 'no route'})`,
      `run \`docker exec ${node} ip route get ${peer}\``,
    );
  return { value: { dev, mtu: link.mtu }, evidence: [...lookup.evidence, ...links.evidence] };
}
