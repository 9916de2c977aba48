/** Calico's objects as the API serves them: IP pools and block affinities (crd.projectcalico.org/v1). */
import { apiStatus, type KubeClients } from '../access/kubeClient.ts';

const CALICO_CRD = { group: 'crd.projectcalico.org', version: 'v1' } as const;

/** Every object of a cluster-scoped Calico CRD; none when the CRD is not installed. */
async function listCalico(k: KubeClients, plural: 'ippools' | 'blockaffinities'): Promise<unknown[]> {
  try {
    const list = (await k.custom.listClusterCustomObject({ ...CALICO_CRD, plural })) as { items?: unknown[] };
    return list.items ?? [];
  } catch (err) {
    if (apiStatus(err) === 404) return [];
    throw err;
  }
}

/** The Tigera operator's Installation is named default in every lab. */
export const CALICO_INSTALLATION = 'default';

export function listBlockAffinityObjects(k: KubeClients): Promise<unknown[]> {
  return listCalico(k, 'blockaffinities');
}

export function listIpPoolObjects(k: KubeClients): Promise<unknown[]> {
  return listCalico(k, 'ippools');
}

/** Every pod of every namespace: IPAM counts them all, whichever namespace the lab uses. */
export async function listAllPods(k: KubeClients): Promise<unknown[]> {
  return (await k.core.listPodForAllNamespaces()).items;
}
