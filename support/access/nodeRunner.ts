/** Runs commands on lab nodes (`docker exec <container> ...`) and on the host's Docker CLI, argument arrays only. */
import { execa } from 'execa';
import { LabgateError } from '../floor/errors.ts';
import type { CommandResult } from '../floor/command.ts';
import { engineExec, localEngineSocket } from './dockerEngine.ts';

/** Bound for one command on a node (iptables-save, ip6tables-save, ...). */
export const NODE_COMMAND_TIMEOUT_MS = 20_000;
/** Bound for host-side Docker/containerlab queries. */
export const HOST_COMMAND_TIMEOUT_MS = 15_000;

const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

export function assertContainerName(name: string): void {
  if (!CONTAINER_NAME.test(name)) {
    throw new LabgateError(
      `"${name}" is not a valid container name`,
      'node names come from the cluster; check the Kubernetes node list',
    );
  }
}

/** Runs a host program; never throws for a failing command, the result says what happened. */
export async function runHost(command: string[], timeoutMs = HOST_COMMAND_TIMEOUT_MS): Promise<CommandResult> {
  const [file, ...args] = command;
  if (!file) throw new Error('runHost: empty command');
  const r = await execa(file, args, { reject: false, timeout: timeoutMs, stdin: 'ignore' });
  const spawnError =
    r.failed && r.exitCode === undefined && !r.timedOut ? (r.originalMessage ?? r.shortMessage) : undefined;
  return {
    command,
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? ''),
    exitCode: r.exitCode,
    timedOut: r.timedOut,
    spawnError,
  };
}

let engineSocket: string | undefined;

/** `docker exec <container> <args...>`: through the engine's local socket when it can, else the docker CLI. */
export async function runOnNode(
  container: string,
  args: string[],
  timeoutMs = NODE_COMMAND_TIMEOUT_MS,
): Promise<CommandResult> {
  assertContainerName(container);
  const command = ['docker', 'exec', container, ...args];
  // the environment and the CLI's config do not change within a run: looked up until found, then kept
  const socket = (engineSocket ??= localEngineSocket());
  if (socket) {
    try {
      return { command, ...(await engineExec(socket, container, args, timeoutMs)) };
    } catch {
      // the socket is there but does not answer us (permissions, a stopped engine): the CLI says why
    }
  }
  return runHost(command, timeoutMs);
}

const NOT_FOUND = /executable file not found|no such file or directory|command not found/i;

/**
 * For `docker exec <container> <program> ...` that failed because the program is not in the container:
 * the program and the container; undefined otherwise. Docker reports it as exit 126/127 with an OCI message.
 */
export function missingProgramOnNode(r: CommandResult): { program: string; container: string } | undefined {
  const [docker, verb, container, program] = r.command;
  if (docker !== 'docker' || verb !== 'exec' || !container || !program) return undefined;
  // docker 20.10 prints the OCI error on stdout, newer releases on stderr
  if ((r.exitCode === 126 || r.exitCode === 127) && NOT_FOUND.test(`${r.stderr}\n${r.stdout}`))
    return { program, container };
  return undefined;
}

/** One line for a failed command, for error messages. */
export function commandFailure(r: CommandResult): string {
  const cmd = r.command.join(' ');
  if (r.spawnError) return `${cmd}: could not start (${r.spawnError})`;
  const missing = missingProgramOnNode(r);
  if (missing)
    return (
      `${missing.program} is not installed in node container ${missing.container} (docker exec: executable file ` +
      `not found in $PATH, exit ${r.exitCode})`
    );
  if (r.timedOut) return `${cmd}: timed out`;
  const detail = (r.stderr || r.stdout).trim().split('\n')[0] ?? '';
  return `${cmd}: exit ${r.exitCode}${detail ? ` (${detail})` : ''}`;
}

export function succeeded(r: CommandResult): boolean {
  return r.exitCode === 0 && !r.timedOut && !r.spawnError;
}
