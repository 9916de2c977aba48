/**
 * The twin's Kubernetes API endpoint: HTTPS with client-certificate authentication, a read-only
 * API over the control plane's snapshot (reads.ts), and pod exec over WebSocket and SPDY (upgrade.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { LabgateError } from '../shared.ts';
import { chooseExecProtocol } from './exec.ts';
import { describeRequest, sendJson, sendText, toApiError, type RequestContext } from './http.ts';
import { answer, Reply, stampedSnapshot, Streamed, type ApiReads } from './reads.ts';
import { Versioner } from './versions.ts';
import { createRequestLogger, queryRecord, type RequestLogger } from './requestLog.ts';
import { ApiError } from './status.ts';
import { handleUpgrade } from './upgrade.ts';
import type { ApiServerOptions, ClusterSource } from './types.ts';

export interface RunningApiServer {
  port: number;
  close(): Promise<void>;
}

function logFinished(log: RequestLogger, ctx: RequestContext, status: number): void {
  log({
    method: ctx.method,
    path: ctx.url.pathname,
    query: queryRecord(ctx.url.searchParams),
    status,
    user: ctx.user,
    verb: ctx.verb,
  });
}

/** Answers one plain request (JSON or text), logs it with its status; an error becomes a Status body. */
async function handleRequest(
  api: ApiReads,
  log: RequestLogger,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const ctx = describeRequest(req);
  let status = 200;
  try {
    const body = await answer(api, req, ctx);
    if (body instanceof Streamed) body.start(res);
    else if (body instanceof Reply) {
      status = body.status;
      if (body.contentType && Buffer.isBuffer(body.body)) {
        res.writeHead(status, { 'Content-Type': body.contentType, 'Content-Length': body.body.length });
        res.end(body.body);
      } else sendJson(res, status, body.body);
    } else if (typeof body === 'string') sendText(res, body);
    else sendJson(res, 200, body);
  } catch (err) {
    const apiError = toApiError(err);
    status = apiError.code;
    sendJson(res, status, apiError.toStatus());
  } finally {
    logFinished(log, ctx, status);
  }
}

function listen(server: Server, opts: ApiServerOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
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
}

export async function startApiServer(source: ClusterSource, opts: ApiServerOptions): Promise<RunningApiServer> {
  const log = createRequestLogger(opts.requestLogPath);
  const handleProtocols = (offered: Set<string>) => chooseExecProtocol([...offered].join(',')) ?? false;
  const wss = new WebSocketServer({ noServer: true, handleProtocols });
  let serverAddress = `${opts.host}:${opts.port}`;
  // a restarted server starts its resourceVersions above the ones it served before
  const versions = new Versioner(opts.firstResourceVersion ?? Date.now());
  let watching = 0;
  let observer: NodeJS.Timeout | undefined;
  const observe = () => {
    void stampedSnapshot(api).catch(() => {});
  };
  const keepObserving = (open: boolean) => {
    watching += open ? 1 : -1;
    if (watching > 0 && !observer) observer = setInterval(observe, opts.watchIntervalMs ?? 500);
    if (watching === 0 && observer) {
      clearInterval(observer);
      observer = undefined;
    }
  };
  const api: ApiReads = { source, opts, address: () => serverAddress, versions, keepObserving };

  // refuse unsigned clients with a Status body instead of a TLS alert: rejectUnauthorized false
  const tls = {
    key: opts.tls.keyPem,
    cert: opts.tls.certPem,
    ca: opts.tls.caPem,
    requestCert: true,
    rejectUnauthorized: false,
  };
  const server: Server = createServer(tls, (req, res) => {
    void handleRequest(api, log, req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, new ApiError('InternalError', String(err)).toStatus());
      else res.destroy();
    });
  });

  // clients keep their connections for reuse (kube clients for minutes): close an idle one long after they would
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;

  const upgradedSockets = new Set<Duplex>();
  const upgradeDeps = { source, wss, finish: (ctx: RequestContext, status: number) => logFinished(log, ctx, status) };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgradedSockets.add(socket);
    socket.once('close', () => upgradedSockets.delete(socket));
    void handleUpgrade(upgradeDeps, req, socket, head).catch(() => socket.destroy());
  });

  await listen(server, opts);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  serverAddress = `${opts.host}:${port}`;

  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        if (observer) clearInterval(observer);
        for (const client of wss.clients) client.terminate();
        for (const socket of upgradedSockets) socket.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
