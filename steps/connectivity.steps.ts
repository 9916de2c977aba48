import { Given, Then, When } from '@cucumber/cucumber';
import { expect } from 'chai';
import {
  closedByServer,
  connectionEstablished,
  everyWorkerGot,
  headerStartsWith,
  replyStartsWith,
  resolvesTo,
} from '../support/connectivity/checks.ts';
import { planned } from '../support/run/plan.ts';
import type { LabWorld } from '../support/world.ts';

Given(
  planned('the {string} pod on the {nodeRole} node', (workload: string, role: string) => ({
    kind: 'pod',
    workload,
    role,
  })),
  async function (this: LabWorld, daemonset: string, role: string) {
    this.pod = await this.session.traffic.podOn(daemonset, role);
  },
);

When(
  planned('it looks up {string} through cluster DNS', (name: string) => ({ kind: 'lookup', name })),
  async function (this: LabWorld, name: string) {
    const r = await this.session.traffic.lookUp(this.requirePod(), name);
    await this.evidence(r.evidence);
    this.lookup = r.outcome;
  },
);

Then('the name resolves to the ClusterIP of {string}', async function (this: LabWorld, service: string) {
  const vip = (await this.session.cluster.requireService(service)).spec?.clusterIP ?? '';
  const f = await this.report(resolvesTo(this.requirePod(), service, this.requireLookup(), vip));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

When(
  planned('it connects to {string} port {int} and sends {string}', (host: string, port: number, payload: string) => ({
    kind: 'request',
    host,
    port,
    payload,
  })),
  async function (this: LabWorld, host: string, port: number, payload: string) {
    const r = await this.session.traffic.request(this.requirePod(), host, port, payload);
    await this.evidence(r.evidence);
    this.reply = r.outcome;
  },
);

Then('the TCP connection is established', async function (this: LabWorld) {
  const f = await this.report(connectionEstablished(this.requirePod(), this.requireReply()));
  expect(f.observed, f.message).to.equal(f.expected);
});

Then('the reply starts with {string}', async function (this: LabWorld, statusLine: string) {
  const f = await this.report(replyStartsWith(this.requirePod(), this.requireReply(), statusLine));
  expect(f.observed, f.message).to.equal(f.expected);
});

Then(
  'the reply has a {string} header starting with {string}',
  async function (this: LabWorld, header: string, prefix: string) {
    const f = await this.report(headerStartsWith(this.requirePod(), this.requireReply(), header, prefix));
    expect(f.observed, f.message).to.equal(f.expected);
  },
);

Then('the server closes the connection', async function (this: LabWorld) {
  const f = await this.report(closedByServer(this.requirePod(), this.requireReply()));
  expect(f.observed, f.message).to.equal(f.expected);
});

Then(
  planned(
    'from the {string} pod on every worker, {string} port {int} answers {string} with {string}',
    (workload: string, host: string, port: number, payload: string) => ({
      kind: 'everyWorker',
      workload,
      host,
      port,
      payload,
    }),
  ),
  async function (this: LabWorld, daemonset: string, host: string, port: number, payload: string, statusLine: string) {
    const r = await this.session.traffic.requestFromEveryWorker(daemonset, host, port, payload);
    const f = await this.report(everyWorkerGot(daemonset, payload, r.workers, r.replies, statusLine, r.evidence));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);
