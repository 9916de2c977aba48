/**
 * redis-cli run inside a pod through the pod-exec machinery, as the lab runs it from its multitool pod:
 * an argument array (no shell), the host a DNS-1123 name from the feature, the command words labgate's own.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { LabgateError } from '../floor/errors.ts';
import { commandEvidence, type Evidence } from '../floor/finding.ts';
import { requireObjectName } from '../floor/names.ts';
import { execInPod } from '../access/podExec.ts';
import type { PodRef } from '../access/podExec.ts';
import { parseRedisCli, type RedisReply } from './redisReply.ts';
import { programMissing } from '../connectivity/scripts.ts';

const REDIS_CLI = 'redis-cli';
/** a redis command: words of letters, digits and the few signs labgate's own keys and values use */
const SAFE_WORD = /^[A-Za-z0-9:_.-]{1,100}$/;

export interface RedisCall {
  /** the command as a reader would type it: "redis-cli -h redis-0.redis-headless PING" */
  shown: string;
  reply: RedisReply;
  evidence: Evidence;
}

export async function redisCli(kc: KubeConfig, pod: PodRef, host: string, words: string[]): Promise<RedisCall> {
  requireObjectName(host, 'the redis host');
  for (const w of words)
    if (!SAFE_WORD.test(w))
      throw new LabgateError(
        `redis command word ${JSON.stringify(w)} is not one labgate sends`,
        'redis words are letters, digits, ":", "_", "." and "-"',
      );
  const command = [REDIS_CLI, '-h', host, ...words];
  const r = await execInPod(kc, { namespace: pod.namespace, pod: pod.name, container: pod.container, command });
  const shown = command.join(' ');
  const evidence = commandEvidence(`kubectl exec ${pod.name} -- ${shown} (on ${pod.node})`, {
    command: ['kubectl', 'exec', '-n', pod.namespace, pod.name, '-c', pod.container, '--', ...command],
    stdout: r.stdout,
    stderr: r.failure ? `${r.stderr}\n${r.failure}` : r.stderr,
    exitCode: r.exitCode,
    timedOut: r.timedOut,
  });
  if (programMissing(REDIS_CLI, r.failure, r.stderr, r.exitCode)) {
    throw new LabgateError(
      `pod ${pod.name} on ${pod.node} has no redis-cli`,
      `the lab's manifests must give pod ${pod.name} redis-cli (in its image, or installed by its command); ` +
        `check that the pod started its command`,
    );
  }
  if (r.timedOut)
    throw new LabgateError(
      `${shown} in pod ${pod.name} timed out after ${r.timeoutMs} ms`,
      `try \`kubectl exec ${pod.name} -- ${shown}\``,
    );
  if (r.failure && r.exitCode === undefined)
    throw new LabgateError(
      `exec in pod ${pod.name} on ${pod.node} failed: ${r.failure}`,
      `check that the pod runs: \`kubectl describe pod -n ${pod.namespace} ${pod.name}\``,
    );
  return { shown, reply: parseRedisCli(r.stdout, r.stderr, r.exitCode), evidence };
}
