/**
 * The lab's redis promises, checked on what redis-cli answered: PING, the replication roles and links
 * (INFO replication), a key written on the master read back on the replicas, a replica refusing writes,
 * and a replica's log naming the master by its stable DNS name.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { finding, textEvidence, type Evidence, type Finding } from '../floor/finding.ts';
import { describeReply, parseReplicationInfo, type RedisReply } from './redisReply.ts';
import type { RedisCall } from './redis.ts';

/** A name as written (`redis-0.redis-headless`) or as the pod's resolver completes it (`...<ns>.svc.<domain>`). */
export function isStableName(host: string, name: string, namespace: string): boolean {
  const h = host.replace(/\.$/, '').toLowerCase();
  return h === name || h.startsWith(`${name}.${namespace}.svc.`);
}

function look(host: string): string {
  return (
    `\`kubectl exec <client pod> -- redis-cli -h ${host} INFO replication\` and \`kubectl logs ` +
    `${host.split('.')[0]}\``
  );
}

export function answersPong(call: RedisCall, host: string): Finding<string> {
  const observed = call.reply.kind === 'reply' ? call.reply.text : describeReply(call.reply);
  return finding(
    'PONG',
    observed,
    `The lab shows \`${call.shown}\` answering PONG: a direct connection to one redis instance by its DNS ` +
      `name; it got ${describeReply(call.reply)}. Check that ${host} resolves (\`dig +search ${host}\`) and that ` +
      `its pod is Ready.`,
    [call.evidence],
  );
}

function infoOf(reply: RedisReply) {
  return reply.kind === 'reply' ? parseReplicationInfo(reply.text) : undefined;
}

export interface MasterView {
  role: string;
  replicas: string[];
}

/**
 * `role:master` with the other pods of its StatefulSet as online replicas. A replica line names its pod by
 * address, or by the name it announces (`--replica-announce-ip <pod>.<service>...`).
 */
export function isMasterOf(call: RedisCall, host: string, replicaPods: V1Pod[]): Finding<MasterView> {
  const info = infoOf(call.reply);
  const podOf = (ip: string) =>
    replicaPods.find(
      (p) =>
        p.status?.podIP === ip ||
        (p.spec?.hostname &&
          p.spec.subdomain &&
          isStableName(ip, `${p.spec.hostname}.${p.spec.subdomain}`, p.metadata?.namespace ?? '')),
    )?.metadata?.name ?? `unknown replica ${ip}`;
  const replicas = replicaPods.map((p) => `${p.metadata?.name} online`).sort();
  const wantedReplicas = replicas.length ? replicas : ['(a replica pod of the StatefulSet) online'];
  const expected = { role: 'master', replicas: wantedReplicas };
  const observed = info
    ? { role: info.role, replicas: info.replicas.map((r) => `${podOf(r.ip)} ${r.state}`).sort() }
    : { role: describeReply(call.reply), replicas: [] };
  const connected = info
    ? `, connected_slaves:${info.fields.connected_slaves ?? '?'} (${observed.replicas.join(', ') || 'none'})`
    : '';
  return finding(
    expected,
    observed,
    `The lab shows ${host} as the master with ${expected.replicas.length} connected replicas ` +
      `(${expected.replicas.join(', ')}); \`${call.shown}\` shows role ${observed.role}${connected}. ` +
      `Check ${look(host)}.`,
    [call.evidence],
  );
}

export interface ReplicaView {
  role: string;
  masterHost: string;
  link: string;
}

/** `role:slave`, master_host the master's stable DNS name (as written or completed), master_link_status up. */
export function isReplicaOf(
  call: RedisCall,
  host: string,
  master: string,
  namespace: string,
  waitedMs: number,
): Finding<ReplicaView> {
  const info = infoOf(call.reply);
  const masterHost = info?.fields.master_host ?? '';
  const expected = {
    role: 'slave',
    masterHost: isStableName(masterHost, master, namespace)
      ? masterHost
      : `${master}.${namespace}.svc.<cluster domain>`,
    link: 'up',
  };
  const observed = info
    ? { role: info.role, masterHost: masterHost || '(none)', link: info.fields.master_link_status ?? '(none)' }
    : { role: describeReply(call.reply), masterHost: '(none)', link: '(none)' };
  return finding(
    expected,
    observed,
    `The lab shows ${host} as a replica (role:slave) whose master_host is the master's stable name ${master} ` +
      `(completed in namespace ${namespace}) with master_link_status:up; after ${Math.round(waitedMs / 1000)} s ` +
      `\`${call.shown}\` shows role ${observed.role}, master_host ${observed.masterHost}, link ${observed.link}. ` +
      `Check ${look(host)}.`,
    [call.evidence],
  );
}

export interface ReadBack {
  write: string;
  reads: Record<string, string>;
}

/** SET on the master answered OK and every replica returned the value. */
export function keyReadBack(
  write: RedisCall,
  reads: { host: string; call: RedisCall }[],
  master: string,
  key: string,
  value: string,
  extra: Evidence[],
): Finding<ReadBack> {
  const shown = (r: RedisReply) => (r.kind === 'reply' ? r.text : describeReply(r));
  const wantedReads = reads.length ? Object.fromEntries(reads.map((r) => [r.host, value])) : { '(a replica)': value };
  const expected = { write: 'OK', reads: wantedReads };
  const observed = {
    write: shown(write.reply),
    reads: Object.fromEntries(reads.map((r) => [r.host, shown(r.call.reply)])),
  };
  return finding(
    expected,
    observed,
    `The lab shows a key written on the master ${master} read back from every replica; labgate wrote its own ` +
      `key ${key} = "${value}" (deleted afterwards): SET answered ${describeReply(write.reply)}, and the ` +
      `replicas answered ${reads.map((r) => `${r.host}: ${describeReply(r.call.reply)}`).join(', ')}. Check ` +
      `replication with ${look(master)}.`,
    [write.evidence, ...reads.map((r) => r.call.evidence), ...extra],
  );
}

/** A write on a replica is refused with READONLY. */
export function writeRefused(call: RedisCall, host: string): Finding<string> {
  const observed =
    call.reply.kind === 'error'
      ? call.reply.code
      : call.reply.kind === 'reply'
        ? `accepted (${call.reply.text})`
        : describeReply(call.reply);
  return finding(
    'READONLY',
    observed,
    `The lab shows a write on the replica ${host} refused with "READONLY You can't write against a read only ` +
      `replica."; \`${call.shown}\` got ${describeReply(call.reply)}. Check ${look(host)} (slave_read_only:1).`,
    [call.evidence],
  );
}

export interface DiscoveryView {
  connectingTo: string[];
  synced: boolean;
}

const CONNECTING = /Connecting to MASTER (\S+):(\d+)/g;
const SYNCED = new RegExp(
  [
    'MASTER <-> REPLICA sync: Finished with success',
    'Full resync from master',
    'Partial Resynchronization',
    'Successful partial resynchronization',
  ].join('|'),
);

/** The replica's log shows it connecting to the master by its stable DNS name, and the sync that followed. */
export function logShowsMasterByName(
  pod: string,
  container: string,
  namespace: string,
  log: string,
  master: string,
): Finding<DiscoveryView> {
  const hosts = [...new Set([...log.matchAll(CONNECTING)].map((m) => m[1]!))];
  const byName = hosts.filter((h) => isStableName(h, master, namespace));
  const expected = {
    connectingTo: byName.length ? byName : [`${master}.${namespace}.svc.<cluster domain>`],
    synced: true,
  };
  const observed = { connectingTo: hosts, synced: SYNCED.test(log) };
  const excerpt = log
    .split('\n')
    .filter((l) => /MASTER|REPLICA|replicat/i.test(l))
    .slice(0, 20)
    .join('\n');
  return finding(
    expected,
    observed,
    `The lab shows in \`kubectl logs ${pod} -c ${container}\` the replica connecting to its master by the ` +
      `stable name ${master} ("Connecting to MASTER ${master}.${namespace}.svc...:6379"), then syncing; the log ` +
      `shows ${hosts.length ? `connections to ${hosts.join(', ')}` : 'no "Connecting to MASTER" line'} and ` +
      `${observed.synced ? 'a finished sync' : 'no finished sync'}. Check \`kubectl logs ${pod} -c ` +
      `${container}\` and the pod's command (--replicaof).`,
    [
      textEvidence(`log of ${pod}/${container} (replication lines)`, excerpt || '(no replication lines)'),
      textEvidence(`log of ${pod}/${container}`, log),
    ],
  );
}
