/** Probes run from inside a pod: name lookup, one raw TCP request, a burst of new connections. */
import type { KubeConfig } from '@kubernetes/client-node';
import { commandEvidence, type Evidence } from '../floor/finding.ts';
import { execInPod, type PodExecResult, type PodRef } from '../access/podExec.ts';
import {
  lookupCommand,
  parseBurst,
  parseLookup,
  parseTcpRequest,
  programMissing,
  tcpBurstCommand,
  tcpRequestCommand,
  type BurstOutcome,
  type HttpReply,
  type LookupOutcome,
} from './scripts.ts';

/** Bound for a burst: N connections, each normally a few milliseconds. */
export const BURST_EXEC_TIMEOUT_MS = 120_000;

/** Why a probe could not run at all, said plainly, and what to do about it. */
export interface ProbeProblem {
  message: string;
  hint: string;
}

export interface ProbeResult<T> {
  outcome: T;
  /** set when the probe could not run at all (no shell, tool missing, exec refused, timeout) */
  problem?: ProbeProblem;
  evidence: Evidence[];
}

/** The programs a probe may start its script with, per script dialect; tests point them elsewhere. */
export interface ShellPrograms {
  bash: string;
  sh: string;
}

export interface ProbeOptions {
  shells?: Partial<ShellPrograms>;
  /** bound for each exec; the default is POD_EXEC_TIMEOUT_MS (BURST_EXEC_TIMEOUT_MS for a burst) */
  timeoutMs?: number;
  /**
   * the first command's result when it already ran, batched with the pod's other probes (support/connectivity/batch.ts)
   */
  firstRun?: PodExecResult;
}

function programs(opts: ProbeOptions): ShellPrograms {
  return { bash: opts.shells?.bash ?? 'bash', sh: opts.shells?.sh ?? 'sh' };
}

function describePod(pod: PodRef): string {
  return `pod ${pod.name} on ${pod.node}`;
}

function execProblem(pod: PodRef, r: PodExecResult): ProbeProblem | undefined {
  if (r.timedOut) {
    return {
      message:
        `the exec in ${describePod(pod)} timed out after ${r.timeoutMs} ms (${r.command[0]} ` +
        `${r.command[1] ?? ''} …)`,
      hint:
        `the pod or the API server is stuck or slow; try \`kubectl exec -n ${pod.namespace} ${pod.name} -- ` +
        `${r.command[0]} -c true\``,
    };
  }
  if (r.failure)
    return {
      message: `exec in ${describePod(pod)} failed: ${r.failure}`,
      hint: `check that the pod runs: \`kubectl describe pod -n ${pod.namespace} ${pod.name}\``,
    };
  return undefined;
}

function noShell(pod: PodRef, tried: PodExecResult[], purpose: string): ProbeProblem {
  const last = tried[tried.length - 1]!;
  const why = (last.failure ?? last.stderr).trim().split('\n')[0] ?? '';
  return {
    message:
      `no shell in ${describePod(pod)}: ${tried.map((r) => r.command[0]).join(' and ')} cannot be ` +
      `started${why ? ` (${why})` : ''}`,
    hint: `${purpose}; use an image that has a shell and network tools`,
  };
}

function evidenceOf(pod: PodRef, r: PodExecResult): Evidence {
  const shown = r.command.map((a, i) => (i === 2 ? '<probe script>' : a));
  return commandEvidence(`kubectl exec ${pod.name} -- ${shown.slice(0, 2).join(' ')} … (on ${pod.node})`, {
    command: ['kubectl', 'exec', '-n', pod.namespace, pod.name, '-c', pod.container, '--', ...shown],
    stdout: r.stdout,
    stderr: r.failure ? `${r.stderr}\n${r.failure}` : r.stderr,
    exitCode: r.exitCode,
    timedOut: r.timedOut,
  });
}

/**
 * Runs the first of `commands` whose program exists in the pod. `missing` is true when none could be
 * started; the results of every attempt come back as evidence.
 */
async function firstShellThatRuns(
  kc: KubeConfig,
  pod: PodRef,
  commands: string[][],
  timeoutMs: number | undefined,
  firstRun?: PodExecResult,
) {
  const tried: PodExecResult[] = [];
  for (const command of commands) {
    const ran = tried.length === 0 && firstRun && sameCommand(firstRun.command, command) ? firstRun : undefined;
    const r =
      ran ??
      (await execInPod(kc, { namespace: pod.namespace, pod: pod.name, container: pod.container, command, timeoutMs }));
    tried.push(r);
    if (!programMissing(command[0]!, r.failure, r.stderr, r.exitCode)) return { result: r, tried, missing: false };
  }
  return { result: tried[tried.length - 1]!, tried, missing: true };
}

function withProgram(command: string[], program: string): string[] {
  return [program, ...command.slice(1)];
}

function sameCommand(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The command a lookup tries first (what a batch runs for it). */
export function firstLookupCommand(name: string, opts: ProbeOptions = {}): string[] {
  return withProgram(lookupCommand(name), programs(opts).sh);
}

/** The command a request tries first (what a batch runs for it). */
export function firstRequestCommand(host: string, port: number, payload: string, opts: ProbeOptions = {}): string[] {
  return withProgram(tcpRequestCommand(host, port, payload, 'bash'), programs(opts).bash);
}

export async function lookupName(
  kc: KubeConfig,
  pod: PodRef,
  name: string,
  opts: ProbeOptions = {},
): Promise<ProbeResult<LookupOutcome>> {
  const shells = programs(opts);
  // the lookup script is POSIX sh; bash runs it as well
  const run = await firstShellThatRuns(
    kc,
    pod,
    [firstLookupCommand(name, opts), withProgram(lookupCommand(name), shells.bash)],
    opts.timeoutMs,
    opts.firstRun,
  );
  const r = run.result;
  const outcome = parseLookup(r.stdout, r.stderr);
  const problem = run.missing
    ? noShell(pod, run.tried, 'the lookup runs getent or nslookup from sh')
    : (execProblem(pod, r) ??
      (outcome.missingTool
        ? {
            message: `${describePod(pod)} has neither getent nor nslookup`,
            hint: 'the lookup needs one of them in the pod',
          }
        : undefined));
  return { outcome, problem, evidence: run.tried.map((t) => evidenceOf(pod, t)) };
}

export async function tcpRequest(
  kc: KubeConfig,
  pod: PodRef,
  host: string,
  port: number,
  payload: string,
  opts: ProbeOptions = {},
): Promise<ProbeResult<HttpReply>> {
  const shells = programs(opts);
  // bash has /dev/tcp; without bash, sh with nc does the same
  const run = await firstShellThatRuns(
    kc,
    pod,
    [
      firstRequestCommand(host, port, payload, opts),
      withProgram(tcpRequestCommand(host, port, payload, 'sh'), shells.sh),
    ],
    opts.timeoutMs,
    opts.firstRun,
  );
  const r = run.result;
  const outcome = parseTcpRequest(host, port, r.stdout, r.stderr);
  const problem = run.missing
    ? noShell(pod, run.tried, 'the request runs from bash (/dev/tcp) or from sh with nc')
    : (execProblem(pod, r) ??
      (outcome.missingTool
        ? {
            message: `${describePod(pod)} has neither bash (/dev/tcp) nor nc`,
            hint: 'the request needs one of them in the pod',
          }
        : undefined));
  return { outcome, problem, evidence: run.tried.map((t) => evidenceOf(pod, t)) };
}

export async function tcpBurst(
  kc: KubeConfig,
  pod: PodRef,
  host: string,
  port: number,
  count: number,
  opts: ProbeOptions = {},
): Promise<ProbeResult<BurstOutcome | null>> {
  const run = await firstShellThatRuns(
    kc,
    pod,
    [withProgram(tcpBurstCommand(host, port, count), programs(opts).bash)],
    opts.timeoutMs ?? BURST_EXEC_TIMEOUT_MS,
  );
  const r = run.result;
  const problem = run.missing
    ? noShell(pod, run.tried, 'the connection burst needs bash (/dev/tcp)')
    : execProblem(pod, r);
  return { outcome: parseBurst(r.stdout), problem, evidence: run.tried.map((t) => evidenceOf(pod, t)) };
}
