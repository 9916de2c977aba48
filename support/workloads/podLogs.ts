/** A container's log, read until it shows what the step waits for (bounded), as `kubectl logs` would show it. */
import type { KubeClients } from '../access/kubeClient.ts';
import { podLog } from '../access/kubeQueries.ts';
import { settleBound, waitUntil } from '../floor/wait.ts';

/** Start-up lines (a replica's first sync) appear within this time after the pod is Ready. */
export const LOG_SETTLE_TIMEOUT_MS = 30_000;

export async function logUntil(
  k: KubeClients,
  pod: string,
  namespace: string,
  container: string,
  done: (log: string) => boolean,
  timeoutMs = settleBound(LOG_SETTLE_TIMEOUT_MS),
): Promise<string> {
  return (await waitUntil(() => podLog(k, pod, namespace, container), done, timeoutMs)).value;
}
