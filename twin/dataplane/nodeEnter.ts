/**
 * Commands inside a node container without `docker exec`. The twin's control plane observes every node each
 * second and runs every pod exec in a node; a docker exec costs about 0.1 s of CPU (docker CLI, dockerd,
 * containerd, runc), which on a two-core machine slows the very lab being checked. As root, the twin enters
 * the node's namespaces with nsenter instead (a few milliseconds); otherwise it falls back to docker exec.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { containerState } from './nodes.ts';

export interface NodeState {
  running: boolean;
  ip?: string;
  /** the node's main process, to enter its namespaces */
  pid?: number;
}

interface NodeProcess {
  pid: number;
  /** the process's start time (field 22 of /proc/<pid>/stat): a reused pid is not the same node */
  startTime: string;
  ip?: string;
}

const known = new Map<string, NodeProcess>();

function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Whether the node container runs, and its address: asked of Docker once per container start. */
export async function nodeState(node: string): Promise<NodeState> {
  const k = known.get(node);
  if (k && startTimeOf(k.pid) === k.startTime) return { running: true, ip: k.ip, pid: k.pid };
  known.delete(node);
  const c = await containerState(node);
  if (!c.running) return { running: false, ip: c.ip };
  const startTime = c.pid === undefined ? undefined : startTimeOf(c.pid);
  if (c.pid !== undefined && startTime) known.set(node, { pid: c.pid, startTime, ip: c.ip });
  return { running: true, ip: c.ip, pid: c.pid };
}

export interface EnterOptions {
  stdin?: boolean;
  /** extra environment, as `docker exec -e` */
  env?: Record<string, string>;
}

const NODE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Starts `command` in the node container, as `docker exec [-i] -w / node command` would. */
export async function enterNode(node: string, command: string[], opts: EnterOptions = {}): Promise<ChildProcess> {
  const stdio: ['pipe' | 'ignore', 'pipe', 'pipe'] = [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'];
  const pid = asRoot ? (await nodeState(node)).pid : undefined;
  if (pid === undefined) {
    const env = Object.entries(opts.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    return spawn('docker', ['exec', ...(opts.stdin ? ['-i'] : []), ...env, '-w', '/', node, ...command], { stdio });
  }
  const env = Object.entries({ PATH: NODE_PATH, HOME: '/root', ...opts.env }).map(([k, v]) => `${k}=${v}`);
  return spawn(
    'nsenter',
    ['-t', String(pid), '-m', '-u', '-i', '-n', '-p', '-r', '-w', '--', 'env', '-i', ...env, ...command],
    { stdio },
  );
}

export interface EnteredResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs `command` in the node container to the end and collects its output. */
export async function runInNode(
  node: string,
  command: string[],
  opts: { timeoutMs?: number } = {},
): Promise<EnteredResult> {
  const child = await enterNode(node, command);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (c: Buffer) => out.push(c));
  child.stderr!.on('data', (c: Buffer) => err.push(c));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 15_000);
  return new Promise((resolve) => {
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ stdout: '', stderr: e.message, exitCode: 127 });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode: code ?? 1,
      });
    });
  });
}
