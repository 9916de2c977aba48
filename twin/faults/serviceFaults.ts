/**
 * A Service changed through the API after the lab made it (as `kubectl patch svc` would): the API serves the new
 * spec from then on, and the rules kube-proxy wrote for the old one stay on the nodes. The twin's kube-proxy writes
 * no rules for a NodePort, for ClientIP affinity or for external IPs, so here they are only the API's word: what
 * the gate reads from the Service object is what it must judge.
 */
import { LabgateError } from '../shared.ts';
import { HEADLESS, type PlannedService } from '../plan.ts';
import type { FaultContext } from './context.ts';
import { replanAndRestart } from './controlPlane.ts';
import { blockAfterPool } from './ipamFaults.ts';

/** The first port of the API server's default NodePort range (30000-32767): what it would allocate first. */
const FIRST_NODE_PORT = 30000;
/** An address from TEST-NET-3 (RFC 5737): an external IP no network in the lab routes. */
const EXTERNAL_IP = '203.0.113.10';

async function patchService(
  ctx: FaultContext,
  patch: (svc: PlannedService) => PlannedService,
  what: string,
): Promise<string> {
  const target = ctx.targets.service();
  const services = ctx.plan.services.map((s) => (s.uid === target.uid ? patch(s) : s));
  await replanAndRestart(ctx.state, { ...ctx.plan, services });
  return `patched Service ${target.namespace}/${target.name}: ${what}; the nodes keep the rules of its old spec`;
}

export function serviceTypeNodePort(ctx: FaultContext): Promise<string> {
  return patchService(
    ctx,
    (s) => ({ ...s, type: 'NodePort', ports: s.ports.map((p, i) => ({ ...p, nodePort: FIRST_NODE_PORT + i })) }),
    'type NodePort',
  );
}

export function serviceAffinityClientIP(ctx: FaultContext): Promise<string> {
  return patchService(ctx, (s) => ({ ...s, sessionAffinity: 'ClientIP' }), 'sessionAffinity ClientIP');
}

export function serviceExternalIp(ctx: FaultContext): Promise<string> {
  return patchService(ctx, (s) => ({ ...s, externalIPs: [EXTERNAL_IP] }), `externalIPs ${EXTERNAL_IP}`);
}

/** An address of Kind's default IPv6 service range (fd00:10:96::/112), as the API would allocate it. */
const IPV6_VIP = 'fd00:10:96::a';

export function serviceDualStack(ctx: FaultContext): Promise<string> {
  return patchService(
    ctx,
    (s) => ({
      ...s,
      ipFamilyPolicy: 'PreferDualStack',
      ipFamilies: ['IPv4', 'IPv6'],
      clusterIPs: [s.clusterIP, IPV6_VIP],
    }),
    `ipFamilyPolicy PreferDualStack, ipFamilies IPv4 and IPv6, IPv6 VIP ${IPV6_VIP}`,
  );
}

/**
 * A Service without a VIP given one, as its manifest would without `clusterIP: None`: the API serves the VIP,
 * and kube-proxy and the cluster DNS follow it as they follow any Service with a VIP.
 */
export function serviceGivenVip(ctx: FaultContext): Promise<string> {
  const svc = ctx.targets.service();
  if (svc.clusterIP !== HEADLESS) {
    throw new LabgateError(`${ctx.targets.where}.service: ${svc.name} already has the VIP ${svc.clusterIP}`);
  }
  // an address of the service range the twin never hands out as a VIP (it picks from the 11th on)
  const vip = ctx.plan.serviceCidr.split('/')[0]!.replace(/\.\d+$/, '.9');
  return patchService(ctx, (s) => ({ ...s, clusterIP: vip }), `clusterIP ${vip} instead of None`);
}

type InstallationObject = { kind: string; spec: { calicoNetwork?: { ipPools?: { cidr: string }[] } } };

/**
 * The Calico Installation's first IP pool edited to the range right after it, as a custom-resources file
 * re-applied with another CIDR would say: the API serves the new spec, the pods keep the addresses of the pool
 * Calico made at install.
 */
export async function installationPoolChanged(ctx: FaultContext): Promise<string> {
  const installation = ctx.plan.objects.find((o) => o.kind === 'Installation');
  const pool = ctx.plan.pools[0];
  if (!installation || !pool) throw new LabgateError('the twin has no Calico Installation with an IP pool');
  const cidr = `${blockAfterPool(pool).split('/')[0]}/${pool.cidr.split('/')[1]}`;
  const edited = structuredClone(installation) as unknown as InstallationObject;
  const first = edited.spec.calicoNetwork?.ipPools?.[0];
  if (!first) throw new LabgateError('the Installation names no IP pool');
  first.cidr = cidr;
  const objects = ctx.plan.objects.map((o) => (o === installation ? (edited as unknown as typeof o) : o));
  await replanAndRestart(ctx.state, { ...ctx.plan, objects });
  return `the Installation's first IP pool now says ${cidr} (was ${pool.cidr}); the pods keep their addresses`;
}
