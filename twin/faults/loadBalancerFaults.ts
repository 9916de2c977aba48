/**
 * Faults of Calico's LoadBalancer IPAM as lab 09 uses it: kube-controllers running without its LoadBalancer
 * controller (no block of a LoadBalancer pool held, no Service given an address), and a second load-balancer
 * controller on the cluster (Kind's cloud-provider-kind) that writes a LoadBalancer Service's status with an address
 * of the nodes' Docker network after Calico's.
 */
import { Address4 } from 'ip-address';
import { LabgateError } from '../shared.ts';
import { readIpam, writeIpam } from '../control/ipam.ts';
import { containerStates } from '../dataplane/nodes.ts';
import { Ipam, LOAD_BALANCER_HOST, loadBalancerHandle } from '../ipam/index.ts';
import type { PlannedService } from '../plan.ts';
import type { FaultContext } from './context.ts';
import { replanAndRestart } from './controlPlane.ts';

function loadBalancers(ctx: FaultContext): PlannedService[] {
  const lbs = ctx.plan.services.filter((s) => s.type === 'LoadBalancer' && s.loadBalancerIngress.length > 0);
  if (lbs.length === 0) throw new LabgateError('the twin has no LoadBalancer Service with an address');
  return lbs;
}

/**
 * kube-controllers without its LoadBalancer controller (KubeControllersConfiguration's controllers without
 * loadBalancer): the addresses it handed out go back, the load-balancer host holds no block, the Services have no
 * ingress address.
 */
export async function loadBalancerControllerOff(ctx: FaultContext): Promise<string> {
  const lbs = loadBalancers(ctx);
  const ipam = new Ipam(readIpam(ctx.state));
  for (const s of lbs) ipam.releaseHandle(loadBalancerHandle(s));
  const held = ipam.state.blocks.filter((b) => b.affinity?.host === LOAD_BALANCER_HOST).map((b) => b.cidr);
  const record = { ...ipam.state, blocks: ipam.state.blocks.filter((b) => b.affinity?.host !== LOAD_BALANCER_HOST) };
  writeIpam(ctx.state, record);
  const services = ctx.plan.services.map((s) => (lbs.includes(s) ? { ...s, loadBalancerIngress: [] } : s));
  await replanAndRestart(ctx.state, { ...ctx.plan, services, ipam: record });
  return (
    `kube-controllers runs no LoadBalancer controller: ${LOAD_BALANCER_HOST} no longer holds ${held.join(', ')}; ` +
    `${lbs.map((s) => s.name).join(', ')} ${lbs.length === 1 ? 'has' : 'have'} no ingress address`
  );
}

/**
 * cloud-provider-kind also serves LoadBalancer Services: it writes the target Service's status after Calico's, with
 * the address Docker gives its proxy container on the nodes' network (the one after the highest node address).
 * Calico's block and the address it handed out stay.
 */
export async function loadBalancerAddressFromNodeNetwork(ctx: FaultContext): Promise<string> {
  const name = ctx.targets.text('service');
  const svc = loadBalancers(ctx).find((s) => s.name === name);
  if (!svc) throw new LabgateError(`${ctx.targets.where}.service: ${name} is no LoadBalancer Service with an address`);
  const nodes = await containerStates(ctx.plan.nodes.map((n) => n.name));
  const highest = nodes
    .map((n) => n.ip)
    .filter((ip): ip is string => ip !== undefined && Address4.isValid(ip))
    .map((ip) => new Address4(ip).bigInt())
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .pop();
  if (highest === undefined) throw new LabgateError('no node of the twin has an address on its Docker network');
  const address = Address4.fromBigInt(highest + 1n).correctForm();
  const services = ctx.plan.services.map((s) => (s === svc ? { ...s, loadBalancerIngress: [address] } : s));
  await replanAndRestart(ctx.state, { ...ctx.plan, services });
  const calico = svc.loadBalancerIngress[0];
  return `${name}'s status written by cloud-provider-kind: ingress ${address} (Calico gave ${calico})`;
}
