/**
 * What `redis-cli` printed, read into a model: a reply, an error reply (READONLY, ERR, ...), or no connection.
 * redis-cli writes raw replies when its output is not a terminal (as under exec): `PONG`, `OK`, the value of
 * GET (an empty line for nil), and an error as `<CODE> <message>` (older releases prefix `(error) `).
 */

export type RedisReply =
  | { kind: 'reply'; text: string }
  | { kind: 'error'; code: string; text: string }
  | { kind: 'unreachable'; text: string };

const CONNECT_FAILURE = /Could not connect to Redis at [^\n]*/;
const ERROR_LINE = /^(?:\(error\) )?([A-Z][A-Z_]+) (.*)$/;

export function parseRedisCli(stdout: string, stderr: string, exitCode: number | undefined): RedisReply {
  const unreachable = CONNECT_FAILURE.exec(`${stderr}\n${stdout}`);
  if (unreachable) return { kind: 'unreachable', text: unreachable[0].trim() };
  const text = stdout.replace(/\r?\n$/, '');
  const first = text.split('\n')[0] ?? '';
  const err = ERROR_LINE.exec(first);
  if (
    err &&
    (exitCode !== 0 ||
      first.startsWith('(error) ') ||
      ['READONLY', 'ERR', 'WRONGTYPE', 'NOAUTH', 'LOADING', 'MASTERDOWN'].includes(err[1]!))
  ) {
    return { kind: 'error', code: err[1]!, text: first.replace(/^\(error\) /, '') };
  }
  if (exitCode !== 0 && exitCode !== undefined)
    return { kind: 'unreachable', text: (stderr.trim() || text || `redis-cli exited ${exitCode}`).split('\n')[0]! };
  return { kind: 'reply', text };
}

export interface ReplicaLine {
  ip: string;
  port: number;
  state: string;
}

/** `INFO replication`: its fields, and the replicas a master lists (slaveN: ip=...,port=...,state=...). */
export interface ReplicationInfo {
  role: string;
  fields: Record<string, string>;
  replicas: ReplicaLine[];
}

export function parseReplicationInfo(text: string): ReplicationInfo {
  const fields: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) fields[line.slice(0, i)] = line.slice(i + 1);
  }
  const replicas = Object.keys(fields)
    .filter((k) => /^slave\d+$/.test(k))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
    .map((k) => {
      const kv = Object.fromEntries(fields[k]!.split(',').map((p) => p.split('=', 2) as [string, string]));
      return { ip: kv.ip ?? '', port: Number(kv.port ?? 0), state: kv.state ?? '' };
    });
  return { role: fields.role ?? '', fields, replicas };
}

export function describeReply(r: RedisReply): string {
  if (r.kind === 'reply') return r.text === '' ? 'an empty reply (nil)' : `"${r.text.split('\n')[0]}"`;
  if (r.kind === 'error') return `the error "${r.text}"`;
  return `no connection (${r.text})`;
}
