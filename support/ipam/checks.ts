/** Lab 01's promises about Calico IPAM, checked over the model computed from the cluster's objects. */
import { finding, objectEvidence, textEvidence, type Evidence, type Finding } from '../floor/finding.ts';
import { cidrContains, cidrSize, isNetworkAligned, overlaps, prefixOf, within } from '../floor/address.ts';
import type { BlockAffinity, IpPool, PodAddress } from './model.ts';
import { renderIpamPicture, type IpamPicture } from './picture.ts';

const AFFINITIES = 'kubectl get blockaffinities -o yaml';

function affinityEvidence(affinities: BlockAffinity[]): Evidence {
  return objectEvidence('block affinities (node, cidr, state, deleted)', affinities);
}

function mapping(affinities: BlockAffinity[]): string {
  return (
    affinities
      .map((a) => `${a.node} ${a.cidr}${a.state === 'confirmed' ? '' : ` (${a.state || 'no state'})`}`)
      .join('; ') || 'none'
  );
}

export function ipamPoolPicture(
  labCidr: string,
  picture: IpamPicture,
): Finding<{ cidr: string | null; total: number | null; addressesOutsidePools: string[] }> {
  const pool = picture.pools.find((p) => p.cidr === labCidr) ?? picture.pools[0];
  const observed = {
    cidr: pool?.cidr ?? null,
    total: pool?.total ?? null,
    addressesOutsidePools: picture.outsidePools.map((h) => `${h.ip} (${h.holder})`).sort(),
  };
  const poolSeen = pool
    ? `the pool is ${pool.cidr} with ${pool.total} addresses, ${pool.inUse} in use and ${pool.free} free`
    : 'there is no IP pool';
  const outside = observed.addressesOutsidePools.length
    ? `, and these addresses are in no pool: ${observed.addressesOutsidePools.join(', ')}`
    : '';
  return finding(
    { cidr: labCidr, total: cidrSize(labCidr), addressesOutsidePools: [] },
    observed,
    `The lab promises one IP pool ${labCidr} of ${cidrSize(labCidr)} addresses, from which every pod address ` +
      `comes; ${poolSeen}${outside}. ` +
      `Check \`calicoctl ipam show\` and \`kubectl get ippools -o yaml\`.`,
    [
      textEvidence(
        'IPAM picture computed from the cluster (pools, blocks, addresses in use)',
        renderIpamPicture(picture),
      ),
    ],
  );
}

/** Nodes without a live block affinity; with `exactlyOne`, also nodes with more than one. */
export function everyNodeHasBlock(
  nodes: string[],
  affinities: BlockAffinity[],
  opts: { exactlyOne?: boolean } = {},
): Finding<string[]> {
  const live = affinities.filter((a) => !a.deleted);
  const perNode = nodes.flatMap((n) => {
    const count = live.filter((a) => a.node === n).length;
    if (count === 0) return [`${n}: no block`];
    if (opts.exactlyOne && count > 1) return [`${n}: ${count} blocks`];
    return [];
  });
  const wrong = nodes.length ? perNode : ['no node to look at (the cluster lists none)'];
  return finding(
    [],
    wrong,
    `The lab promises that Calico gives every node ${opts.exactlyOne ? 'one block' : 'at least one block'} of ` +
      `addresses (a BlockAffinity per node); ${wrong.join(', ') || 'every node has its block'}. Affinities: ` +
      `${mapping(live)}. Check \`${AFFINITIES}\` and calico-node on those nodes.`,
    [affinityEvidence(affinities)],
  );
}

export function blocksAreBlocksOfPool(affinities: BlockAffinity[], pools: IpPool[]): Finding<string[]> {
  const live = affinities.filter((a) => !a.deleted);
  const wrong = live.length ? [] : ['no live block affinity to look at'];
  wrong.push(
    ...live.flatMap((a) => {
      const pool = pools.find((p) => within(a.cidr, p.cidr));
      if (!pool) return [`${a.cidr} (${a.node}) is in no pool (${pools.map((p) => p.cidr).join(', ') || 'none'})`];
      const problems: string[] = [];
      if (prefixOf(a.cidr) !== pool.blockSize)
        problems.push(`${a.cidr} (${a.node}) is a /${prefixOf(a.cidr)}, the pool's blocks are /${pool.blockSize}`);
      if (!isNetworkAligned(a.cidr)) problems.push(`${a.cidr} (${a.node}) does not start on a block boundary`);
      return problems;
    }),
  );
  return finding(
    [],
    wrong,
    `The lab promises that each node's block is a /${pools[0]?.blockSize ?? '?'} carved out of the pool ` +
      `${pools.map((p) => p.cidr).join(', ') || '(none)'}; ${wrong.join('; ') || 'all are'}. Check ` +
      `\`${AFFINITIES}\` and the pool's blockSize (\`kubectl get ippools -o yaml\`).`,
    [affinityEvidence(affinities), objectEvidence('IP pools', pools)],
  );
}

export function blocksConfirmed(affinities: BlockAffinity[]): Finding<string[]> {
  const wrong = affinities.length ? [] : ['no block affinity to look at'];
  wrong.push(
    ...affinities
      .filter((a) => a.state !== 'confirmed' || a.deleted)
      .map((a) => `${a.cidr} (${a.node}): state ${a.state || 'unset'}${a.deleted ? ', marked deleted' : ''}`),
  );
  return finding(
    [],
    wrong,
    `The lab promises every block affinity is confirmed and not marked deleted; ` +
      `${wrong.join('; ') || 'all are'}. Check \`${AFFINITIES}\` (spec.state, spec.deleted) and the calico-node ` +
      `logs.`,
    [affinityEvidence(affinities)],
  );
}

/** Blocks held by more than one node, and distinct blocks that overlap. */
export function noBlockShared(affinities: BlockAffinity[]): Finding<string[]> {
  const live = affinities.filter((a) => !a.deleted);
  const wrong: string[] = live.length ? [] : ['no live block affinity to look at'];
  for (let i = 0; i < live.length; i += 1) {
    for (let j = i + 1; j < live.length; j += 1) {
      const [a, b] = [live[i]!, live[j]!];
      if (a.node === b.node) continue;
      if (a.cidr === b.cidr) wrong.push(`${a.cidr} is held by ${a.node} and ${b.node}`);
      else if (overlaps(a.cidr, b.cidr)) wrong.push(`${a.cidr} (${a.node}) overlaps ${b.cidr} (${b.node})`);
    }
  }
  return finding(
    [],
    wrong,
    `The lab promises that no two nodes share a block: each block belongs to one node; ` +
      `${wrong.join('; ') || 'none is shared'}. Affinities: ${mapping(live)}. Check \`${AFFINITIES}\`.`,
    [affinityEvidence(affinities)],
  );
}

/** Pods (not host-network) whose address is in none of their own node's blocks, saying whose block it is in. */
export function podsInsideTheirNodeBlocks(pods: PodAddress[], affinities: BlockAffinity[]): Finding<string[]> {
  const live = affinities.filter((a) => !a.deleted);
  const onPodNetwork = pods.filter((p) => !p.hostNetwork && p.ips.length > 0);
  const wrong = onPodNetwork.length ? [] : ['no pod on the pod network with an address to look at'];
  wrong.push(
    ...pods
      .filter((p) => !p.hostNetwork)
      .flatMap((p) =>
        p.ips.flatMap((ip) => {
          if (live.some((a) => a.node === p.node && cidrContains(a.cidr, ip))) return [];
          const other = live.find((a) => cidrContains(a.cidr, ip));
          return [
            `${p.namespace}/${p.name} on ${p.node} has ${ip}, ` +
              `${other ? `in ${other.cidr} of ${other.node}` : "in no node's block"}`,
          ];
        }),
      ),
  );
  return finding(
    [],
    wrong,
    `The lab promises that every pod takes its address from a block of its own node; ` +
      `${wrong.join('; ') || 'all do'}. Affinities: ${mapping(live)}. Check \`kubectl get pods -A -o wide\` ` +
      `against \`${AFFINITIES}\`.`,
    [
      affinityEvidence(affinities),
      objectEvidence(
        'pods (node, addresses)',
        pods.filter((p) => !p.hostNetwork).map((p) => ({ pod: `${p.namespace}/${p.name}`, node: p.node, ips: p.ips })),
      ),
    ],
  );
}
