/** One API request as the server sees it (method, URL, route, verified user, verb) and the answers it sends. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ResourceInfo } from './resources.ts';
import { parseRoute, verbOf, type Route } from './routes.ts';
import { ApiError } from './status.ts';
import { ExecError } from './types.ts';

export interface RequestContext {
  method: string;
  url: URL;
  route: Route | undefined;
  user: string | null;
  verb: string;
}

/** Who the verified client certificate names, or null when there is none signed by the twin's CA. */
function verifiedUser(socket: TLSSocket): string | null {
  if (!socket.authorized) return null;
  const cn = socket.getPeerCertificate()?.subject?.CN;
  return typeof cn === 'string' ? cn : Array.isArray(cn) ? (cn[0] ?? '') : '';
}

export function describeRequest(req: IncomingMessage): RequestContext {
  const url = new URL(req.url ?? '/', 'https://twin.invalid');
  const route = parseRoute(url.pathname);
  const method = (req.method ?? 'GET').toUpperCase();
  return { method, url, route, user: verifiedUser(req.socket as TLSSocket), verb: verbOf(method, route, isWatch(url)) };
}

export function isWatch(url: URL): boolean {
  const watch = url.searchParams.get('watch');
  return watch === 'true' || watch === '1';
}

export function wantsTable(req: IncomingMessage): 'v1' | 'v1beta1' | undefined {
  const accept = req.headers.accept ?? '';
  for (const entry of accept.split(',')) {
    const params = entry.split(';').map((p) => p.trim());
    if (params.includes('as=Table') && params.includes('g=meta.k8s.io')) {
      return params.includes('v=v1beta1') ? 'v1beta1' : 'v1';
    }
  }
  return undefined;
}

export function acceptsJson(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  if (!accept) return true;
  return accept.split(',').some((entry) => {
    const type = entry.split(';')[0]!.trim();
    return type === 'application/json' || type === '*/*' || type === 'application/*';
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

export function sendText(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export function toApiError(err: unknown): ApiError {
  return err instanceof ApiError
    ? err
    : new ApiError('InternalError', err instanceof Error ? err.message : String(err));
}

export function execToApiError(err: unknown): never {
  if (err instanceof ExecError) throw new ApiError(err.reason, err.message);
  throw err;
}

export function notFoundPath(): never {
  throw new ApiError('NotFound', 'the server could not find the requested resource');
}

export function notAcceptable(req: IncomingMessage): ApiError {
  return new ApiError('NotAcceptable', `only application/json is served; Accept was "${req.headers.accept}"`);
}

export function methodNotAllowed(method: string, info?: ResourceInfo): ApiError {
  const what = info ? `${info.resource}${info.group ? `.${info.group}` : ''}` : 'this path';
  return new ApiError('MethodNotAllowed', `${method} is not allowed on ${what}: the twin's API is read-only`);
}
