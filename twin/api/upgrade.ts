/** Upgraded connections: pod exec over WebSocket (v5/v4.channel.k8s.io) or SPDY/3.1, as kube-apiserver serves it. */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { checkExecRequest, chooseExecProtocol, runExecSession } from './exec.ts';
import { describeRequest, notFoundPath, toApiError, type RequestContext } from './http.ts';
import { checkSpdyProtocol, isSpdyUpgrade, runSpdyExecSession } from './spdy.ts';
import { ApiError } from './status.ts';
import type { ClusterSource } from './types.ts';

export interface UpgradeDeps {
  source: ClusterSource;
  wss: WebSocketServer;
  /** logs the request with the status it got */
  finish(ctx: RequestContext, status: number): void;
}

export async function handleUpgrade(
  deps: UpgradeDeps,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  const ctx = describeRequest(req);
  try {
    if (ctx.user === null) throw new ApiError('Unauthorized', 'Unauthorized');
    const route = ctx.route;
    const snapshot = await deps.source.snapshot();
    const isExec =
      route?.type === 'resource' && route.subresource === 'exec' && route.group === '' && route.resource === 'pods';
    if (!isExec || !route.namespace || route.name === undefined) throw notFoundPath();
    const params = checkExecRequest(snapshot, route.namespace, route.name, ctx.url.searchParams);
    if (isSpdyUpgrade(req)) {
      checkSpdyProtocol(req);
      deps.finish(ctx, 101);
      void runSpdyExecSession(socket, head, deps.source, params);
      return;
    }
    const upgrade = (req.headers.upgrade ?? '').toLowerCase();
    if (upgrade !== 'websocket') {
      throw new ApiError(
        'BadRequest',
        `upgrade to ${req.headers.upgrade} is not supported by the twin; ` +
          'exec speaks WebSocket (v5/v4.channel.k8s.io) and SPDY/3.1',
      );
    }
    const protocol = chooseExecProtocol(req.headers['sec-websocket-protocol']);
    if (!protocol) {
      throw new ApiError(
        'BadRequest',
        'unable to upgrade connection: no supported subprotocol offered (v5.channel.k8s.io, v4.channel.k8s.io)',
      );
    }
    deps.wss.handleUpgrade(req, socket, head, (ws) => {
      deps.finish(ctx, 101);
      void runExecSession(ws, protocol, deps.source, params);
    });
  } catch (err) {
    const apiError = toApiError(err);
    const body = JSON.stringify(apiError.toStatus());
    socket.end(
      `HTTP/1.1 ${apiError.code} ${apiError.reason}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    deps.finish(ctx, apiError.code);
  }
}
