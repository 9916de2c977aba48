/** Thin wrapper over the Docker CLI: argument arrays only, errors turned into one-line LabgateErrors. */
import { execa } from 'execa';
import { LabgateError } from './shared.ts';

export interface DockerResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export async function docker(
  args: string[],
  opts: { input?: string; reject?: boolean; timeoutMs?: number } = {},
): Promise<DockerResult> {
  let result;
  try {
    result = await execa('docker', args, {
      input: opts.input,
      reject: false,
      timeout: opts.timeoutMs ?? 120_000,
      stripFinalNewline: false,
    });
  } catch (err) {
    throw new LabgateError(`could not run docker ${args[0]}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (result.exitCode === undefined && (result as { code?: string }).code === 'ENOENT') {
    throw new LabgateError('the Docker CLI is not installed', 'install Docker (Debian: apt-get install docker.io)');
  }
  if (result.timedOut)
    throw new LabgateError(`docker ${args.slice(0, 2).join(' ')} timed out after ${opts.timeoutMs ?? 120_000} ms`);
  const out = {
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    exitCode: result.exitCode ?? 1,
  };
  if (/Cannot connect to the Docker daemon|Is the docker daemon running/.test(out.stderr)) {
    throw new LabgateError('the Docker engine is not running', 'start it (systemctl start docker, or dockerd as root)');
  }
  if (opts.reject !== false && out.exitCode !== 0) {
    throw new LabgateError(
      `docker ${args.slice(0, 2).join(' ')} failed: ${firstLine(out.stderr) || firstLine(out.stdout)}`,
    );
  }
  return out;
}

/** Runs a shell script inside a node container (the script is ours, never built from user input). */
export async function nodeShell(
  node: string,
  script: string,
  args: string[] = [],
  opts: { reject?: boolean; input?: string } = {},
): Promise<DockerResult> {
  return docker(['exec', '-i', node, 'bash', '-euo', 'pipefail', '-c', script, 'twin', ...args], opts);
}

export function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
