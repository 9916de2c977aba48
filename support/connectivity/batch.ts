/**
 * Several probe commands of one pod in one exec: bash starts each as its own process, side by side, and
 * prints each one's stdout, stderr and exit code between boundary lines. Each result reads as if its command
 * had been exec'd on its own, so the probes parse it and show it as evidence exactly as before.
 */
import { randomBytes } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { execInPod, type PodExecResult } from '../access/podExec.ts';
import type { PodRef } from '../access/podExec.ts';

const BATCH_SCRIPT = [
  'b="$1"; shift; t=$(mktemp -d) || exit 90; i=0; pids=()',
  'while [ "$#" -gt 0 ]; do',
  '  c="$1"; shift; cmd=("${@:1:$c}"); shift "$c"',
  '  "${cmd[@]}" >"$t/$i.out" 2>"$t/$i.err" </dev/null & pids+=($!); i=$((i+1))',
  'done',
  'for j in "${!pids[@]}"; do wait "${pids[$j]}"; rc=$?',
  '  printf "%s %d out\\n" "$b" "$j"; cat "$t/$j.out"; printf "\\n%s %d err\\n" "$b" "$j"; cat "$t/$j.err"; ' +
    'printf "\\n%s %d rc %d\\n" "$b" "$j" "$rc"',
  'done',
  'rm -rf "$t"',
].join('\n');

/**
 * The commands' results in order; undefined when the batch itself did not run through (the caller runs them one by
 * one).
 */
export async function runBatch(
  kc: KubeConfig,
  pod: PodRef,
  commands: string[][],
  timeoutMs?: number,
): Promise<PodExecResult[] | undefined> {
  const boundary = `labgate-batch-${randomBytes(8).toString('hex')}`;
  const command = [
    'bash',
    '-c',
    BATCH_SCRIPT,
    'labgate-batch',
    boundary,
    ...commands.flatMap((c) => [String(c.length), ...c]),
  ];
  const r = await execInPod(kc, {
    namespace: pod.namespace,
    pod: pod.name,
    container: pod.container,
    command,
    timeoutMs,
  });
  if (r.exitCode !== 0 || r.timedOut || r.failure) return undefined;
  const results = parseBatch(r.stdout, boundary, commands);
  return results?.map((x) => ({ ...x, timedOut: false, timeoutMs: r.timeoutMs }));
}

export function parseBatch(
  stdout: string,
  boundary: string,
  commands: string[][],
): Omit<PodExecResult, 'timedOut' | 'timeoutMs'>[] | undefined {
  const out: Omit<PodExecResult, 'timedOut' | 'timeoutMs'>[] = [];
  const sections = stdout.split(new RegExp(`^${boundary} (\\d+) (out|err|rc \\d+)\\n?`, 'm'));
  // [before, i, kind, body, i, kind, body, ...]
  for (let k = 1; k + 2 < sections.length; k += 3) {
    const i = Number(sections[k]);
    const kind = sections[k + 1]!;
    const body = (sections[k + 2] ?? '').replace(/\n$/, '');
    const entry = (out[i] ??= { command: commands[i]!, stdout: '', stderr: '', exitCode: undefined });
    if (kind === 'out') entry.stdout = body;
    else if (kind === 'err') entry.stderr = body;
    else entry.exitCode = Number(kind.slice(3));
  }
  return out.length === commands.length && out.every((e) => e?.exitCode !== undefined) ? out : undefined;
}
