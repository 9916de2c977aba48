/** One program run in a pod with its arguments (no shell), its output kept as evidence. */
import type { KubeConfig } from '@kubernetes/client-node';
import { LabgateError } from '../floor/errors.ts';
import { commandEvidence, type Evidence } from '../floor/finding.ts';
import { execInPod } from './podExec.ts';
import type { PodRef } from './podExec.ts';

export interface PodCommandResult {
  command: string;
  stdout: string;
  exitCode: number | undefined;
  evidence: Evidence[];
}

/** Runs `argv` in the pod; a program the pod does not have, or an exec that fails, is a one-line error. */
export async function runInPod(
  kc: KubeConfig,
  pod: PodRef,
  argv: string[],
  purpose: string,
): Promise<PodCommandResult> {
  const r = await execInPod(kc, { namespace: pod.namespace, pod: pod.name, container: pod.container, command: argv });
  const command = argv.join(' ');
  const where = `pod ${pod.name} on ${pod.node}`;
  if (r.timedOut)
    throw new LabgateError(
      `\`${command}\` in ${where} timed out after ${r.timeoutMs} ms`,
      `check the pod: \`kubectl describe pod -n ${pod.namespace} ${pod.name}\``,
    );
  if (r.failure && /not found|no such file|executable file/i.test(`${r.failure} ${r.stderr}`)) {
    throw new LabgateError(
      `${where} has no \`${argv[0]}\` (${purpose})`,
      `use an image with ${argv[0]} in it, such as a network-tools image`,
    );
  }
  if (r.failure && r.exitCode === undefined)
    throw new LabgateError(
      `exec of \`${command}\` in ${where} failed: ${r.failure}`,
      `\`kubectl describe pod -n ${pod.namespace} ${pod.name}\``,
    );
  return {
    command,
    stdout: r.stdout,
    exitCode: r.exitCode,
    evidence: [
      commandEvidence(`kubectl exec -n ${pod.namespace} ${pod.name} -- ${command} (on ${pod.node})`, {
        command: argv,
        stdout: r.stdout,
        stderr: r.stderr,
        exitCode: r.exitCode,
      }),
    ],
  };
}
