/** What a report's reader wants to know about the cluster under test: versions, proxy mode, network plugin. */
import { VersionApi } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { connectKube } from '../access/kubeClient.ts';
import type { Target } from '../lab/target.ts';

export interface LabFacts {
  'Kubernetes version': string;
  'kube-proxy mode': string;
  CNI: string;
}

const UNKNOWN = 'unknown';

/** Each fact is read on its own; one that cannot be read says why instead of failing the others. */
export async function readLabFacts(target: Target): Promise<LabFacts> {
  const kube = connectKube(target);
  const why = (err: unknown) => `${UNKNOWN} (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
  const version = kube.kc
    .makeApiClient(VersionApi)
    .getCode()
    .then((v) => v.gitVersion, why);
  const proxyMode = kube.core.readNamespacedConfigMap({ name: 'kube-proxy', namespace: 'kube-system' }).then((cm) => {
    const config = parseYaml(cm.data?.['config.conf'] ?? '') as { mode?: string } | null;
    return config?.mode || 'iptables (the default)';
  }, why);
  const cni = kube.custom
    .getClusterCustomObject({ group: 'operator.tigera.io', version: 'v1', plural: 'installations', name: 'default' })
    .then(
      (inst: { status?: { variant?: string; calicoVersion?: string } }) =>
        [inst.status?.variant ?? 'Calico', inst.status?.calicoVersion].filter(Boolean).join(' '),
      () => `${UNKNOWN} (no Tigera Installation)`,
    );
  return { 'Kubernetes version': await version, 'kube-proxy mode': await proxyMode, CNI: await cni };
}
