/**
 * The redis exchanges of the lab, with their bounded waits: replication settles after start-up, a write
 * reaches the replicas a moment later. The write goes to a key of labgate's own, deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { settleBound, waitUntil } from '../floor/wait.ts';
import type { PodRef } from '../access/podExec.ts';
import { redisCli, type RedisCall } from './redis.ts';
import { parseReplicationInfo } from './redisReply.ts';

/** Replicas reconnect once a second; after a start-up or a restart their links come up within this time. */
export const REPLICATION_SETTLE_TIMEOUT_MS = 30_000;
/** A written key reaches a replica with a link up within this time. */
export const REPLICATION_LAG_TIMEOUT_MS = 10_000;
const POLL_MS = 500;

export const LABGATE_KEY_PREFIX = 'labgate:probe:';

export function labgateKey(): { key: string; value: string } {
  const id = randomBytes(8).toString('hex');
  return { key: `${LABGATE_KEY_PREFIX}${id}`, value: `written-by-labgate-${id}` };
}

export async function ping(kc: KubeConfig, pod: PodRef, host: string): Promise<RedisCall> {
  return redisCli(kc, pod, host, ['PING']);
}

export async function replicationInfo(kc: KubeConfig, pod: PodRef, host: string): Promise<RedisCall> {
  return redisCli(kc, pod, host, ['INFO', 'replication']);
}

function info(call: RedisCall) {
  return call.reply.kind === 'reply' ? parseReplicationInfo(call.reply.text) : undefined;
}

/** INFO replication of a replica, once its link is up (or as it is when the wait runs out). */
export async function settledReplica(
  kc: KubeConfig,
  pod: PodRef,
  host: string,
  timeoutMs = settleBound(REPLICATION_SETTLE_TIMEOUT_MS),
) {
  const w = await waitUntil(
    () => replicationInfo(kc, pod, host),
    (c) => info(c)?.fields.master_link_status === 'up',
    timeoutMs,
    POLL_MS,
  );
  return { call: w.value, waitedMs: w.waitedMs };
}

/** INFO replication of a master, once `replicas` replicas are online (or as it is when the wait runs out). */
export async function settledMaster(
  kc: KubeConfig,
  pod: PodRef,
  host: string,
  replicas: number,
  timeoutMs = settleBound(REPLICATION_SETTLE_TIMEOUT_MS),
) {
  const w = await waitUntil(
    () => replicationInfo(kc, pod, host),
    (c) => (info(c)?.replicas.filter((r) => r.state === 'online').length ?? -1) >= replicas,
    timeoutMs,
    POLL_MS,
  );
  return { call: w.value, waitedMs: w.waitedMs };
}

export interface ReadBackRun {
  key: string;
  value: string;
  write: RedisCall;
  reads: { host: string; call: RedisCall }[];
  cleanup: RedisCall[];
}

/** SET a labgate key on the master, GET it from each replica (waiting for it to arrive), DEL it on the master. */
export async function writeAndReadBack(
  kc: KubeConfig,
  pod: PodRef,
  master: string,
  replicas: string[],
): Promise<ReadBackRun> {
  const { key, value } = labgateKey();
  const cleanup: RedisCall[] = [];
  try {
    const write = await redisCli(kc, pod, master, ['SET', key, value]);
    const reads: { host: string; call: RedisCall }[] = [];
    for (const host of replicas) {
      const w = await waitUntil(
        () => redisCli(kc, pod, host, ['GET', key]),
        (c) => c.reply.kind === 'reply' && c.reply.text === value,
        REPLICATION_LAG_TIMEOUT_MS,
        POLL_MS,
      );
      reads.push({ host, call: w.value });
    }
    return { key, value, write, reads, cleanup };
  } finally {
    cleanup.push(
      await redisCli(kc, pod, master, ['DEL', key]).catch((err: unknown) => failedCleanup(master, key, err)),
    );
  }
}

/** SET a labgate key on a replica; should it be accepted, the key is deleted there again. */
export async function writeOnReplica(
  kc: KubeConfig,
  pod: PodRef,
  replica: string,
): Promise<{ call: RedisCall; cleanup?: RedisCall }> {
  const { key, value } = labgateKey();
  const call = await redisCli(kc, pod, replica, ['SET', key, value]);
  if (call.reply.kind !== 'reply') return { call };
  return {
    call,
    cleanup: await redisCli(kc, pod, replica, ['DEL', key]).catch((err: unknown) => failedCleanup(replica, key, err)),
  };
}

function failedCleanup(host: string, key: string, err: unknown): RedisCall {
  const text =
    `labgate could not delete its key ${key} on ${host}: ${err instanceof Error ? err.message : String(err)}; ` +
    `delete it with redis-cli -h ${host} DEL ${key}`;
  return {
    shown: `redis-cli -h ${host} DEL ${key}`,
    reply: { kind: 'unreachable', text },
    evidence: { title: `cleanup of ${key} on ${host}`, body: text, mediaType: 'text/plain' },
  };
}
