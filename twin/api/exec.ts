/**
 * Pod exec over WebSocket, speaking the channel protocol kube-apiserver speaks (v4/v5.channel.k8s.io):
 * each binary message starts with a channel byte: 0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize,
 * and in v5, 255 = "the client closed this channel".
 */
import { PassThrough, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { WebSocket } from 'ws';
import { ApiError, notFound } from './status.ts';
import { ExecError, type ClusterSnapshot, type ClusterSource, type KubeObject } from './types.ts';

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;
export type ExecProtocol = (typeof EXEC_PROTOCOLS)[number];

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
const RESIZE = 4;
const CLOSE = 255;

export interface ExecParams {
  namespace: string;
  pod: string;
  container?: string;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value === 'true' || value === '1';
}

/** Validates an exec request the way kube-apiserver does before it upgrades the connection. */
export function checkExecRequest(
  snapshot: ClusterSnapshot,
  namespace: string,
  podName: string,
  query: URLSearchParams,
): ExecParams {
  const pod = snapshot.objects.find(
    (o) =>
      o.apiVersion === 'v1' && o.kind === 'Pod' && o.metadata.namespace === namespace && o.metadata.name === podName,
  );
  if (!pod) throw notFound('pods', podName);
  const params: ExecParams = {
    namespace,
    pod: podName,
    container: query.get('container') || undefined,
    command: query.getAll('command'),
    stdin: flag(query, 'stdin'),
    stdout: flag(query, 'stdout'),
    stderr: flag(query, 'stderr'),
    tty: flag(query, 'tty'),
  };
  if (params.command.length === 0)
    throw new ApiError('BadRequest', 'you must specify at least one command for the container');
  if (!params.stdin && !params.stdout && !params.stderr) {
    throw new ApiError('BadRequest', 'you must specify at least 1 of stdin, stdout, stderr');
  }
  const containers = containerNames(pod);
  if (params.container && containers.length > 0 && !containers.includes(params.container)) {
    throw new ApiError('BadRequest', `container ${params.container} is not valid for pod ${podName}`);
  }
  return params;
}

function containerNames(pod: KubeObject): string[] {
  const spec = pod.spec as { containers?: Array<{ name?: string }> } | undefined;
  return (spec?.containers ?? []).map((c) => c.name ?? '').filter(Boolean);
}

/** Picks the newest channel protocol both sides speak, or undefined. */
export function chooseExecProtocol(offered: string | undefined): ExecProtocol | undefined {
  const protocols = new Set((offered ?? '').split(',').map((p) => p.trim()));
  return EXEC_PROTOCOLS.find((p) => protocols.has(p));
}

/** A Writable whose chunks go out as messages on one channel; dropped when the client did not ask for it. */
function channelWriter(ws: WebSocket, channel: number, wanted: boolean): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      // Sent synchronously and in order, so everything written precedes the final status message.
      if (wanted && chunk.length > 0 && ws.readyState === WebSocket.OPEN)
        ws.send(Buffer.concat([Buffer.from([channel]), chunk]));
      callback();
    },
  });
}

function goCommandString(command: string[]): string {
  return `[${command.join(' ')}]`;
}

/** The channel-3 status, shaped as the kubelet writes it and as kubectl / client-node decode it. */
export function exitStatus(command: string[], exitCode: number): object {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message:
      'command terminated with non-zero exit code: ' +
      `error executing command ${goCommandString(command)}, exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

export function errorStatus(err: unknown): object {
  if (err instanceof ExecError) {
    const code = err.reason === 'NotFound' ? 404 : err.reason === 'BadRequest' ? 400 : 500;
    return { metadata: {}, status: 'Failure', message: err.message, reason: err.reason, code };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { metadata: {}, status: 'Failure', message, reason: 'InternalError', code: 500 };
}

export async function endAndFlush(stream: Writable): Promise<void> {
  if (!stream.writableEnded) stream.end();
  await finished(stream).catch(() => {});
}

/** Runs one exec session on an upgraded WebSocket until the command ends or the client goes away. */
export function runExecSession(
  ws: WebSocket,
  protocol: ExecProtocol,
  source: ClusterSource,
  params: ExecParams,
): Promise<void> {
  const stdin = params.stdin ? new PassThrough() : null;
  const stdout = channelWriter(ws, STDOUT, params.stdout);
  // with a TTY the terminal merges stderr into stdout, as the kubelet does
  const stderr = channelWriter(ws, STDERR, params.stderr && !params.tty);
  const abort = new AbortController();

  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    const message = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (message.length === 0) return;
    const channel = message[0];
    const payload = message.subarray(1);
    if (channel === STDIN && stdin && !stdin.writableEnded) {
      if (payload.length > 0) stdin.write(payload);
    } else if (channel === CLOSE && protocol === 'v5.channel.k8s.io' && payload[0] === STDIN) {
      stdin?.end();
    } else if (channel === RESIZE) {
      // terminal size changes: the twin's exec runs without a resizable terminal, so they are dropped
    }
  });
  ws.on('close', () => {
    stdin?.end();
    abort.abort(); // the client is gone: let the source stop the command
  });
  ws.on('error', () => {});

  return source
    .exec({ ...params, stdin, stdout, stderr, signal: abort.signal })
    .then(
      async (outcome) => {
        await Promise.all([endAndFlush(stdout), endAndFlush(stderr)]);
        return exitStatus(params.command, outcome.exitCode);
      },
      (err: unknown) => errorStatus(err),
    )
    .then((status) => {
      if (ws.readyState === WebSocket.OPEN) {
        ws.send(Buffer.concat([Buffer.from([STATUS]), Buffer.from(JSON.stringify(status))]));
        ws.close(1000);
      }
    });
}
