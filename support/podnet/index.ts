/** Pod and node networking: `ip`, `ping` and `tcpdump` output as a model, and the labs' checks over it. */
export * from './model.ts';
export * from './ip.ts';
export { parseIpAddrJson, parseIpLinkJson, parseIpRouteJson, parseIpRouteGetJson } from './ipJson.ts';
export { parseIpAddrText, parseIpLinkText, parseIpRouteText, parseIpRouteGetText } from './ipText.ts';
export { routeCidr } from './routeCidr.ts';
export { cidrContains } from '../floor/address.ts';
export * from './ping.ts';
export * from './tcpdump.ts';
export * from './mtu.ts';
export * from './checks/podInterface.ts';
export * from './checks/hostSide.ts';
export * from './checks/ttl.ts';
export * from './checks/routeLookup.ts';
export * from './checks/capture.ts';
