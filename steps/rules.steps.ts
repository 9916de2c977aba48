import { Given, Then, When } from '@cucumber/cucumber';
import { expect } from 'chai';
import {
  dnatTargetsEqualEndpoints,
  endpointChainShape,
  endpointChainsNamedByHash,
  endpointRuleProbabilities,
  firstEndpointProbability,
  kubeServicesJump,
  observedSpread,
  serviceChainMasqueradesOutsiders,
  serviceChainNamedByHash,
  tracedShares,
} from '../support/kubeproxy/checks.ts';
import { serviceDiagram } from '../support/kubeproxy/serviceDiagram.ts';
import { planned } from '../support/run/plan.ts';
import { finding } from '../support/floor/finding.ts';
import type { LabWorld } from '../support/world.ts';
import { LabgateError } from '../support/floor/errors.ts';

Given(
  planned('the NAT rules of the {nodeRole} node', (role: string) => ({ kind: 'nat', role })),
  async function (this: LabWorld, role: string) {
    this.nat = await this.session.nat.table(await this.session.cluster.nodeForRole(role));
  },
);

Then(
  'KUBE-SERVICES jumps to the chain of {string} port {string} for its VIP\\/32, {word} port {int}',
  async function (this: LabWorld, service: string, portName: string, protocol: string, port: number) {
    const f = await this.report(
      kubeServicesJump(this.requireNat(), await this.useServicePort(service, portName), protocol, port),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then("that chain's name is kube-proxy's hash of the Service port and protocol", async function (this: LabWorld) {
  const f = await this.report(serviceChainNamedByHash(this.requireNat(), this.requireServicePort()));
  expect(f.observed, f.message).to.equal(f.expected);
});

Then(
  'the Service chain of {string} port {string} first marks for masquerade traffic not from {cidr}',
  async function (this: LabWorld, service: string, portName: string, cidr: string) {
    const f = await this.report(
      serviceChainMasqueradesOutsiders(this.requireNat(), await this.useServicePort(service, portName), cidr),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  /^it has one rule per endpoint, rule i of n with probability 1\/\(n-i\) and the last with none$/,
  async function (this: LabWorld) {
    const f = await this.report(endpointRuleProbabilities(this.requireNat(), this.requireServicePort()));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'the first of its {int} endpoint rules has probability {float}',
  async function (this: LabWorld, count: number, probability: number) {
    const f = await this.report(
      firstEndpointProbability(this.requireNat(), this.requireServicePort(), count, probability),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  "every endpoint chain's name is kube-proxy's hash of the Service port, protocol and endpoint",
  async function (this: LabWorld) {
    const f = await this.report(endpointChainsNamedByHash(this.requireNat(), this.requireServicePort()));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'endpoint chain {int} of {string} port {string} marks hairpin traffic from its own pod and DNATs tcp to that ' +
    'pod on port {int}',
  async function (this: LabWorld, index: number, service: string, portName: string, port: number) {
    const f = await this.report(
      endpointChainShape(this.requireNat(), await this.useServicePort(service, portName), index, port),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'the DNAT targets of {string} port {string} are exactly the endpoints of its EndpointSlices',
  async function (this: LabWorld, service: string, portName: string) {
    const f = await this.report(
      dnatTargetsEqualEndpoints(this.requireNat(), await this.useServicePort(service, portName)),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'a new connection to the VIP on port {int} reaches every endpoint with an equal share',
  async function (this: LabWorld, port: number) {
    const facts = this.requireServicePort();
    expect(facts.port, `the lab's Service listens on port ${port}; it has ${facts.port}`).to.equal(port);
    const f = await this.report(tracedShares(this.requireNat(), facts));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

When(
  planned(
    'it opens {int} new connections to the VIP of {string} port {int}',
    (count: number, service: string, port: number) => ({ kind: 'burst', count, service, port }),
  ),
  async function (this: LabWorld, count: number, service: string, port: number) {
    const facts = (this.servicePort = await this.session.cluster.servicePortByNumber(service, port));
    const spread = await this.session.traffic.openConnections(this.requirePod(), facts.clusterIP, port, count);
    await this.evidence(spread.evidence);
    this.spread = { ...spread, connections: count };
  },
);

const SPREAD_STEP =
  "each endpoint's DNAT rule on that node counted its equal share of them, " +
  'within binomial bounds at a false-alarm rate of {rate} per run shared by {int} bursts';
Then(SPREAD_STEP, async function (this: LabWorld, rate: number, bursts: number) {
  const s = this.requireSpread();
  const opened = this.session.traffic.burstsOpened();
  // the budget is the run's: more bursts than it is shared by would overspend it
  if (opened > bursts) {
    throw new LabgateError(
      `this run opened ${opened} connection bursts; the feature shares its false-alarm rate by ${bursts}`,
      'state the number of bursts the run makes in the step',
    );
  }
  const established = await this.report(
    finding(
      { ok: s.connections, failed: 0 },
      s.outcome,
      `all ${s.connections} connections should be established; ${s.outcome.failed} failed`,
    ),
  );
  expect(established.observed, established.message).to.deep.equal(established.expected);
  const budget = { runRate: rate, bursts };
  const f = await this.report(observedSpread(s.before, s.after, this.requireServicePort(), s.connections, budget));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  'a diagram of the chains of {string} port {string} is attached to the report',
  async function (this: LabWorld, service: string, portName: string) {
    const d = await serviceDiagram(this.requireNat(), await this.useServicePort(service, portName));
    await this.evidence(d.evidence);
    if (d.note) this.log(`labgate: ${d.note}`);
    const what = `a diagram of the rules of ${service} port ${portName} on ${this.requireNat().node}`;
    const f = await this.report(
      finding(true, d.view !== undefined, `${what}: ${d.view ? 'drawn' : 'no rules to draw'}`),
    );
    expect(f.observed, f.message).to.equal(f.expected);
  },
);
