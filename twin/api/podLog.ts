/**
 * Pod logs (GET /api/v1/namespaces/{ns}/pods/{name}/log), as kube-apiserver answers them: the request
 * checked (pod, container, tailLines, limitBytes), the text served as text/plain. The source reads the log.
 */
import { ApiError, notFound } from './status.ts';
import type { ClusterSnapshot, KubeObject, PodLogRequest } from './types.ts';

export type { PodLogRequest } from './types.ts';

function containerNames(pod: KubeObject): string[] {
  const spec = pod.spec as { containers?: Array<{ name?: string }> } | undefined;
  return (spec?.containers ?? []).map((c) => c.name ?? '').filter(Boolean);
}

function nonNegativeInt(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw))
    throw new ApiError('BadRequest', `${name}: invalid value "${raw}": must be a non-negative integer`);
  return Number(raw);
}

/** Validates a log request the way kube-apiserver does: the pod exists, the container is one of its own. */
export function checkLogRequest(
  snapshot: ClusterSnapshot,
  namespace: string,
  podName: string,
  query: URLSearchParams,
): PodLogRequest {
  const pod = snapshot.objects.find(
    (o) =>
      o.apiVersion === 'v1' && o.kind === 'Pod' && o.metadata.namespace === namespace && o.metadata.name === podName,
  );
  if (!pod) throw notFound('pods', podName);
  const containers = containerNames(pod);
  const asked = query.get('container') || undefined;
  if (asked === undefined && containers.length > 1) {
    throw new ApiError(
      'BadRequest',
      `a container name must be specified for pod ${podName}, choose one of: [${containers.join(' ')}]`,
    );
  }
  if (asked !== undefined && !containers.includes(asked))
    throw new ApiError('BadRequest', `container ${asked} is not valid for pod ${podName}`);
  const tailLines = nonNegativeInt(query, 'tailLines');
  const limitBytes = nonNegativeInt(query, 'limitBytes');
  return {
    namespace,
    pod: podName,
    container: asked ?? containers[0] ?? '',
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
  };
}

/** The part of a container log the request asks for: the last tailLines lines, then at most limitBytes. */
export function selectLog(text: string, req: Pick<PodLogRequest, 'tailLines' | 'limitBytes'>): string {
  let out = text;
  if (req.tailLines !== undefined) {
    const lines = out.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    out =
      req.tailLines === 0
        ? ''
        : lines
            .slice(-req.tailLines)
            .map((l) => `${l}\n`)
            .join('');
  }
  if (req.limitBytes !== undefined) out = Buffer.from(out, 'utf8').subarray(0, req.limitBytes).toString('utf8');
  return out;
}
