/** The redis checks on what lab 11's text shows redis-cli and the replica's log printing (5.1 to 5.5), and each broken. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import {
  answersPong,
  isMasterOf,
  isReplicaOf,
  isStableName,
  keyReadBack,
  logShowsMasterByName,
  writeRefused,
} from '../../../support/application/checks.ts';
import type { RedisCall } from '../../../support/application/redis.ts';
import { parseRedisCli } from '../../../support/application/redisReply.ts';
import { textEvidence } from '../../../support/floor/finding.ts';
import { assertFails, assertPasses } from '../network/assertFinding.ts';
import { labPods } from '../checks/labObjects.ts';
import { labOutput, labText } from '../network/labText.ts';

const lab = labText('11-headless-services');
const shown = (command: string) => labOutput(lab, command);
const MASTER = 'redis-0.redis-headless';
const replicas = labPods('redis-').slice(1);

function call(command: string, stdout: string, exitCode = 0, stderr = ''): RedisCall {
  return { shown: command, reply: parseRedisCli(stdout, stderr, exitCode), evidence: textEvidence(command, stdout) };
}

const lost = (command: string) =>
  call(command, '', 1, `Could not connect to Redis at ${MASTER}:6379: Name or service not known\n`);
const LOOK = (host: string) =>
  `\`kubectl exec <client pod> -- redis-cli -h ${host} INFO replication\` and \`kubectl logs ${host.split('.')[0]}\``;

test("the lab's names: as written or as the resolver completes them, and nothing else", () => {
  assert.equal(isStableName('redis-0.redis-headless', MASTER, 'default'), true);
  assert.equal(isStableName('Redis-0.Redis-Headless.', MASTER, 'default'), true);
  assert.equal(isStableName('redis-0.redis-headless.default.svc.cluster.local', MASTER, 'default'), true);
  assert.equal(isStableName('redis-0.redis-headless.other.svc.cluster.local', MASTER, 'default'), false);
  assert.equal(isStableName('redis-0.redis-headless.default.cluster.local', MASTER, 'default'), false);
  assert.equal(isStableName('xredis-0.redis-headless', MASTER, 'default'), false);
});

test("PING: the lab's PONG passes; another reply or no connection fails, saying what came back", () => {
  const command = 'redis-cli -h redis-0.redis-headless ping';
  const f = answersPong(call(command, shown(command)), MASTER);
  assertPasses(f);
  assert.deepEqual(
    f.evidence.map((e) => e.title),
    [command],
  );
  const loading = answersPong(call(command, 'LOADING Redis is loading the dataset in memory\n'), MASTER);
  assert.equal(loading.observed, 'the error "LOADING Redis is loading the dataset in memory"');
  assertFails(
    loading,
    `The lab shows \`${command}\` answering PONG: a direct connection to one redis instance by its DNS name; it got the error "LOADING Redis is loading the dataset in memory". Check that ${MASTER} resolves (\`dig +search ${MASTER}\`) and that its pod is Ready.`,
  );
  assert.equal(answersPong(call(command, 'PONG\nextra\n'), MASTER).observed, 'PONG\nextra');
});

test("the master: the lab's INFO names both replicas online; one lost, unknown or not online fails", () => {
  const command = 'redis-cli -h redis-0.redis-headless INFO replication';
  const info = shown(command);
  const f = isMasterOf(call(command, info), MASTER, [replicas[1]!, replicas[0]!]);
  assertPasses(f);
  assert.deepEqual(f.expected, { role: 'master', replicas: ['redis-1 online', 'redis-2 online'] });
  assert.equal(
    f.message,
    `The lab shows ${MASTER} as the master with 2 connected replicas (redis-1 online, redis-2 online); \`${command}\` shows role master, connected_slaves:2 (redis-1 online, redis-2 online). Check ${LOOK(MASTER)}.`,
  );
  assert.deepEqual(
    f.evidence.map((e) => e.title),
    [command],
  );

  // replicas announcing their stable names are named by pod too; an address no pod has is named as unknown
  const announced = info
    .replace('ip=192.168.156.4', 'ip=redis-1.redis-headless.default.svc.cluster.local')
    .replace('ip=192.168.145.10', 'ip=10.1.2.3')
    .replace(/state=online,offset=420,lag=0\nslave1/, 'state=wait_bgsave,offset=420,lag=0\nslave1');
  const mixed = isMasterOf(call(command, announced), MASTER, replicas);
  assert.deepEqual(mixed.observed, {
    role: 'master',
    replicas: ['redis-1 wait_bgsave', 'unknown replica 10.1.2.3 online'],
  });
  // a pod without a hostname or subdomain is matched by its address only
  const plain = replicas.map((p): V1Pod => ({ ...p, spec: { ...p.spec!, hostname: undefined } }));
  assert.deepEqual(isMasterOf(call(command, announced), MASTER, plain).observed.replicas, [
    'unknown replica 10.1.2.3 online',
    'unknown replica redis-1.redis-headless.default.svc.cluster.local wait_bgsave',
  ]);
  const noSubdomain = replicas.map((p): V1Pod => ({ ...p, spec: { ...p.spec!, subdomain: undefined } }));
  assert.deepEqual(isMasterOf(call(command, announced), MASTER, noSubdomain).observed.replicas, [
    'unknown replica 10.1.2.3 online',
    'unknown replica redis-1.redis-headless.default.svc.cluster.local wait_bgsave',
  ]);
  const noNamespace = replicas.map((p): V1Pod => ({ ...p, metadata: { ...p.metadata, namespace: undefined } }));
  assert.deepEqual(isMasterOf(call(command, announced), MASTER, noNamespace).observed.replicas, [
    'unknown replica 10.1.2.3 online',
    'unknown replica redis-1.redis-headless.default.svc.cluster.local wait_bgsave',
  ]);

  const alone = isMasterOf(call(command, '# Replication\nrole:master\n'), MASTER, replicas);
  assertFails(alone, 'shows role master, connected_slaves:? (none).');
  const gone = isMasterOf(lost(command), MASTER, replicas);
  assert.deepEqual(gone.observed, {
    role: `no connection (Could not connect to Redis at ${MASTER}:6379: Name or service not known)`,
    replicas: [],
  });
  assertFails(
    gone,
    `shows role no connection (Could not connect to Redis at ${MASTER}:6379: Name or service not known). Check`,
  );
});

test("a replica: the lab's INFO follows the master by its stable name, link up; an address, a down link or no INFO fails", () => {
  const command = 'redis-cli -h redis-1.redis-headless INFO replication';
  const info = shown(command);
  const f = isReplicaOf(call(command, info), 'redis-1.redis-headless', MASTER, 'default', 4_000);
  assertPasses(f);
  assert.deepEqual(f.expected, {
    role: 'slave',
    masterHost: 'redis-0.redis-headless.default.svc.cluster.local',
    link: 'up',
  });
  assert.equal(
    f.message,
    `The lab shows redis-1.redis-headless as a replica (role:slave) whose master_host is the master's stable name ${MASTER} (completed in namespace default) with master_link_status:up; after 4 s \`${command}\` shows role slave, master_host redis-0.redis-headless.default.svc.cluster.local, link up. Check ${LOOK('redis-1.redis-headless')}.`,
  );
  assert.deepEqual(
    f.evidence.map((e) => e.title),
    [command],
  );
  // the grep'd lines of 5.2 (redis-2) are enough
  const grep = 'redis-cli -h redis-2.redis-headless INFO replication | grep -E "role|master_host|master_link_status"';
  assertPasses(isReplicaOf(call(grep, shown(grep)), 'redis-2.redis-headless', MASTER, 'default', 0));

  const byIp = isReplicaOf(
    call(command, info.replace(/master_host:.*/, 'master_host:192.168.202.195')),
    'redis-1.redis-headless',
    MASTER,
    'default',
    1_500,
  );
  assert.deepEqual(byIp.expected.masterHost, 'redis-0.redis-headless.default.svc.<cluster domain>');
  assertFails(byIp, 'after 2 s', 'master_host 192.168.202.195, link up.');
  const bare = isReplicaOf(
    call(command, '# Replication\nrole:slave\n'),
    'redis-1.redis-headless',
    MASTER,
    'default',
    0,
  );
  assert.deepEqual(bare.observed, { role: 'slave', masterHost: '(none)', link: '(none)' });
  const gone = isReplicaOf(lost(command), 'redis-1.redis-headless', MASTER, 'default', 0);
  assert.deepEqual(gone.observed, {
    role: `no connection (Could not connect to Redis at ${MASTER}:6379: Name or service not known)`,
    masterHost: '(none)',
    link: '(none)',
  });
});

test("the key read back: the lab's SET and GETs pass; a replica missing the key or unreachable fails", () => {
  const set = call('redis-cli -h redis-0.redis-headless SET labgate-key "Hello from master"', 'OK\n');
  const get = (host: string, stdout: string) => ({ host, call: call(`redis-cli -h ${host} GET labgate-key`, stdout) });
  const value = 'Hello from master';
  const labReads = [get('redis-1.redis-headless', `${value}\n`), get('redis-2.redis-headless', `${value}\n`)];
  const extra = [textEvidence('cleanup', 'DEL labgate-key')];
  const f = keyReadBack(set, labReads, MASTER, 'labgate-key', value, extra);
  assertPasses(f);
  assert.deepEqual(f.expected, {
    write: 'OK',
    reads: { 'redis-1.redis-headless': value, 'redis-2.redis-headless': value },
  });
  assert.deepEqual(
    f.evidence.map((e) => e.title),
    [set.shown, ...labReads.map((r) => r.call.shown), 'cleanup'],
  );

  const missing = keyReadBack(
    set,
    [labReads[0]!, get('redis-2.redis-headless', '\n')],
    MASTER,
    'labgate-key',
    value,
    [],
  );
  assert.deepEqual(missing.observed.reads, { 'redis-1.redis-headless': value, 'redis-2.redis-headless': '' });
  assertFails(
    missing,
    `The lab shows a key written on the master ${MASTER} read back from every replica; labgate wrote its own key labgate-key = "Hello from master" (deleted afterwards): SET answered "OK", and the replicas answered redis-1.redis-headless: "Hello from master", redis-2.redis-headless: an empty reply (nil). Check replication with ${LOOK(MASTER)}.`,
  );
  const refused = keyReadBack(
    call('SET', "READONLY You can't write against a read only replica.\n"),
    labReads,
    MASTER,
    'k',
    value,
    [],
  );
  assert.equal(refused.observed.write, 'the error "READONLY You can\'t write against a read only replica."');
});

test("a write on a replica: the lab's READONLY passes; an accepted write, another error or no connection fails", () => {
  const command = 'redis-cli -h redis-1.redis-headless SET anotherkey "test"';
  const f = writeRefused(call(command, shown(command), 1), 'redis-1.redis-headless');
  assertPasses(f);
  assert.deepEqual(
    f.evidence.map((e) => e.title),
    [command],
  );
  const accepted = writeRefused(call(command, 'OK\n'), 'redis-1.redis-headless');
  assert.equal(accepted.observed, 'accepted (OK)');
  assertFails(
    accepted,
    `The lab shows a write on the replica redis-1.redis-headless refused with "READONLY You can't write against a read only replica."; \`${command}\` got "OK". Check ${LOOK('redis-1.redis-headless')} (slave_read_only:1).`,
  );
  assert.equal(writeRefused(call(command, 'NOAUTH Authentication required.\n', 1), 'x').observed, 'NOAUTH');
  assert.equal(
    writeRefused(lost(command), 'x').observed,
    `no connection (Could not connect to Redis at ${MASTER}:6379: Name or service not known)`,
  );
});

test("peer discovery: the lab's log of redis-1 passes; a master by address, no connection line or no sync fails", () => {
  const log = shown('kubectl logs redis-1 | head -20');
  const f = logShowsMasterByName('redis-1', 'redis', 'default', log, MASTER);
  assertPasses(f);
  assert.deepEqual(f.observed, { connectingTo: ['redis-0.redis-headless.default.svc.cluster.local'], synced: true });
  assert.equal(
    f.message,
    `The lab shows in \`kubectl logs redis-1 -c redis\` the replica connecting to its master by the stable name ${MASTER} ("Connecting to MASTER ${MASTER}.default.svc...:6379"), then syncing; the log shows connections to redis-0.redis-headless.default.svc.cluster.local and a finished sync. Check \`kubectl logs redis-1 -c redis\` and the pod's command (--replicaof).`,
  );
  assert.deepEqual(
    f.evidence.map((e) => e.title),
    ['log of redis-1/redis (replication lines)', 'log of redis-1/redis'],
  );
  assert.equal(
    f.evidence[0]!.body,
    log
      .split('\n')
      .filter((l) => /MASTER|REPLICA|replicat/i.test(l))
      .join('\n'),
  );
  assert.equal(f.evidence[1]!.body, log);

  // the same address twice is one connection; by address it is not by name
  const byIp =
    log.replace('redis-0.redis-headless.default.svc.cluster.local:6379', '192.168.202.195:6379') +
    '1:S * Connecting to MASTER 192.168.202.195:6379\n';
  const ip = logShowsMasterByName('redis-1', 'redis', 'default', byIp, MASTER);
  assert.deepEqual(ip.observed.connectingTo, ['192.168.202.195']);
  assert.deepEqual(ip.expected.connectingTo, ['redis-0.redis-headless.default.svc.<cluster domain>']);
  const both = logShowsMasterByName(
    'redis-1',
    'redis',
    'default',
    `${byIp}1:S * Connecting to MASTER redis-0.redis-headless:6379\n`,
    MASTER,
  );
  assert.deepEqual(both.observed.connectingTo, ['192.168.202.195', 'redis-0.redis-headless']);
  assertFails(both, 'the log shows connections to 192.168.202.195, redis-0.redis-headless and a finished sync.');

  for (const synced of [
    'MASTER <-> REPLICA sync: Finished with success',
    'Partial Resynchronization accepted',
    'Successful partial resynchronization with master',
  ]) {
    assert.equal(
      logShowsMasterByName('redis-1', 'redis', 'default', `* Connecting to MASTER ${MASTER}:6379\n${synced}\n`, MASTER)
        .observed.synced,
      true,
      synced,
    );
  }
  const never = logShowsMasterByName(
    'redis-1',
    'redis',
    'default',
    'Redis is starting\nReady to accept connections\n',
    MASTER,
  );
  assert.deepEqual(never.observed, { connectingTo: [], synced: false });
  assertFails(never, 'the log shows no "Connecting to MASTER" line and no finished sync.');
  assert.equal(never.evidence[0]!.body, '(no replication lines)');
  const chatty = Array.from({ length: 25 }, (_, i) => `* MASTER line ${i}`).join('\n');
  assert.equal(
    logShowsMasterByName('redis-1', 'redis', 'default', chatty, MASTER).evidence[0]!.body.split('\n').length,
    20,
  );
});

test('replica pods with fields left out: matched by what they have, named as the API gave them', () => {
  const command = 'redis-cli -h redis-0.redis-headless INFO replication';
  const info = shown(command).replace('ip=192.168.156.4', 'ip=redis-1.redis-headless.default.svc.cluster.local');
  const partial = [
    { spec: { containers: [], hostname: 'redis-1', subdomain: 'redis-headless' } } as V1Pod,
    { status: { podIP: '192.168.145.10' } } as V1Pod,
  ];
  const f = isMasterOf(call(command, info), MASTER, partial);
  assert.deepEqual(f.expected.replicas, ['undefined online', 'undefined online']);
  assert.deepEqual(f.observed.replicas, [
    'unknown replica 192.168.145.10 online',
    'unknown replica redis-1.redis-headless.default.svc.cluster.local online',
  ]);
  const noSpec = isMasterOf(call(command, info), MASTER, [
    { metadata: { name: 'redis-2' }, status: { podIP: '192.168.145.10' } } as V1Pod,
  ]);
  assert.deepEqual(noSpec.observed.replicas, [
    'redis-2 online',
    'unknown replica redis-1.redis-headless.default.svc.cluster.local online',
  ]);
});
