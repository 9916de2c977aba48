/** Connects to the target's Kubernetes API with @kubernetes/client-node. */
import { AppsV1Api, CoreV1Api, CustomObjectsApi, DiscoveryV1Api, KubeConfig } from '@kubernetes/client-node';
import { LabgateError } from '../errors.ts';
import type { Target } from '../lab/target.ts';

export interface KubeClients {
  kc: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  discovery: DiscoveryV1Api;
  custom: CustomObjectsApi;
}

export function loadKubeConfig(target: Target): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(target.kubeconfigPath);
  } catch (err) {
    throw new LabgateError(
      `kubeconfig ${target.kubeconfigPath} cannot be read: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      'deploy the lab, or point LABGATE_KUBECONFIG at its kubeconfig',
    );
  }
  if (!kc.getContextObject(target.context)) {
    const known = kc.getContexts().map((c) => c.name).join(', ') || 'none';
    throw new LabgateError(
      `context "${target.context}" is not in ${target.kubeconfigPath} (contexts: ${known})`,
      'set LABGATE_CONTEXT to one of them',
    );
  }
  kc.setCurrentContext(target.context);
  return kc;
}

export function connectKube(target: Target): KubeClients {
  const kc = loadKubeConfig(target);
  return {
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    discovery: kc.makeApiClient(DiscoveryV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
  };
}

/** HTTP status of a client-node ApiException, if it is one. */
export function apiStatus(err: unknown): number | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}
