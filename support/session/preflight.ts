/**
 * Checks that the target can be tested at all, turning each kind of bad input into one line:
 * kubeconfig missing, unknown context, API unreachable, TLS or credentials refused, Docker missing or
 * down, a lab node container missing.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { LabgateError } from '../floor/errors.ts';
import { loadKubeConfig } from '../access/kubeClient.ts';
import { listNodeContainers, type NodeContainerInventory } from '../cluster/containers.ts';
import { runHost } from '../access/nodeRunner.ts';
import type { Target } from '../lab/target.ts';

export const API_PROBE_TIMEOUT_MS = 5_000;

export interface PreflightReport {
  apiServer: string;
  dockerVersion: string;
  nodeContainers: string[];
  /** the lab's node containers as listed (the session reuses it) */
  inventory: NodeContainerInventory;
  /** lab faults seen on the way, left for the scenarios to report */
  warnings: string[];
}

export async function preflight(target: Target): Promise<PreflightReport> {
  if (!existsSync(target.kubeconfigPath)) {
    throw new LabgateError(
      `kubeconfig ${target.kubeconfigPath} does not exist`,
      'deploy the lab first, or point LABGATE_KUBECONFIG at its kubeconfig',
    );
  }
  const kc = loadKubeConfig(target);
  const server = kc.getCurrentCluster()?.server;
  if (!server)
    throw new LabgateError(`context "${target.context}" names no cluster server`, `check ${target.kubeconfigPath}`);
  // the three are asked side by side; their problems are reported in this order (API, Docker, containers)
  const api = probeApi(kc, server);
  const docker = checkDocker();
  const listed = listNodeContainers(target.clusterName, target.topologyFile);
  for (const p of [api, docker, listed]) p.catch(() => undefined);
  const nodeNames = await api;
  const dockerVersion = await docker;
  const inventory = await listed;
  const { containers: nodeContainers, warnings } = checkNodeContainers(target, nodeNames, inventory);
  return { apiServer: server, dockerVersion, nodeContainers, inventory, warnings };
}

type ApiAnswer = { status: number; body: string };

/** Lists the nodes with a plain request so that a dead endpoint fails within API_PROBE_TIMEOUT_MS. */
async function probeApi(kc: KubeConfig, server: string): Promise<string[]> {
  const url = new URL('/api/v1/nodes', server);
  let answer: ApiAnswer;
  try {
    answer = await getWithTimeout(kc, url, API_PROBE_TIMEOUT_MS);
  } catch (err) {
    throw apiError(err, server);
  }
  if (answer.status === 401 || answer.status === 403) {
    throw new LabgateError(
      `the Kubernetes API at ${server} refused the kubeconfig's credentials (HTTP ${answer.status})`,
      'the kubeconfig is stale or belongs to another cluster; re-export it from the lab',
    );
  }
  if (answer.status < 200 || answer.status >= 300) {
    throw new LabgateError(
      `the Kubernetes API at ${server} answered HTTP ${answer.status} to a node list`,
      'check the API server',
    );
  }
  try {
    const list = JSON.parse(answer.body) as { items?: { metadata?: { name?: string } }[] };
    return (list.items ?? []).map((n) => n.metadata?.name ?? '').filter((n) => n.length > 0);
  } catch {
    throw new LabgateError(
      `the Kubernetes API at ${server} did not answer JSON`,
      'is the kubeconfig pointing at a Kubernetes API server?',
    );
  }
}

async function getWithTimeout(kc: KubeConfig, url: URL, timeoutMs: number): Promise<ApiAnswer> {
  const opts: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  const lib = url.protocol === 'http:' ? http : https;
  return new Promise<ApiAnswer>((resolve, reject) => {
    const req = lib.request(url, { ...opts, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_SSL|EPROTO|ERR_TLS|HOSTNAME_MISMATCH/;

export function apiError(err: unknown, server: string): LabgateError {
  const code = String((err as { code?: unknown })?.code ?? '');
  const message = err instanceof Error ? err.message : String(err);
  if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test(message)) {
    return new LabgateError(
      `TLS to the Kubernetes API at ${server} was refused (${code || message})`,
      "the kubeconfig's CA or client certificate does not match this API server; re-export the kubeconfig",
    );
  }
  const seconds = API_PROBE_TIMEOUT_MS / 1000;
  const why = code === 'ETIMEDOUT' ? `no answer within ${seconds} s` : code || message;
  return new LabgateError(
    `the Kubernetes API at ${server} is unreachable (${why})`,
    "is the lab running? check `docker ps` and the kubeconfig's server address",
  );
}

async function checkDocker(): Promise<string> {
  const r = await runHost(['docker', 'version', '--format', '{{.Server.Version}}']);
  if (r.spawnError)
    throw new LabgateError(
      'the docker CLI is not installed (or not on PATH)',
      'labgate reads lab nodes with `docker exec`; install the Docker CLI',
    );
  if (r.exitCode !== 0 || r.timedOut) {
    const detail = r.stderr.trim().split('\n')[0] ?? '';
    throw new LabgateError(
      `the Docker engine is not answering${detail ? ` (${detail})` : ''}`,
      'start Docker, or check that you may use its socket',
    );
  }
  return r.stdout.trim();
}

/**
 * No container at all for the cluster means labgate is pointed at the wrong place: stop. One node stopped or
 * gone is a lab fault: the topology scenarios report it in the lab's words, so the run goes on.
 */
function checkNodeContainers(
  target: Target,
  nodeNames: string[],
  inventory: NodeContainerInventory,
): { containers: string[]; warnings: string[] } {
  if (inventory.containers.length === 0) {
    throw new LabgateError(
      `no lab node container found for the Kubernetes nodes ${nodeNames.join(', ')} (looked for Docker ` +
        `containers labelled io.x-k8s.kind.cluster=${target.clusterName})`,
      'set LABGATE_CLUSTER if the Kind cluster has another name, or check `docker ps -a`',
    );
  }
  const byName = new Map(inventory.containers.map((c) => [c.name, c]));
  const warnings: string[] = [];
  for (const node of nodeNames) {
    const c = byName.get(node);
    if (!c) warnings.push(`Kubernetes node ${node} has no lab node container; the scenarios that need it will fail`);
    else if (c.state !== 'running')
      warnings.push(`lab node container ${node} is ${c.state || 'not running'}; the scenarios that need it will fail`);
  }
  return { containers: inventory.containers.map((c) => c.name), warnings };
}
