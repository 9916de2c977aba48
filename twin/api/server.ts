/**
 * The twin's Kubernetes API endpoint: HTTPS with client-certificate authentication, a read-only
 * API over the control plane's snapshot, and pod exec over WebSocket.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer } from 'ws';
import { LabgateError } from '../shared.ts';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './discovery.ts';
import { checkExecRequest, chooseExecProtocol, runExecSession } from './exec.ts';
import { checkLogRequest, selectLog } from './podLog.ts';
import { checkSpdyProtocol, isSpdyUpgrade, runSpdyExecSession } from './spdy.ts';
import { createRequestLogger, queryRecord, type RequestLogger } from './requestLog.ts';
import { findResource, groupVersionString, objectsOf, servedResources, type ResourceInfo } from './resources.ts';
import { parseRoute, verbOf, type ResourceRoute, type Route } from './routes.ts';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors.ts';
import { ApiError, notFound } from './status.ts';
import { toTable, type IncludeObject } from './tables.ts';
import {
  ExecError,
  type ApiServerOptions,
  type ClusterSnapshot,
  type ClusterSource,
  type KubeObject,
} from './types.ts';

export interface RunningApiServer {
  port: number;
  close(): Promise<void>;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz']);

interface RequestContext {
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

function describeRequest(req: IncomingMessage): RequestContext {
  const url = new URL(req.url ?? '/', 'https://twin.invalid');
  const route = parseRoute(url.pathname);
  const method = (req.method ?? 'GET').toUpperCase();
  return { method, url, route, user: verifiedUser(req.socket as TLSSocket), verb: verbOf(method, route, isWatch(url)) };
}

function isWatch(url: URL): boolean {
  const watch = url.searchParams.get('watch');
  return watch === 'true' || watch === '1';
}

function wantsTable(req: IncomingMessage): 'v1' | 'v1beta1' | undefined {
  const accept = req.headers.accept ?? '';
  for (const entry of accept.split(',')) {
    const params = entry.split(';').map((p) => p.trim());
    if (params.includes('as=Table') && params.includes('g=meta.k8s.io')) {
      return params.includes('v=v1beta1') ? 'v1beta1' : 'v1';
    }
  }
  return undefined;
}

function acceptsJson(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  if (!accept) return true;
  return accept.split(',').some((entry) => {
    const type = entry.split(';')[0]!.trim();
    return type === 'application/json' || type === '*/*' || type === 'application/*';
  });
}

export async function startApiServer(source: ClusterSource, opts: ApiServerOptions): Promise<RunningApiServer> {
  const log = createRequestLogger(opts.requestLogPath);
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => chooseExecProtocol([...offered].join(',')) ?? false,
  });
  let serverAddress = `${opts.host}:${opts.port}`;

  const server: Server = createServer(
    {
      key: opts.tls.keyPem,
      cert: opts.tls.certPem,
      ca: opts.tls.caPem,
      requestCert: true,
      rejectUnauthorized: false, // refuse unsigned clients with a Status body instead of a TLS alert
    },
    (req, res) => {
      void handleRequest(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, new ApiError('InternalError', String(err)).toStatus());
        else res.destroy();
      });
    },
  );

  function finish(ctx: RequestContext, status: number): void {
    log({
      method: ctx.method,
      path: ctx.url.pathname,
      query: queryRecord(ctx.url.searchParams),
      status,
      user: ctx.user,
      verb: ctx.verb,
    });
  }

  function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': contentType,
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-cache, private',
    });
    res.end(res.req.method === 'HEAD' ? undefined : text);
  }

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ctx = describeRequest(req);
    let status = 200;
    try {
      const body = await answer(req, ctx);
      if (typeof body === 'string') {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      } else {
        sendJson(res, 200, body);
      }
    } catch (err) {
      const apiError =
        err instanceof ApiError ? err : new ApiError('InternalError', err instanceof Error ? err.message : String(err));
      status = apiError.code;
      sendJson(res, status, apiError.toStatus());
    } finally {
      finish(ctx, status);
    }
  }

  async function answer(req: IncomingMessage, ctx: RequestContext): Promise<unknown> {
    if (ctx.user === null) throw new ApiError('Unauthorized', 'Unauthorized');
    const route = ctx.route;
    if (!route) throw new ApiError('NotFound', 'the server could not find the requested resource');
    if (route.type === 'resource') return answerResource(req, ctx, route);
    if (WRITE_METHODS.has(ctx.method)) throw methodNotAllowed(ctx.method);
    if (!acceptsJson(req))
      throw new ApiError('NotAcceptable', `only application/json is served; Accept was "${req.headers.accept}"`);
    const snapshot = await source.snapshot();
    const served = servedResources(snapshot.objects);
    switch (route.type) {
      case 'coreVersions':
        return apiVersions(serverAddress);
      case 'groupList':
        return apiGroupList(served);
      case 'group':
        return apiGroup(served, route.group) ?? notFoundPath();
      case 'resourceList':
        return apiResourceList(served, route.group, route.version) ?? notFoundPath();
      case 'nonResource':
        if (route.path === '/version') {
          return {
            ...opts.version,
            gitCommit: '',
            gitTreeState: 'clean',
            buildDate: '',
            goVersion: '',
            compiler: 'gc',
            platform: 'linux/amd64',
          };
        }
        if (HEALTH_PATHS.has(route.path)) return 'ok';
        return notFoundPath();
    }
  }

  async function answerResource(req: IncomingMessage, ctx: RequestContext, route: ResourceRoute): Promise<unknown> {
    const snapshot = await source.snapshot();
    const info = resolveResource(snapshot, route);
    if (route.subresource === 'exec' && info.group === '' && info.resource === 'pods' && route.namespace) {
      checkExecRequest(snapshot, route.namespace, route.name!, ctx.url.searchParams);
      throw new ApiError('BadRequest', 'Upgrade request required');
    }
    if (WRITE_METHODS.has(ctx.method)) throw methodNotAllowed(ctx.method, info);
    if (route.subresource === 'log' && info.group === '' && info.resource === 'pods' && route.namespace && route.name) {
      const logReq = checkLogRequest(snapshot, route.namespace, route.name, ctx.url.searchParams);
      if (!source.logs) throw notFoundPath();
      return selectLog(await source.logs(logReq).catch(execToApiError), logReq);
    }
    if (!acceptsJson(req) && !wantsTable(req)) {
      throw new ApiError('NotAcceptable', `only application/json is served; Accept was "${req.headers.accept}"`);
    }
    if (isWatch(ctx.url)) throw new ApiError('BadRequest', 'watch is not supported by the twin');
    if (route.subresource !== undefined && route.subresource !== 'status') throw notFoundPath();

    const labels = parseLabelSelector(ctx.url.searchParams.get('labelSelector') ?? '');
    const fields = parseFieldSelector(ctx.url.searchParams.get('fieldSelector') ?? '');
    let objects = objectsOf(snapshot.objects, info);
    if (route.namespace !== undefined) objects = objects.filter((o) => o.metadata.namespace === route.namespace);
    const table = wantsTable(req);
    const include = (ctx.url.searchParams.get('includeObject') as IncludeObject | null) ?? 'Metadata';
    const apiVersion = groupVersionString(info.group, info.version);

    if (route.name !== undefined) {
      const obj = objects.find((o) => o.metadata.name === route.name);
      if (!obj) throw notFound(info.resource, route.name, info.group);
      if (table) return tableOf([obj]);
      return obj;
    }
    objects = objects
      .filter((o) => matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o))
      .sort(byNamespaceThenName);
    if (table) return tableOf(objects);
    return {
      apiVersion,
      kind: `${info.kind}List`,
      metadata: { resourceVersion: snapshot.resourceVersion },
      items: objects,
    };

    function tableOf(rows: KubeObject[]) {
      const t = toTable(apiVersion, info.kind, rows, { resourceVersion: snapshot.resourceVersion, include });
      return table === 'v1beta1' ? { ...t, apiVersion: 'meta.k8s.io/v1beta1' } : t;
    }
  }

  /** The resource a path names, or the NotFound kube-apiserver gives for an unserved one. */
  function resolveResource(snapshot: ClusterSnapshot, route: ResourceRoute): ResourceInfo {
    const served = servedResources(snapshot.objects);
    const info = findResource(served, route.group, route.version, route.resource);
    if (!info) throw notFoundPath();
    if (route.namespace !== undefined && !info.namespaced) throw notFoundPath();
    if (route.namespace === undefined && info.namespaced && route.name !== undefined) throw notFoundPath();
    return info;
  }

  const upgradedSockets = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgradedSockets.add(socket);
    socket.once('close', () => upgradedSockets.delete(socket));
    void handleUpgrade(req, socket, head).catch(() => socket.destroy());
  });

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const ctx = describeRequest(req);
    try {
      if (ctx.user === null) throw new ApiError('Unauthorized', 'Unauthorized');
      const route = ctx.route;
      const snapshot = await source.snapshot();
      const isExec =
        route?.type === 'resource' && route.subresource === 'exec' && route.group === '' && route.resource === 'pods';
      if (!isExec || !route.namespace || route.name === undefined) throw notFoundPath();
      const params = checkExecRequest(snapshot, route.namespace, route.name, ctx.url.searchParams);
      if (isSpdyUpgrade(req)) {
        checkSpdyProtocol(req);
        finish(ctx, 101);
        void runSpdyExecSession(socket, head, source, params);
        return;
      }
      const upgrade = (req.headers.upgrade ?? '').toLowerCase();
      if (upgrade !== 'websocket') {
        throw new ApiError(
          'BadRequest',
          `upgrade to ${req.headers.upgrade} is not supported by the twin; exec speaks WebSocket (v5/v4.channel.k8s.io) and SPDY/3.1`,
        );
      }
      const protocol = chooseExecProtocol(req.headers['sec-websocket-protocol']);
      if (!protocol)
        throw new ApiError(
          'BadRequest',
          'unable to upgrade connection: no supported subprotocol offered (v5.channel.k8s.io, v4.channel.k8s.io)',
        );
      wss.handleUpgrade(req, socket, head, (ws) => {
        finish(ctx, 101);
        void runExecSession(ws, protocol, source, params);
      });
    } catch (err) {
      const apiError =
        err instanceof ApiError ? err : new ApiError('InternalError', err instanceof Error ? err.message : String(err));
      const body = JSON.stringify(apiError.toStatus());
      socket.end(
        `HTTP/1.1 ${apiError.code} ${apiError.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      finish(ctx, apiError.code);
    }
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new LabgateError(
              `port ${opts.port} on ${opts.host} is already in use`,
              'stop whatever listens there, or start the twin API on another port',
            )
          : new LabgateError(`the twin API server cannot listen on ${opts.host}:${opts.port}: ${err.message}`),
      );
    };
    server.once('error', onError);
    server.listen(opts.port, opts.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  serverAddress = `${opts.host}:${port}`;

  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        for (const socket of upgradedSockets) socket.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function byNamespaceThenName(a: KubeObject, b: KubeObject): number {
  return (
    (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
    a.metadata.name.localeCompare(b.metadata.name)
  );
}

function execToApiError(err: unknown): never {
  if (err instanceof ExecError) throw new ApiError(err.reason, err.message);
  throw err;
}

function notFoundPath(): never {
  throw new ApiError('NotFound', 'the server could not find the requested resource');
}

function methodNotAllowed(method: string, info?: ResourceInfo): ApiError {
  const what = info ? `${info.resource}${info.group ? `.${info.group}` : ''}` : 'this path';
  return new ApiError('MethodNotAllowed', `${method} is not allowed on ${what}: the twin's API is read-only`);
}
