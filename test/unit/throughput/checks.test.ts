/**
 * Lab 12's promises on measured runs: recorded iperf3 output through a 10 Mbit/s tbf and unshaped (test/fixtures/
 * iperf3/), against the rate of the lab's own QoS manifests. Each check passes on what the lab promises and fails, in
 * its own words, on the one change that breaks it: no shaper, a shaper ten times too fast, no burst, a slow baseline.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readManifest } from '../../../support/mutation/labChanges.ts';
import { courseFile } from '../../../support/mutation/labFiles.ts';
import { annotatedBandwidth } from '../../../support/throughput/bandwidth.ts';
import {
  annotationsAsWritten,
  burstInFirstSecond,
  farBelow,
  rateAtLeast,
  steadyRateWithin,
} from '../../../support/throughput/checks.ts';
import { parseIperfJson, type ThroughputRun } from '../../../support/throughput/iperf.ts';

const run = (f: string) => parseIperfJson(readFileSync(path.join('test/fixtures/iperf3', f), 'utf8'));
const shaped = run('shaped-tbf-10mbit.json');
const baseline = run('baseline-veth.json');

function manifestAnnotations(file: string, pod: string): Record<string, string> {
  const o = readManifest(courseFile('12-calico-qos', file)).find((x) => x.kind === 'Pod' && x.metadata.name === pod)!;
  return (o.metadata as { annotations?: Record<string, string> }).annotations ?? {};
}
const serverAnnotations = manifestAnnotations('tools/03-iperf-server-qos.yaml', 'iperf-server-qos');
const limit = annotatedBandwidth(serverAnnotations, 'ingress')!;

/** The run with every receiver interval's rate multiplied (a tbf at another rate, seen the same way). */
function scaled(r: ThroughputRun, factor: number): ThroughputRun {
  return {
    ...r,
    receiverIntervals: r.receiverIntervals.map((i) => ({ ...i, bitsPerSecond: i.bitsPerSecond * factor })),
  };
}

test("the lab's QoS manifests ask for 10M each way", () => {
  assert.equal(limit, 10e6);
  assert.equal(annotatedBandwidth(serverAnnotations, 'egress'), 10e6);
});

test('steady rate: the 10M tbf run holds; unshaped, tenfold or a third of the rate fail, naming the rate seen', () => {
  const ok = steadyRateWithin('the shaped run', shaped, limit, "pod iperf-server-qos's ingressBandwidth 10M");
  assert.equal(ok.observed, ok.expected, ok.message);
  assert.match(
    ok.message,
    /the shaped run after the first second: 9\.\d+ Mbit\/s, within 8\.50 Mbit\/s to 10\.5 Mbit\/s/,
  );
  for (const [r, seen] of [
    [baseline, /[\d.]+ Gbit\/s/],
    [scaled(shaped, 10), /9\d\.\d Mbit\/s/],
    [scaled(shaped, 0.33), /3\.\d+ Mbit\/s/],
  ] as const) {
    const f = steadyRateWithin('the shaped run', r, limit, 'x');
    assert.notEqual(f.observed, f.expected);
    assert.match(f.message, /after the first second is .* not within 8\.50 Mbit\/s to 10\.5 Mbit\/s/);
    assert.match(f.message, seen);
  }
  const none = steadyRateWithin(
    'r',
    { ...shaped, receiverIntervals: shaped.receiverIntervals.slice(0, 1) },
    limit,
    'x',
  );
  assert.notEqual(none.observed, none.expected);
  assert.match(none.message, /no interval after the first second/);
});

test('burst: the first second of the tbf run is above twice the rate; a run without its bucket fails', () => {
  const ok = burstInFirstSecond('the shaped run', shaped, limit, 2);
  assert.equal(ok.observed, true, ok.message);
  const flat = { ...shaped, receiverIntervals: shaped.receiverIntervals.slice(1) };
  const f = burstInFirstSecond('the shaped run', flat, limit, 2);
  assert.equal(f.observed, false);
  assert.match(f.message, /in its first second is 9\.\d+ Mbit\/s, no burst above 2 x 10\.0 Mbit\/s/);
});

test('baseline: at least 20 times 10M unshaped; the shaped run fails it', () => {
  assert.equal(rateAtLeast('the baseline run', baseline, 20, limit).observed, true);
  const f = rateAtLeast('the baseline run', shaped, 20, limit);
  assert.equal(f.observed, false);
  assert.match(f.message, /carries only 28\.\d Mbit\/s, less than 20 x 10\.0 Mbit\/s/);
});

test('far below: the shaped run is under 1/20 of the baseline; a baseline as slow as it fails', () => {
  assert.equal(farBelow('the shaped run', shaped, baseline, 20).observed, true);
  const f = farBelow('the shaped run', shaped, shaped, 20);
  assert.equal(f.observed, false);
  assert.match(f.message, /not at most 1\/20 of the baseline's 28\.\d Mbit\/s/);
});

test("annotations: the pod's as its manifest writes them pass; a changed or missing one fails", () => {
  const applied = { ...serverAnnotations, 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
  const ok = annotationsAsWritten('iperf-server-qos', applied, serverAnnotations);
  assert.deepEqual(ok.observed, ok.expected, ok.message);
  const changed = { ...serverAnnotations, 'qos.projectcalico.org/ingressBandwidth': '100M' };
  const f = annotationsAsWritten('iperf-server-qos', changed, serverAnnotations);
  assert.notDeepEqual(f.observed, f.expected);
  assert.match(f.message, /"qos.projectcalico.org\/ingressBandwidth":"100M"/);
  const none = annotationsAsWritten('iperf-server-qos', {}, serverAnnotations);
  assert.notDeepEqual(none.observed, none.expected);
});
