/** Nodes and the Calico Installation as the API serves them: node readiness, the Installation's IP pools. */
import type { V1Node } from '@kubernetes/client-node';
import type { CustomObject } from '../access/kubeQueries.ts';

export function nodeIsReady(n: V1Node): boolean {
  return (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

export interface IpPool {
  cidr: string;
  blockSize: number;
}

export function installationIpPools(obj: CustomObject | undefined): IpPool[] {
  const spec = obj?.spec as { calicoNetwork?: { ipPools?: { cidr?: string; blockSize?: number }[] } } | undefined;
  return (spec?.calicoNetwork?.ipPools ?? []).map((p) => ({ cidr: p.cidr ?? '', blockSize: p.blockSize ?? 26 }));
}
