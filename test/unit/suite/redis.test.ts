/** redis-cli's raw output read into replies, INFO replication parsed, and the lab 11 redis checks on them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { parseRedisCli, parseReplicationInfo } from '../../../support/application/redisReply.ts';
import {
  isMasterOf,
  isReplicaOf,
  isStableName,
  logShowsMasterByName,
  writeRefused,
} from '../../../support/application/checks.ts';
import type { RedisCall } from '../../../support/application/redis.ts';

// the lab text's INFO replication outputs (5.1, 5.2)
const MASTER_INFO = `# Replication
role:master
connected_slaves:2
slave0:ip=192.168.156.4,port=6379,state=online,offset=420,lag=0
slave1:ip=redis-2.redis-headless.default.svc.cluster.local,port=6379,state=online,offset=420,lag=0
master_failover_state:no-failover
`;
const REPLICA_INFO = `# Replication
role:slave
master_host:redis-0.redis-headless.default.svc.cluster.local
master_port:6379
master_link_status:up
slave_read_only:1
`;

function call(stdout: string, exitCode = 0, stderr = ''): RedisCall {
  return {
    shown: 'redis-cli -h x',
    reply: parseRedisCli(stdout, stderr, exitCode),
    evidence: { title: 't', body: stdout, mediaType: 'text/plain' },
  };
}

function pod(name: string, ip: string): V1Pod {
  return {
    metadata: { name, namespace: 'default' },
    spec: { containers: [], hostname: name, subdomain: 'redis-headless' },
    status: { podIP: ip },
  };
}

test('redis-cli replies: PONG, OK, nil, READONLY (with and without "(error) "), no connection', () => {
  assert.deepEqual(parseRedisCli('PONG\n', '', 0), { kind: 'reply', text: 'PONG' });
  assert.deepEqual(parseRedisCli('\n', '', 0), { kind: 'reply', text: '' });
  assert.deepEqual(parseRedisCli("READONLY You can't write against a read only replica.\n", '', 0), {
    kind: 'error',
    code: 'READONLY',
    text: "READONLY You can't write against a read only replica.",
  });
  assert.equal(parseRedisCli("(error) READONLY You can't write against a read only replica.\n", '', 1).kind, 'error');
  const down = parseRedisCli(
    '',
    'Could not connect to Redis at redis-1.redis-headless:6379: Name or service not known\n',
    1,
  );
  assert.deepEqual(down, {
    kind: 'unreachable',
    text: 'Could not connect to Redis at redis-1.redis-headless:6379: Name or service not known',
  });
});

test('INFO replication: role, fields, replicas by address or announced name', () => {
  const info = parseReplicationInfo(MASTER_INFO);
  assert.equal(info.role, 'master');
  assert.deepEqual(
    info.replicas.map((r) => `${r.ip} ${r.state}`),
    ['192.168.156.4 online', 'redis-2.redis-headless.default.svc.cluster.local online'],
  );
});

test('the master check names replicas by pod, whichever way they are listed; one missing fails', () => {
  const replicas = [pod('redis-1', '192.168.156.4'), pod('redis-2', '192.168.145.10')];
  const ok = isMasterOf(call(MASTER_INFO), 'redis-0.redis-headless', replicas);
  assert.deepEqual(ok.observed, ok.expected);
  const one = isMasterOf(
    call(MASTER_INFO.replace(/slave1:.*\n/, '').replace('connected_slaves:2', 'connected_slaves:1')),
    'redis-0.redis-headless',
    replicas,
  );
  assert.notDeepEqual(one.observed, one.expected);
  assert.match(one.message, /connected_slaves:1 \(redis-1 online\)/);
});

test('a replica follows the stable name, completed or not; an address or a down link fails', () => {
  assert.ok(isStableName('redis-0.redis-headless.default.svc.cluster.local', 'redis-0.redis-headless', 'default'));
  assert.ok(!isStableName('192.168.202.195', 'redis-0.redis-headless', 'default'));
  const ok = isReplicaOf(call(REPLICA_INFO), 'redis-1.redis-headless', 'redis-0.redis-headless', 'default', 0);
  assert.deepEqual(ok.observed, ok.expected);
  const byIp = isReplicaOf(
    call(REPLICA_INFO.replace(/master_host:.*/, 'master_host:192.168.202.195')),
    'redis-1.redis-headless',
    'redis-0.redis-headless',
    'default',
    0,
  );
  assert.notDeepEqual(byIp.observed, byIp.expected);
  const down = isReplicaOf(
    call(REPLICA_INFO.replace('link_status:up', 'link_status:down')),
    'redis-1.redis-headless',
    'redis-0.redis-headless',
    'default',
    30_000,
  );
  assert.match(down.message, /after 30 s .* link down/);
});

test('a write on a replica must be refused with READONLY; accepted writes fail', () => {
  const refused = writeRefused(
    call("READONLY You can't write against a read only replica.\n"),
    'redis-1.redis-headless',
  );
  assert.equal(refused.observed, 'READONLY');
  assert.equal(writeRefused(call('OK\n'), 'redis-1.redis-headless').observed, 'accepted (OK)');
});

test("peer discovery: the replica's log connects to the master by name and syncs", () => {
  const log =
    '* Connecting to MASTER redis-0.redis-headless.default.svc.cluster.local:6379\n* MASTER <-> REPLICA sync started\n* MASTER <-> REPLICA sync: Finished with success\n';
  const ok = logShowsMasterByName('redis-1', 'redis', 'default', log, 'redis-0.redis-headless');
  assert.deepEqual(ok.observed, ok.expected);
  const byIp = logShowsMasterByName(
    'redis-1',
    'redis',
    'default',
    log.replace('redis-0.redis-headless.default.svc.cluster.local', '192.168.1.5'),
    'redis-0.redis-headless',
  );
  assert.notDeepEqual(byIp.observed, byIp.expected);
});
