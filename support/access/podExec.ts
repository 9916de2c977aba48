/** Runs a command inside a pod through the API server's exec endpoint (WebSocket), bounded in time. */
import { Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import { assertDns1123 } from '../floor/names.ts';

/** Default bound for one exec (a lookup, one request). */
export const POD_EXEC_TIMEOUT_MS = 20_000;

/** A pod to run commands in: where it is, and which container. */
export interface PodRef {
  namespace: string;
  name: string;
  container: string;
  node: string;
  /** the pod's IP, when the step that chose the pod knows it */
  ip?: string;
}

export interface PodExecRequest {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  timeoutMs?: number;
  /** called with each chunk the command writes (stdout or stderr) as it comes, e.g. to see a capture start */
  onOutput?: (chunk: string) => void;
}

export interface PodExecResult {
  command: string[];
  stdout: string;
  stderr: string;
  /** exit code from the exec status; undefined when none came (timeout, broken stream) */
  exitCode: number | undefined;
  timedOut: boolean;
  /** the bound this exec ran under */
  timeoutMs: number;
  /** the API server's message when it refused or failed the exec (e.g. executable not found) */
  failure?: string;
}

class Collector extends Writable {
  chunks: Buffer[] = [];
  constructor(private readonly onChunk?: (chunk: string) => void) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    this.onChunk?.(Buffer.from(chunk).toString('utf8'));
    done();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

export async function execInPod(kc: KubeConfig, req: PodExecRequest): Promise<PodExecResult> {
  assertDns1123(req.namespace, 'namespace');
  assertDns1123(req.pod, 'pod name');
  assertDns1123(req.container, 'container name');
  const timeoutMs = req.timeoutMs ?? POD_EXEC_TIMEOUT_MS;
  const stdout = new Collector(req.onOutput);
  const stderr = new Collector(req.onOutput);
  let status: V1Status | undefined;
  let timedOut = false;
  let failure: string | undefined;

  await new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (timer) clearTimeout(timer);
      resolve();
    };
    timer = setTimeout(() => {
      timedOut = true;
      socket?.terminate?.();
      finish();
    }, timeoutMs);
    let socket: { terminate?: () => void; on: (ev: string, cb: (...a: unknown[]) => void) => void } | undefined;
    new Exec(kc)
      .exec(req.namespace, req.pod, req.container, req.command, stdout, stderr, null, false, (s) => {
        status = s;
      })
      .then((ws) => {
        socket = ws as unknown as typeof socket;
        ws.on('close', finish);
        ws.on('error', (err: Error) => {
          failure ??= err.message;
          finish();
        });
      })
      .catch((err: unknown) => {
        failure = execFailureText(err);
        finish();
      });
  });

  let exitCode: number | undefined;
  if (status?.status === 'Success') exitCode = 0;
  else if (status) {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    if (cause?.message && /^\d+$/.test(cause.message)) exitCode = Number(cause.message);
    else failure ??= status.message ?? status.reason ?? 'exec failed';
  }
  return { command: req.command, stdout: stdout.text(), stderr: stderr.text(), exitCode, timedOut, timeoutMs, failure };
}

function execFailureText(err: unknown): string {
  const e = err as { message?: string; body?: unknown; code?: unknown };
  const body = typeof e?.body === 'string' ? e.body : '';
  return [e?.message, body].filter(Boolean).join(': ').split('\n')[0] || String(err);
}
