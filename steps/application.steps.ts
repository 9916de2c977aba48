import { Then } from '@cucumber/cucumber';
import { expect } from 'chai';
import {
  answersPong,
  isMasterOf,
  isReplicaOf,
  keyReadBack,
  logShowsMasterByName,
  writeRefused,
} from '../support/application/checks.ts';
import { logUntil } from '../support/workloads/podLogs.ts';
import { podByStableName } from '../support/workloads/stableNames.ts';
import {
  ping,
  settledMaster,
  settledReplica,
  writeAndReadBack,
  writeOnReplica,
} from '../support/application/redisData.ts';
import { requireObjectName } from '../support/floor/names.ts';
import type { LabWorld } from '../support/world.ts';

Then('redis-cli -h {string} PING answers PONG', async function (this: LabWorld, host: string) {
  const call = await ping(this.session.kube.kc, this.requirePod(), host);
  const f = await this.report(answersPong(call, host));
  expect(f.observed, f.message).to.equal(f.expected);
});

Then(
  'redis at {string} is the master, with the other pods of {string} as its {int} online replicas',
  async function (this: LabWorld, host: string, workload: string, count: number) {
    const pods = await this.session.cluster.podsOf(workload);
    const master = podByStableName(pods, requireObjectName(host, 'the redis host'));
    const replicas = pods.filter((p) => p !== master);
    expect(
      replicas.length,
      `the lab shows ${count} replicas; ${workload} has ${replicas.length} pods besides ${master.metadata?.name}`,
    ).to.equal(count);
    const { call } = await settledMaster(this.session.kube.kc, this.requirePod(), host, count);
    const f = await this.report(isMasterOf(call, host, replicas));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'redis at {string} is a replica of {string} with its link up',
  async function (this: LabWorld, host: string, master: string) {
    const pod = podByStableName(await this.session.cluster.allPods(), requireObjectName(host, 'the redis host'));
    requireObjectName(master, 'the master');
    const { call, waitedMs } = await settledReplica(this.session.kube.kc, this.requirePod(), host);
    const f = await this.report(isReplicaOf(call, host, master, pod.metadata?.namespace ?? '', waitedMs));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'a key written on {string} is read back from {string} and {string}',
  async function (this: LabWorld, master: string, first: string, second: string) {
    for (const h of [master, first, second]) requireObjectName(h, 'the redis host');
    const run = await writeAndReadBack(this.session.kube.kc, this.requirePod(), master, [first, second]);
    const f = await this.report(
      keyReadBack(
        run.write,
        run.reads,
        master,
        run.key,
        run.value,
        run.cleanup.map((c) => c.evidence),
      ),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then('a write on {string} is refused with READONLY', async function (this: LabWorld, replica: string) {
  const r = await writeOnReplica(this.session.kube.kc, this.requirePod(), requireObjectName(replica, 'the redis host'));
  const f = await this.report(writeRefused(r.call, replica));
  if (r.cleanup) await this.evidence([r.cleanup.evidence]);
  expect(f.observed, f.message).to.equal(f.expected);
});

Then(
  'the log of the {string} container of pod {string} shows it connecting to its master {string} by name',
  async function (this: LabWorld, container: string, pod: string, master: string) {
    const w = await this.session.cluster.requireWorkload(pod);
    requireObjectName(container, 'the container name');
    requireObjectName(master, 'the master');
    const check = (log: string) => logShowsMasterByName(pod, container, w.namespace, log, master);
    const log = await logUntil(this.session.kube, pod, w.namespace, container, (l) => {
      const f = check(l);
      return JSON.stringify(f.observed) === JSON.stringify(f.expected);
    });
    const f = await this.report(check(log));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);
