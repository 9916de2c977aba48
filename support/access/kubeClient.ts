/** Connects to the target's Kubernetes API with @kubernetes/client-node. */
import { createHash } from 'node:crypto';
import { Agent as HttpsAgent } from 'node:https';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, DiscoveryV1Api, KubeConfig } from '@kubernetes/client-node';
import { LabgateError } from '../floor/errors.ts';
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
      `kubeconfig ${target.kubeconfigPath} cannot be read: ` +
        `${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      'deploy the lab, or point LABGATE_KUBECONFIG at its kubeconfig',
    );
  }
  if (!kc.getContextObject(target.context)) {
    const known =
      kc
        .getContexts()
        .map((c) => c.name)
        .join(', ') || 'none';
    throw new LabgateError(
      `context "${target.context}" is not in ${target.kubeconfigPath} (contexts: ${known})`,
      'set LABGATE_CONTEXT to one of them',
    );
  }
  kc.setCurrentContext(target.context);
  // keyed by what the connection trusts and presents too: labs sharing a cluster name share the kubeconfig's path
  const credentials = createHash('sha256')
    .update(JSON.stringify([kc.getCurrentCluster(), kc.getCurrentUser()]))
    .digest('hex');
  shareConnections(kc, `${target.kubeconfigPath}#${target.context}#${credentials}`);
  return kc;
}

const agents = new Map<string, HttpsAgent>();

/**
 * client-node makes a new https.Agent for every request, so every API read and every exec pays a full TLS
 * handshake on both ends. One keep-alive agent per kubeconfig and context instead: API reads reuse their
 * connections, and execs (WebSockets, a connection each) resume the TLS session.
 */
function shareConnections(kc: KubeConfig, key: string): void {
  const shared = (made: unknown): unknown => {
    if (!(made instanceof HttpsAgent)) return made; // plain HTTP or a proxy: left as client-node made it
    let agent = agents.get(key);
    if (!agent) {
      agent = new HttpsAgent({ ...made.options, keepAlive: true });
      agents.set(key, agent);
    }
    return agent;
  };
  const applyToContext = kc.applySecurityAuthentication.bind(kc);
  kc.applySecurityAuthentication = async (context) => {
    await applyToContext(context);
    context.setAgent(shared(context.getAgent()) as HttpsAgent);
  };
  const applyToOptions = kc.applyToHTTPSOptions.bind(kc);
  kc.applyToHTTPSOptions = async (opts) => {
    await applyToOptions(opts);
    opts.agent = shared(opts.agent) as HttpsAgent;
  };
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
