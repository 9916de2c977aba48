/**
 * Runs the real CLI (`node bin/labgate.mjs run ...`) with a bad input and checks what a user sees:
 * a non-zero exit, exactly one `labgate:` line on stderr, no stack trace anywhere.
 */
import { strict as assert } from 'node:assert';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TWIN_KUBECONFIG = path.join(REPO_ROOT, 'k8-services.kubeconfig');
export const TWIN_CLUSTER = 'k8-services';

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** The environment of a run against the shared twin, named explicitly (never a fallback that starts one). */
export function twinEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CI: 'true',
    LABGATE_KUBECONFIG: TWIN_KUBECONFIG,
    LABGATE_CLUSTER: TWIN_CLUSTER,
    KUBECONFIG: '',
  };
  delete env.LABGATE_CONTEXT;
  delete env.LABGATE_TARGET;
  delete env.LABGATE_TOPOLOGY;
  delete env.DOCKER_HOST;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 240_000): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'labgate.mjs'), ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** The one `labgate:` error line of a failed run; fails the test when the run passed, printed a stack, or said more or less. */
export function problemLine(run: CliRun, expectedExit?: number): string {
  const shown = `exit ${run.exitCode}\n--- stderr\n${run.stderr}\n--- stdout (tail)\n${run.stdout.split('\n').slice(-30).join('\n')}`;
  assert.notEqual(run.exitCode, 0, `the run passed on a bad input:\n${shown}`);
  if (expectedExit !== undefined) assert.equal(run.exitCode, expectedExit, `exit code:\n${shown}`);
  assert.doesNotMatch(`${run.stdout}\n${run.stderr}`, /^\s+at /m, `a stack trace was printed:\n${shown}`);
  assert.doesNotMatch(
    run.stdout,
    /^\d+ scenarios? \(\d+ passed\)$/m,
    `the run reports only passed scenarios:\n${shown}`,
  );
  const lines = run.stderr.split('\n').filter((l) => l.startsWith('labgate:'));
  assert.equal(lines.length, 1, `expected exactly one labgate: line on stderr:\n${shown}`);
  return lines[0]!;
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `labgate-inputs-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

type KubeconfigDoc = {
  clusters: { name: string; cluster: Record<string, string> }[];
  users: { name: string; user: Record<string, string> }[];
  [k: string]: unknown;
};

/** A copy of the twin's kubeconfig with its first cluster and user changed by `edit`. */
export function kubeconfigCopy(dir: string, edit: (doc: KubeconfigDoc) => void): string {
  const doc = parse(readFileSync(TWIN_KUBECONFIG, 'utf8')) as KubeconfigDoc;
  edit(doc);
  return writeFile(dir, 'copy.kubeconfig', stringify(doc));
}

/**
 * Waits (bounded) until no other `labgate run` or cucumber-js works in this checkout: the tests that break
 * the shared twin for a moment must not overlap another run against it.
 */
export async function waitForQuietTwin(timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const busy = otherRunsHere();
    if (busy.length === 0) return;
    if (Date.now() > deadline) throw new Error(`other runs against the shared twin did not finish: ${busy.join('; ')}`);
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

function otherRunsHere(): string[] {
  const mine = new Set<number>([process.pid, process.ppid]);
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || mine.has(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (!/labgate\.mjs run|cucumber-js/.test(cmd)) continue;
      if (readlinkSync(`/proc/${pid}/cwd`) !== REPO_ROOT) continue;
      found.push(`${pid} ${cmd.trim()}`);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** `docker exec <container> <args...>`, throwing on failure (test setup only). */
export function dockerExec(container: string, args: string[]): string {
  return execFileSync('docker', ['exec', container, ...args], { encoding: 'utf8' });
}
