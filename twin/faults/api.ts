/** Reads the twin's API the way a client does (over TLS with the twin's kubeconfig credentials), for bounded waits. */
import { request } from 'node:https';
import { LabgateError } from '../shared.ts';
import type { TwinState } from '../control/state.ts';

const API_TIMEOUT_MS = 5_000;
const POLL_MS = 250;

export function apiGet<T>(state: TwinState, path: string, method = 'GET'): Promise<T> {
  return apiRequest<T>(state, path, method);
}

/** A merge patch written through the API, as `kubectl patch --type merge` writes it; resolves with the object. */
export function apiMergePatch<T>(state: TwinState, path: string, patch: unknown): Promise<T> {
  return apiRequest<T>(state, path, 'PATCH', {
    type: 'application/merge-patch+json',
    text: JSON.stringify(patch),
  });
}

/** An object created through the API, as `kubectl create` writes it; resolves with the object. */
export function apiCreate<T>(state: TwinState, path: string, object: unknown): Promise<T> {
  return apiRequest<T>(state, path, 'POST', { type: 'application/json', text: JSON.stringify(object) });
}

async function apiRequest<T>(
  state: TwinState,
  path: string,
  method: string,
  body?: { type: string; text: string },
): Promise<T> {
  const pki = state.pki();
  const runtime = state.runtime();
  if (!pki || !runtime) throw new LabgateError('the twin control plane is not running', 'run `labgate twin up`');
  return new Promise<T>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: runtime.port,
        path,
        method,
        ca: pki.caPem,
        cert: pki.clientCertPem,
        key: pki.clientKeyPem,
        timeout: API_TIMEOUT_MS,
        ...(body ? { headers: { 'content-type': body.type, 'content-length': Buffer.byteLength(body.text) } } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode > 299)
            reject(new LabgateError(`the twin API answered ${res.statusCode} to ${method} ${path}`));
          else resolve(JSON.parse(text) as T);
        });
      },
    );
    req.on('error', (err) => reject(new LabgateError(`the twin API did not answer ${method} ${path}: ${err.message}`)));
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.end(body?.text);
  });
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes; `what` names the awaited state. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = ` (last error: ${(err as Error).message.split('\n')[0]})`;
    }
    if (Date.now() > deadline)
      throw new LabgateError(`the twin did not show ${what} within ${timeoutMs / 1000} s${lastError}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

interface PodItem {
  metadata: { name: string; namespace: string };
  spec: { nodeName?: string };
  status: { podIP?: string; conditions?: { type: string; status: string }[] };
}
interface SliceItem {
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[];
}

export async function apiPod(state: TwinState, namespace: string, name: string): Promise<PodItem | undefined> {
  const list = await apiGet<{ items: PodItem[] }>(state, `/api/v1/namespaces/${namespace}/pods`);
  return list.items.find((p) => p.metadata.name === name);
}

export function podReady(pod: PodItem | undefined): boolean {
  return pod?.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Addresses the Service's EndpointSlices list, with their ready condition. */
export async function sliceAddresses(
  state: TwinState,
  namespace: string,
  service: string,
): Promise<{ ip: string; ready: boolean }[]> {
  const selector = encodeURIComponent(`kubernetes.io/service-name=${service}`);
  const list = await apiGet<{ items: SliceItem[] }>(
    state,
    `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices?labelSelector=${selector}`,
  );
  return list.items.flatMap((s) =>
    (s.endpoints ?? []).flatMap((e) => e.addresses.map((ip) => ({ ip, ready: e.conditions?.ready !== false }))),
  );
}
