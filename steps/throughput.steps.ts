/** Steps that measure: a bounded iperf3 run between pods, and what Calico's bandwidth annotations promise of it. */
import { Then, When } from '@cucumber/cucumber';
import { expect } from 'chai';
import { readManifest } from '../support/mutation/labChanges.ts';
import { courseFile } from '../support/mutation/labFiles.ts';
import { annotatedBandwidth, parseBandwidth, type Direction } from '../support/throughput/bandwidth.ts';
import {
  annotationsAsWritten,
  burstInFirstSecond,
  farBelow,
  rateAtLeast,
  steadyRateWithin,
} from '../support/throughput/checks.ts';
import { measureThroughput } from '../support/throughput/reader.ts';
import type { ThroughputRun } from '../support/throughput/iperf.ts';
import { LabgateError } from '../support/floor/errors.ts';
import type { LabWorld } from '../support/world.ts';

const NS = 'default';

function runNamed(world: LabWorld, name: string): ThroughputRun {
  const run = world.runs[name];
  if (!run) throw new Error(`this step needs the ${name} run measured by an earlier step`);
  return run;
}

async function podAnnotations(world: LabWorld, name: string): Promise<Record<string, string>> {
  const pod = await world.session.kube.core.readNamespacedPod({ name, namespace: NS });
  return pod.metadata?.annotations ?? {};
}

async function podLimit(world: LabWorld, pod: string, d: Direction): Promise<number> {
  const rate = annotatedBandwidth(await podAnnotations(world, pod), d);
  if (rate === undefined) throw new LabgateError(`pod ${pod} has no ${d}Bandwidth annotation`);
  return rate;
}

When(
  'the pod {string} measures the throughput to {string} for {int} seconds as the {word} run',
  async function (this: LabWorld, from: string, server: string, seconds: number, name: string) {
    const pod = await this.session.kube.core.readNamespacedPod({ name: from, namespace: NS });
    const ref = {
      namespace: NS,
      name: from,
      container: pod.spec?.containers[0]?.name ?? '',
      node: pod.spec?.nodeName ?? '',
    };
    const { run, evidence } = await measureThroughput(this.session.kube.kc, ref, server, seconds);
    await this.evidence(evidence);
    this.runs[name] = run;
    this.log(`${name} run ${from} -> ${server}: ${(run.receivedBitsPerSecond / 1e6).toFixed(2)} Mbit/s received`);
  },
);

Then(
  'the {word} run carries at least {int} times {bandwidth}',
  async function (this: LabWorld, name: string, factor: number, rate: string) {
    const f = await this.report(rateAtLeast(`the ${name} run`, runNamed(this, name), factor, parseBandwidth(rate)));
    expect(f.observed, f.message).to.equal(f.expected);
  },
);

Then(
  'after its first second the {word} run holds to the {word} bandwidth of the pod {string}',
  async function (this: LabWorld, name: string, direction: string, pod: string) {
    if (direction !== 'ingress' && direction !== 'egress') throw new Error(`"${direction}": ingress or egress`);
    const limit = await podLimit(this, pod, direction);
    const source = `pod ${pod}'s ${direction}Bandwidth ${(limit / 1e6).toString()}M`;
    const f = await this.report(steadyRateWithin(`the ${name} run`, runNamed(this, name), limit, source));
    expect(f.observed, f.message).to.equal(f.expected);
  },
);

Then(
  'the first second of the {word} run bursts above {int} times the {word} bandwidth of the pod {string}',
  async function (this: LabWorld, name: string, factor: number, direction: string, pod: string) {
    if (direction !== 'ingress' && direction !== 'egress') throw new Error(`"${direction}": ingress or egress`);
    const limit = await podLimit(this, pod, direction);
    const f = await this.report(burstInFirstSecond(`the ${name} run`, runNamed(this, name), limit, factor));
    expect(f.observed, f.message).to.equal(f.expected);
  },
);

Then(
  'after its first second the {word} run is at most 1\\/{int} of the {word} run',
  async function (this: LabWorld, shaped: string, factor: number, baseline: string) {
    const f = await this.report(
      farBelow(`the ${shaped} run`, runNamed(this, shaped), runNamed(this, baseline), factor),
    );
    expect(f.observed, f.message).to.equal(f.expected);
  },
);

Then(
  'the pod {string} carries the annotations of its manifest {string}',
  async function (this: LabWorld, name: string, file: string) {
    const manifest = readManifest(courseFile(this.target.labName, file), NS).find(
      (o) => o.kind === 'Pod' && o.metadata.name === name,
    );
    if (!manifest) throw new LabgateError(`the lab's manifest ${file} has no pod ${name}`);
    const wanted = (manifest.metadata as { annotations?: Record<string, string> }).annotations ?? {};
    const f = await this.report(annotationsAsWritten(name, await podAnnotations(this, name), wanted));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

When('the Service {string} is deleted', async function (this: LabWorld, name: string) {
  if (!this.changes) throw new Error('this step changes the lab: tag its scenario @mutating');
  await this.changes.delete({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS } });
});

Then(
  'the pods {string} and {string} are Running on the {nodeRole} node',
  async function (this: LabWorld, a: string, b: string, role: string) {
    const node = await this.session.cluster.nodeForRole(role);
    const placed: string[] = [];
    for (const name of [a, b]) {
      const pod = await this.session.kube.core.readNamespacedPod({ name, namespace: NS });
      placed.push(`${name}: ${pod.status?.phase} on ${pod.spec?.nodeName}`);
    }
    const wanted = [a, b].map((name) => `${name}: Running on ${node}`);
    expect(placed, `the iperf pods are not both Running on the ${role} node ${node}`).to.deep.equal(wanted);
  },
);
