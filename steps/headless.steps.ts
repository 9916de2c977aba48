import { Then } from '@cucumber/cucumber';
import type { V1StatefulSet } from '@kubernetes/client-node';
import { expect } from 'chai';
import {
  endpointsCarryHostnames,
  headlessService,
  noEndpointHostnames,
  statefulSetOrdinals,
} from '../support/services/headlessChecks.ts';
import { noRulesForService } from '../support/kubeproxy/headlessRules.ts';
import { lookupAnswersExactly } from '../support/dns/checks.ts';
import { freshLookup } from '../support/dns/lookups.ts';
import { podIsReady } from '../support/workloads/workloads.ts';
import { LabgateError } from '../support/floor/errors.ts';
import type { LabWorld } from '../support/world.ts';

Then(
  'dig asks for {string} and gets exactly the ready pod IPs of {string} with TTL {int}',
  async function (this: LabWorld, name: string, service: string, ttl: number) {
    const ips = (await this.session.cluster.podsBehind(service)).filter(podIsReady).map((p) => p.status?.podIP ?? '');
    const fresh = await freshLookup(this.session.kube.kc, this.requirePod(), this.requireDig(), ttl);
    await this.evidence(fresh.evidence);
    const f = await this.report(
      lookupAnswersExactly(fresh.lookup, {
        name,
        addresses: ips,
        ttl,
        what: `every ready pod IP behind ${service} and no VIP`,
      }),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'dig asks for {string} and gets the IP of pod {string} with TTL {int}',
  async function (this: LabWorld, name: string, pod: string, ttl: number) {
    const [p] = await this.session.cluster.podsOf(pod);
    const fresh = await freshLookup(this.session.kube.kc, this.requirePod(), this.requireDig(), ttl);
    await this.evidence(fresh.evidence);
    const f = await this.report(
      lookupAnswersExactly(fresh.lookup, {
        name,
        addresses: [p?.status?.podIP ?? `(pod ${pod} has no IP)`],
        ttl,
        what: `the IP of pod ${pod} alone`,
      }),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  '{string} is a headless Service on port {int}\\/{word} named {string}',
  async function (this: LabWorld, name: string, port: number, protocol: string, portName: string) {
    const f = await this.report(
      headlessService(name, await this.session.cluster.service(name), { port, protocol, name: portName }),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'the StatefulSet {string} has {int}\\/{int} pods ready, named by ordinal under its headless Service',
  async function (this: LabWorld, name: string, ready: number, wanted: number) {
    const w = await this.session.cluster.requireWorkload(name);
    if (w.kind !== 'StatefulSet')
      throw new LabgateError(
        `${name} is a ${w.kind}, not the StatefulSet the lab shows`,
        `kubectl get statefulset ${name}`,
      );
    expect(ready, `the lab shows READY ${ready}/${wanted}`).to.equal(wanted);
    const f = await this.report(
      statefulSetOrdinals(w.object as V1StatefulSet, await this.session.cluster.podsOf(name), wanted),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then('every endpoint of {string} carries the hostname of its pod', async function (this: LabWorld, service: string) {
  const f = await this.report(
    endpointsCarryHostnames(
      service,
      await this.session.cluster.slices(service),
      await this.session.cluster.podsBehind(service),
    ),
  );
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then('no endpoint of {string} carries a hostname', async function (this: LabWorld, service: string) {
  const f = await this.report(noEndpointHostnames(service, await this.session.cluster.slices(service)));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  'KUBE-SERVICES has no rule for {string} and no chain carries its hash',
  async function (this: LabWorld, service: string) {
    const f = await this.report(
      noRulesForService(this.requireNat(), await this.session.cluster.requireService(service)),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);
