/**
 * Promises about several IP pools (lab 09): each pool as configured, which pools each node's blocks come from,
 * the LoadBalancer pool's block held by Calico's load-balancer host, and pod or Service addresses inside a pool.
 */
import { finding, objectEvidence, type Evidence, type Finding } from '../floor/finding.ts';
import { cidrContains, isNetworkAligned, prefixOf, within } from '../floor/address.ts';
import type { BlockAffinity, IpPool, PodAddress } from './model.ts';

/** The host Calico's LoadBalancer controller claims blocks for (its affinities are `virtual:load-balancer`). */
export const LOAD_BALANCER_HOST = 'load-balancer';

const POOLS = 'kubectl get ippools -o yaml';
const AFFINITIES = 'kubectl get blockaffinities';

function poolsEvidence(pools: IpPool[]): Evidence {
  return objectEvidence('IP pools (name, cidr, blockSize, nodeSelector, allowedUses)', pools);
}

function affinityEvidence(affinities: BlockAffinity[]): Evidence {
  return objectEvidence('block affinities (name, node, cidr, state)', affinities);
}

export interface PoolShape {
  cidr: string;
  blockSize: number;
  nodeSelector: string;
}

/** The pool called `name` has the CIDR, block size and node selector the lab configures. */
export function poolAsConfigured(pools: IpPool[], name: string, want: PoolShape): Finding<PoolShape | null> {
  const p = pools.find((x) => x.name === name);
  const observed = p ? { cidr: p.cidr, blockSize: p.blockSize, nodeSelector: p.nodeSelector ?? 'all()' } : null;
  const seen = p
    ? `it is ${p.cidr} with /${p.blockSize} blocks and nodeSelector ${observed!.nodeSelector}`
    : `Calico has no such pool (pools: ${pools.map((x) => x.name).join(', ') || 'none'})`;
  return finding(
    want,
    observed,
    `The lab promises the IP pool ${name}: ${want.cidr} with /${want.blockSize} blocks and nodeSelector ` +
      `${want.nodeSelector}; ${seen}. Check \`${POOLS}\`.`,
    [poolsEvidence(pools)],
  );
}

/** The names of Calico's pools, sorted as `kubectl get ippools` lists them. */
export function poolNames(pools: IpPool[], expected: string[]): Finding<string[]> {
  const observed = pools.map((p) => p.name).sort();
  return finding(
    [...expected].sort(),
    observed,
    `The lab promises the IP pools ${[...expected].sort().join(', ')}; Calico has ` +
      `${observed.join(', ') || 'none'}. Check \`kubectl get ippools\`.`,
    [poolsEvidence(pools)],
  );
}

/**
 * Every node holds `perNode` live blocks of the pool `name` and no block of another pool (blocks of the
 * pool's size, on a block boundary); what is wrong, per node.
 */
export function nodeBlocksFromPool(
  nodes: string[],
  affinities: BlockAffinity[],
  pools: IpPool[],
  name: string,
  perNode: number,
): Finding<string[]> {
  const pool = pools.find((p) => p.name === name);
  const live = affinities.filter((a) => !a.deleted);
  const wrong: string[] = [];
  if (!pool) wrong.push(`Calico has no pool ${name}`);
  if (nodes.length === 0) wrong.push('no node to look at (the cluster lists none)');
  for (const n of nodes) {
    const mine = live.filter((a) => a.node === n);
    const ofPool = pool ? mine.filter((a) => within(a.cidr, pool.cidr)) : [];
    if (pool && ofPool.length !== perNode) wrong.push(`${n}: ${ofPool.length} blocks of ${name}`);
    for (const a of mine.filter((x) => !ofPool.includes(x))) {
      const other = pools.find((p) => within(a.cidr, p.cidr));
      wrong.push(`${n}: ${a.cidr} is ${other ? `a block of ${other.name}` : 'in no pool'}`);
    }
    for (const a of ofPool) {
      if (prefixOf(a.cidr) !== pool!.blockSize || !isNetworkAligned(a.cidr))
        wrong.push(`${n}: ${a.cidr} is not a /${pool!.blockSize} block of ${name}`);
    }
  }
  const held = live
    .filter((a) => nodes.includes(a.node))
    .map((a) => `${a.node} ${a.cidr}`)
    .join('; ');
  return finding(
    [],
    wrong,
    `The lab promises every node ${perNode} block${perNode === 1 ? '' : 's'} of the pool ${name}` +
      `${pool ? ` (${pool.cidr})` : ''} and none of another pool; ${wrong.join(', ') || 'so it is'}. ` +
      `Nodes' affinities: ${held || 'none'}. Check \`${AFFINITIES}\`.`,
    [affinityEvidence(affinities), poolsEvidence(pools)],
  );
}

/**
 * The LoadBalancer pools' blocks are held by Calico's load-balancer host, named as Calico names an affinity
 * (`load-balancer-<block with dashes>`); observed: each LoadBalancer pool's affinity names, or what is missing.
 */
export function loadBalancerBlocks(pools: IpPool[], affinities: BlockAffinity[]): Finding<string[]> {
  const lbPools = pools.filter((p) => (p.allowedUses ?? []).includes('LoadBalancer'));
  const live = affinities.filter((a) => !a.deleted);
  const observed = lbPools.length === 0 ? ['no pool allowed for LoadBalancer use'] : [];
  for (const p of lbPools) {
    const held = live.filter((a) => within(a.cidr, p.cidr));
    if (held.length === 0) observed.push(`no block of ${p.name} (${p.cidr}) is affine to any host`);
    for (const a of held) {
      const expectedName = `${LOAD_BALANCER_HOST}-${a.cidr.replace(/[./]/g, '-')}`;
      if (a.node !== LOAD_BALANCER_HOST) observed.push(`${a.cidr} of ${p.name} is affine to ${a.node}`);
      else if (a.name !== expectedName) observed.push(`${a.cidr} of ${p.name} is named ${a.name}`);
    }
  }
  return finding(
    [],
    observed,
    `The lab promises that Calico's LoadBalancer IPAM holds the LoadBalancer pool's block as the host ` +
      `${LOAD_BALANCER_HOST} (an affinity named ${LOAD_BALANCER_HOST}-<block>); ` +
      `${observed.join('; ') || 'it does'}. Affinities: ` +
      `${live.map((a) => `${a.name} (${a.node} ${a.cidr})`).join('; ') || 'none'}. Check \`${AFFINITIES}\`.`,
    [affinityEvidence(affinities), poolsEvidence(pools)],
  );
}

/** Pods of the pod network (of `namespace`, when given) whose address is outside the pool `name`. */
export function podsInsidePool(
  pods: PodAddress[],
  pools: IpPool[],
  name: string,
  namespace?: string,
): Finding<string[]> {
  const pool = pools.find((p) => p.name === name);
  const mine = pods.filter((p) => !p.hostNetwork && (namespace === undefined || p.namespace === namespace));
  const wrong = pool ? [] : [`Calico has no pool ${name}`];
  if (mine.length === 0) wrong.push(`no pod on the pod network${namespace ? ` in ${namespace}` : ''} to look at`);
  if (pool) {
    for (const p of mine) {
      for (const ip of p.ips.filter((x) => !cidrContains(pool.cidr, x))) {
        const other = pools.find((x) => cidrContains(x.cidr, ip));
        wrong.push(`${p.namespace}/${p.name} has ${ip}, ${other ? `from ${other.name}` : 'in no pool'}`);
      }
    }
  }
  return finding(
    [],
    wrong,
    `The lab promises every pod${namespace ? ` of ${namespace}` : ''} an address from the pool ${name}` +
      `${pool ? ` (${pool.cidr})` : ''}; ${wrong.join('; ') || 'all have'}. Check \`kubectl get pods -o wide\`.`,
    [
      poolsEvidence(pools),
      objectEvidence(
        'pods (namespace/name, node, addresses)',
        mine.map((p) => ({ pod: `${p.namespace}/${p.name}`, node: p.node, ips: p.ips })),
      ),
    ],
  );
}

/** The LoadBalancer Service's ingress addresses, each inside a block the load-balancer host holds. */
export function serviceIngressFromLoadBalancerBlock(
  service: string,
  ingress: string[],
  affinities: BlockAffinity[],
): Finding<string[]> {
  const lbBlocks = affinities.filter((a) => !a.deleted && a.node === LOAD_BALANCER_HOST);
  const wrong = ingress.length === 0 ? ['it has no ingress address (status.loadBalancer.ingress is empty)'] : [];
  for (const ip of ingress.filter((x) => !lbBlocks.some((a) => cidrContains(a.cidr, x))))
    wrong.push(`${ip} is in no block of ${LOAD_BALANCER_HOST}`);
  return finding(
    [],
    wrong,
    `The lab promises that Calico gives the LoadBalancer Service ${service} an address from the LoadBalancer ` +
      `pool's block (${lbBlocks.map((a) => a.cidr).join(', ') || 'none held'}); ${wrong.join('; ') || 'it does'}` +
      `${ingress.length ? ` (ingress ${ingress.join(', ')})` : ''}. Check \`kubectl get svc ${service}\`.`,
    [affinityEvidence(affinities), objectEvidence('status.loadBalancer.ingress', ingress)],
  );
}

/**
 * Every node holds at least one live block of the pool `name` (besides whatever else it holds): a pool a workload
 * asked for gives each node its pods run on a block of its own; what is wrong, per node.
 */
export function everyNodeHoldsBlockOfPool(
  nodes: string[],
  affinities: BlockAffinity[],
  pools: IpPool[],
  name: string,
): Finding<string[]> {
  const pool = pools.find((p) => p.name === name);
  const live = affinities.filter((a) => !a.deleted);
  const wrong: string[] = [];
  if (!pool) wrong.push(`Calico has no pool ${name}`);
  if (nodes.length === 0) wrong.push('no node to look at (the cluster lists none)');
  if (pool) {
    for (const n of nodes) {
      const ofPool = live.filter((a) => a.node === n && within(a.cidr, pool.cidr));
      if (ofPool.length === 0) wrong.push(`${n}: no block of ${name}`);
      for (const a of ofPool.filter((x) => prefixOf(x.cidr) !== pool.blockSize || !isNetworkAligned(x.cidr)))
        wrong.push(`${n}: ${a.cidr} is not a /${pool.blockSize} block of ${name}`);
    }
  }
  const held = live
    .filter((a) => nodes.includes(a.node))
    .map((a) => `${a.node} ${a.cidr}`)
    .join('; ');
  return finding(
    [],
    wrong,
    `The lab promises every node a block of the pool ${name}${pool ? ` (${pool.cidr})` : ''}; ` +
      `${wrong.join(', ') || 'each holds one'}. Nodes' affinities: ${held || 'none'}. Check \`${AFFINITIES}\`.`,
    [affinityEvidence(affinities), poolsEvidence(pools)],
  );
}
