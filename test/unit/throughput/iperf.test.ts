/**
 * iperf3's JSON read into a run, and the bandwidth annotations read into rates: recorded iperf3 3.12 output
 * (test/fixtures/iperf3/README.md), each reading checked against the numbers iperf3 printed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { LabgateError } from '../../../support/floor/errors.ts';
import { annotatedBandwidth, formatRate, parseBandwidth } from '../../../support/throughput/bandwidth.ts';
import {
  firstSecondRate,
  intervalsOf,
  parseIperfJson,
  parseIperfTextIntervals,
  rateFrom,
} from '../../../support/throughput/iperf.ts';

const fixture = (f: string) => readFileSync(path.join('test/fixtures/iperf3', f), 'utf8');

test('the baseline run: totals and the server-side intervals of its text report', () => {
  const run = parseIperfJson(fixture('baseline-veth.json'));
  assert.equal(run.remoteHost, '10.77.0.2');
  assert.equal(run.senderIntervals.length, 3);
  assert.ok(run.receivedBitsPerSecond > 1e9, `received ${run.receivedBitsPerSecond}`);
  // the server's text: 11.7, 9.19, 10.0 Gbits/sec and a last 0.01 s of 4.72 Gbits/sec
  assert.deepEqual(
    run.receiverIntervals.map((i) => i.bitsPerSecond),
    [11.7e9, 9.19e9, 10.0e9, 4.72e9],
  );
  assert.equal(intervalsOf(run).side, 'receiver');
});

test('the shaped run: a burst in the first second, then the tbf rate less the headers', () => {
  const run = parseIperfJson(fixture('shaped-tbf-10mbit.json'));
  assert.equal(firstSecondRate(run), 89.4e6);
  const steady = rateFrom(run, 1)!;
  // 9.52, 9.42, 9.78 over a second each, 8.07 over 0.31 s
  const expected = (9.52e6 + 9.42e6 + 9.78e6 + 8.07e6 * 0.31) / 3.31;
  assert.ok(Math.abs(steady - expected) < 1, `${steady} vs ${expected}`);
  assert.equal(run.receiverIntervals[1]!.bytes, 1.13 * 1024 * 1024);
});

test("a server run with -J hands back its intervals as JSON: they are the receiver's", () => {
  const run = parseIperfJson(fixture('shaped-server-json.json'));
  assert.equal(run.receiverIntervals.length >= 2, true);
  assert.ok(run.receiverIntervals[1]!.bitsPerSecond < 11e6);
  assert.ok(firstSecondRate(run)! > 50e6);
});

test('without the server report the sender intervals stand in', () => {
  const doc = JSON.parse(fixture('shaped-tbf-10mbit.json'));
  delete doc.server_output_text;
  const run = parseIperfJson(JSON.stringify(doc));
  assert.equal(intervalsOf(run).side, 'sender');
  assert.equal(run.receiverIntervals.length, 0);
});

test("iperf3's own error, text that is no JSON, and JSON without totals are one-line errors", () => {
  assert.throws(() => parseIperfJson(fixture('no-server.json')), /iperf3 failed: unable to connect to server/);
  assert.throws(() => parseIperfJson('iperf3: error - unable to connect'), LabgateError);
  assert.throws(() => parseIperfJson('{"start": {}}'), /no totals/);
});

test('text intervals leave out the sender and receiver summary lines', () => {
  const text = [
    '[  5]   0.00-1.00   sec  10.7 MBytes  89.4 Mbits/sec                  ',
    '[  5]   0.00-4.31   sec  14.4 MBytes  28.1 Mbits/sec                  receiver',
  ].join('\n');
  assert.deepEqual(
    parseIperfTextIntervals(text).map((i) => i.bitsPerSecond),
    [89.4e6],
  );
});

test('a run with nothing after its first second has no steady rate', () => {
  const doc = JSON.parse(fixture('shaped-tbf-10mbit.json'));
  doc.server_output_text = '[  5]   0.00-1.00   sec  10.7 MBytes  89.4 Mbits/sec';
  assert.equal(rateFrom(parseIperfJson(JSON.stringify(doc)), 1), undefined);
});

test('bandwidth quantities as Calico reads its annotations', () => {
  assert.equal(parseBandwidth('10M'), 10_000_000);
  assert.equal(parseBandwidth('500k'), 500_000);
  assert.equal(parseBandwidth('1G'), 1e9);
  assert.equal(parseBandwidth('1Mi'), 1_048_576);
  assert.equal(parseBandwidth('2000'), 2000);
  assert.throws(() => parseBandwidth('10 Mbps'), /"10 Mbps" is not a bandwidth/);
  assert.throws(() => parseBandwidth('0'), /not a bandwidth/);
  assert.throws(() => parseBandwidth('-5M'), /not a bandwidth/);
  const annotations = {
    'qos.projectcalico.org/ingressBandwidth': '10M',
    'qos.projectcalico.org/egressBandwidth': '20M',
  };
  assert.equal(annotatedBandwidth(annotations, 'ingress'), 10e6);
  assert.equal(annotatedBandwidth(annotations, 'egress'), 20e6);
  assert.equal(annotatedBandwidth({}, 'egress'), undefined);
  assert.equal(annotatedBandwidth(undefined, 'egress'), undefined);
  assert.equal(formatRate(9.554e6), '9.55 Mbit/s');
  assert.equal(formatRate(10.3e9), '10.3 Gbit/s');
  assert.equal(formatRate(500), '500 bit/s');
});
