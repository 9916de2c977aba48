/**
 * What the twin's API server serves. The control plane (twin/control/) builds the snapshot from the
 * twin's real dataplane and runs exec in the pod's network namespace; the API server only speaks HTTP.
 */
import type { Readable, Writable } from 'node:stream';
import type { ResourceInfo } from '../resources.ts';

/** Kubernetes-shaped JSON objects (apiVersion, kind, metadata, spec, status), ready to serve. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
};

export interface ClusterSnapshot {
  /** every object the API serves, of any kind; the server maps kinds to resources */
  objects: KubeObject[];
  /** resourceVersion to report on lists */
  resourceVersion: string;
}

export interface ExecRequest {
  namespace: string;
  pod: string;
  container?: string;
  command: string[];
  stdin: Readable | null; // null when the client did not ask for stdin
  stdout: Writable;
  stderr: Writable;
  tty: boolean;
  /** aborted when the client goes away before the command ends; the source should stop the command */
  signal?: AbortSignal;
}

export interface ExecOutcome {
  exitCode: number; // 0 success
}

export interface ClusterSource {
  snapshot(): Promise<ClusterSnapshot>;
  /** Runs the command in the pod; rejects with ExecError for pods that cannot run it (not found, not running). */
  exec(req: ExecRequest): Promise<ExecOutcome>;
  /** The container's log (whole; the server cuts tailLines and limitBytes); rejects with ExecError as exec does. */
  logs?(req: PodLogRequest): Promise<string>;
  /**
   * Carries out a write the API server checked (name, namespace, kind, resourceVersion) and completed (uid,
   * creationTimestamp, the merged patch); rejects with ApiError for what the cluster refuses. A source without it
   * is read-only: every write gets 405.
   */
  write?(op: WriteOp): Promise<void>;
}

/** One write, as the API server hands it to the source: the whole new object, and the one it replaces. */
export type WriteOp =
  | { verb: 'create'; info: ResourceInfo; object: KubeObject }
  | { verb: 'update'; info: ResourceInfo; object: KubeObject; current: KubeObject }
  | { verb: 'delete'; info: ResourceInfo; current: KubeObject };

export class ExecError extends Error {
  constructor(
    message: string,
    readonly reason: 'NotFound' | 'BadRequest' | 'InternalError',
  ) {
    super(message);
  }
}

export interface ApiServerOptions {
  host: string; // "127.0.0.1"
  port: number;
  tls: { caPem: string; certPem: string; keyPem: string };
  requestLogPath?: string; // JSON lines: { time, method, path, query, status, user, verb }
  version: { major: string; minor: string; gitVersion: string };
  /** the first resourceVersion (default: the clock in ms, so a restarted server starts above its last one) */
  firstResourceVersion?: number;
  /** how often an open watch looks for changes (default 500 ms) */
  watchIntervalMs?: number;
}

/** A pod's log, as `kubectl logs` asks for it. */
export interface PodLogRequest {
  namespace: string;
  pod: string;
  container: string;
  /** the last N lines only */
  tailLines?: number;
  /** at most this many bytes, from the start of what is returned */
  limitBytes?: number;
}
