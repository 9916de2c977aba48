/**
 * What a workload's rollout promises, as findings: the rollout complete within its bound, every pod re-created (a
 * new name on each node it ran on), and each new pod's address from the pool its `ipv4pools` annotation names.
 */
import { cidrContains } from '../floor/address.ts';
import { finding, objectEvidence, type Finding } from '../floor/finding.ts';
import type { IpPool } from '../ipam/model.ts';
import type { RolloutWait } from './rollout.ts';

export const IPV4_POOLS = 'cni.projectcalico.org/ipv4pools';

/** The rollout finished: '' is what `kubectl rollout status` would say is left to wait for. */
function notRolled(wait: RolloutWait, bound: number): string {
  return wait.stalledSeconds === undefined
    ? `did not roll out within ${bound} s`
    : `stopped rolling out (no progress in ${wait.stalledSeconds} s, of the ${bound} s allowed)`;
}

export function rolledOut(workload: string, wait: RolloutWait, bound: number): Finding<string> {
  const s = wait.state;
  return finding(
    '',
    wait.progress,
    wait.progress === ''
      ? `${workload} rolled out in ${wait.seconds} s: ${s.updated} of ${s.desired} pods updated and available`
      : `${workload} ${notRolled(wait, bound)}: ${wait.progress} (generation ${s.generation}, observed ` +
          `${s.observedGeneration}). Check \`kubectl rollout status ${workload}\`.`,
    [objectEvidence('rollout status', s)],
  );
}

export interface NodePod {
  name: string;
  node: string;
}

/** Every node that ran a pod before the change runs one pod now, none of them a pod from before. */
export function podsReplaced(workload: string, before: NodePod[], after: NodePod[]): Finding<string[]> {
  const wrong: string[] = [];
  if (before.length === 0) wrong.push('it had no pod before the change');
  for (const node of [...new Set(before.map((p) => p.node))].sort()) {
    const now = after.filter((p) => p.node === node);
    if (now.length !== 1) wrong.push(`${node}: ${now.length} pods (${now.map((p) => p.name).join(', ') || 'none'})`);
    for (const p of now.filter((x) => before.some((b) => b.name === x.name)))
      wrong.push(`${node}: ${p.name} is still the pod from before the change`);
  }
  return finding(
    [],
    wrong,
    `The lab promises ${workload}'s pods re-created after the change, one on each node; ` +
      `${wrong.join('; ') || 'they are'} (before: ${before.map((p) => p.name).join(', ') || 'none'}; now: ` +
      `${after.map((p) => p.name).join(', ') || 'none'}). Check \`kubectl get pods -o wide\`.`,
    [objectEvidence('pods before and after (name, node)', { before, after })],
  );
}

export interface AnnotatedPod {
  name: string;
  ip: string;
  /** the pod's cni.projectcalico.org/ipv4pools annotation, if any */
  ipv4pools?: string;
}

function poolsNamed(annotation: string | undefined, pools: IpPool[]): { pools: IpPool[]; problem?: string } {
  if (annotation === undefined) return { pools: [], problem: `has no ${IPV4_POOLS} annotation` };
  let names: unknown;
  try {
    names = JSON.parse(annotation);
  } catch {
    return { pools: [], problem: `has an ipv4pools annotation that is not JSON (${annotation})` };
  }
  if (!Array.isArray(names))
    return { pools: [], problem: `has an ipv4pools annotation that is no list (${annotation})` };
  const found = pools.filter((p) => names.includes(p.name) || names.includes(p.cidr));
  return found.length > 0 ? { pools: found } : { pools: [], problem: `names no pool Calico has (${annotation})` };
}

/** Each pod's address lies in one of the pools its ipv4pools annotation names (by name or CIDR). */
export function podsInAnnotatedPools(workload: string, pods: AnnotatedPod[], pools: IpPool[]): Finding<string[]> {
  const wrong: string[] = [];
  if (pods.length === 0) wrong.push(`${workload} has no pod`);
  for (const p of pods) {
    const named = poolsNamed(p.ipv4pools, pools);
    if (named.problem) {
      wrong.push(`${p.name} ${named.problem}`);
      continue;
    }
    if (!p.ip) wrong.push(`${p.name} has no address`);
    else if (!named.pools.some((x) => cidrContains(x.cidr, p.ip))) {
      const from = pools.find((x) => cidrContains(x.cidr, p.ip));
      wrong.push(
        `${p.name} has ${p.ip}, ${from ? `from ${from.name}` : 'in no pool'}, not from ` +
          `${named.pools.map((x) => `${x.name} (${x.cidr})`).join(' or ')}`,
      );
    }
  }
  return finding(
    [],
    wrong,
    `The lab promises ${workload}'s pods addresses from the pool their ${IPV4_POOLS} annotation names; ` +
      `${wrong.join('; ') || `all have (${pods.map((p) => `${p.name} ${p.ip}`).join(', ')})`}. ` +
      'Check `kubectl get pods -o wide` and `kubectl get ippools`.',
    [
      objectEvidence('pods (name, address, ipv4pools)', pods),
      objectEvidence(
        'IP pools (name, cidr)',
        pools.map((p) => ({ name: p.name, cidr: p.cidr })),
      ),
    ],
  );
}
