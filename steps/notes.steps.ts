import { Then } from '@cucumber/cucumber';
import { expect } from 'chai';
import { ipv6RulesOnNodes, noAffinityRules } from '../support/kubeproxy/checks.ts';
import { sessionAffinityNone, singleIPv4ClusterIP } from '../support/services/checks.ts';
import { planned } from '../support/run/plan.ts';
import type { LabWorld } from '../support/world.ts';

Then('{string} has sessionAffinity None', async function (this: LabWorld, service: string) {
  const f = await this.report(sessionAffinityNone(service, await this.session.cluster.requireService(service)));
  expect(f.observed, f.message).to.equal(f.expected);
});

Then(
  'no rule in the chains of {string} port {string} uses the recent module',
  async function (this: LabWorld, service: string, portName: string) {
    const f = await this.report(noAffinityRules(this.requireNat(), await this.useServicePort(service, portName)));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then('{string} has exactly one cluster IP, of family IPv4', async function (this: LabWorld, service: string) {
  const f = await this.report(singleIPv4ClusterIP(service, await this.session.cluster.requireService(service)));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  planned('no node has IPv6 NAT rules for {string}', () => ({ kind: 'ipv6Nat' })),
  async function (this: LabWorld, service: string) {
    const facts = await this.session.cluster.serviceFacts(service);
    const f = await this.report(ipv6RulesOnNodes(await this.session.nat.ipv6Tables(), facts));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);
