/** Steps of the @mutating scenarios: the lab's own changes, the waits that follow them, what they promise. */
import { Then, When } from '@cucumber/cucumber';
import { expect } from 'chai';
import { courseFile } from '../support/mutation/labFiles.ts';
import { readManifest } from '../support/mutation/labChanges.ts';
import {
  calicoCidrs,
  eventNamesAddress,
  podAtRequestedAddress,
  podBackAtAddress,
  podHeldBack,
  podInPoolOutsideReservation,
} from '../support/mutation/checks.ts';
import { podEvents, podReadyWithin, requestedAddress, watchHeldBack } from '../support/mutation/podWaits.ts';
import { pingAnswered, pingReplyTtl } from '../support/podnet/checks/ttl.ts';
import { pingFrom } from '../support/podnet/podReader.ts';
import type { LabWorld } from '../support/world.ts';

const NS = 'default';

function changes(world: LabWorld) {
  if (!world.changes) throw new Error('this step changes the lab: tag its scenario @mutating');
  return world.changes;
}

When('the lab applies its manifest {string}', async function (this: LabWorld, file: string) {
  for (const o of readManifest(courseFile(this.target.labName, file), NS)) await changes(this).apply(o);
  this.log(`applied ${file}`);
});

When(
  'the pod {string} is deleted and gone within {int} seconds',
  async function (this: LabWorld, name: string, s: number) {
    const pod = await this.session.kube.core.readNamespacedPod({ name, namespace: NS });
    this.noted[`${name}/ip`] = pod.status?.podIP ?? '';
    await changes(this).delete({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS } }, s * 1000);
  },
);

Then('the pod {string} is Ready within {int} seconds', async function (this: LabWorld, name: string, s: number) {
  const pod = await podReadyWithin(this.session.kube.core, NS, name, s);
  this.log(`${name}: Ready at ${pod.status?.podIP} on ${pod.spec?.nodeName}`);
});

Then('the pod {string} has the address its ipAddrs annotation asks for', async function (this: LabWorld, name: string) {
  const pod = await this.session.kube.core.readNamespacedPod({ name, namespace: NS });
  const f = await this.report(podAtRequestedAddress(name, pod.status?.podIP ?? '', requestedAddress(pod)));
  expect(f.observed, f.message).to.equal(f.expected);
});

Then('the pod {string} has the address it had before', async function (this: LabWorld, name: string) {
  const pod = await this.session.kube.core.readNamespacedPod({ name, namespace: NS });
  const f = await this.report(podBackAtAddress(name, pod.status?.podIP ?? '', this.noted[`${name}/ip`] ?? ''));
  expect(f.observed, f.message).to.equal(f.expected);
});

Then(
  'the pod {string} has an address in the pool {cidr} outside the reservation {cidr}',
  async function (this: LabWorld, name: string, pool: string, reserved: string) {
    const pod = await this.session.kube.core.readNamespacedPod({ name, namespace: NS });
    const f = await this.report(podInPoolOutsideReservation(name, pod.status?.podIP ?? '', pool, reserved));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'the pod {string} stays in {word} for {int} seconds',
  async function (this: LabWorld, name: string, reason: string, s: number) {
    const wait = await watchHeldBack(this.session.kube.core, NS, name, reason, s);
    const f = await this.report(podHeldBack(`${NS}/${name}`, reason, wait));
    expect(f.observed, f.message).to.equal(f.expected);
  },
);

Then(
  'an Event {word} on the pod {string} names the address it asks for',
  async function (this: LabWorld, reason: string, name: string) {
    const core = this.session.kube.core;
    const pod = await core.readNamespacedPod({ name, namespace: NS });
    const f = await this.report(eventNamesAddress(name, await podEvents(core, NS, pod), reason, requestedAddress(pod)));
    expect(f.observed, f.message).to.equal(f.expected);
  },
);

Then(
  '{int} pings from the pod {string} to the pod {string} come back with TTL {int}',
  async function (this: LabWorld, count: number, from: string, to: string, ttl: number) {
    const core = this.session.kube.core;
    const src = await core.readNamespacedPod({ name: from, namespace: NS });
    const dst = await core.readNamespacedPod({ name: to, namespace: NS });
    const ref = {
      namespace: NS,
      name: from,
      container: src.spec?.containers[0]?.name ?? '',
      node: src.spec?.nodeName ?? '',
      ip: src.status?.podIP,
    };
    const destination = {
      namespace: NS,
      name: to,
      node: dst.spec?.nodeName ?? '',
      ip: dst.status?.podIP ?? '',
    };
    const r = await pingFrom(this.session.kube.kc, ref, destination.ip, count);
    await this.evidence(r.evidence);
    const source = { ...ref, ip: ref.ip ?? '' };
    const answered = await this.report(pingAnswered(source, destination, r.value, count, []));
    expect(answered.observed, answered.message).to.deep.equal(answered.expected);
    const f = await this.report(pingReplyTtl(source, destination, r.value, []));
    expect(f.expected, `the feature's TTL ${ttl} is the one the pods' placement gives`).to.deep.equal([ttl]);
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

async function calicoObject(
  world: LabWorld,
  plural: string,
  name: string,
): Promise<{ spec?: Record<string, unknown> }> {
  const group = 'crd.projectcalico.org';
  return (await world.session.kube.custom.getClusterCustomObject({ group, version: 'v1', plural, name })) as {
    spec?: Record<string, unknown>;
  };
}

Then('the IP pool {string} has the CIDR {cidr}', async function (this: LabWorld, name: string, cidr: string) {
  const pool = await calicoObject(this, 'ippools', name);
  const f = await this.report(calicoCidrs(`IPPool ${name}`, [String(pool.spec?.cidr ?? '')].filter(Boolean), [cidr]));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then('the IP reservation {string} reserves {cidr}', async function (this: LabWorld, name: string, cidr: string) {
  const r = await calicoObject(this, 'ipreservations', name);
  const reserved = (r.spec?.reservedCIDRs as string[] | undefined) ?? [];
  const f = await this.report(calicoCidrs(`IPReservation ${name}`, reserved, [cidr]));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});
