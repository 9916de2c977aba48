/**
 * The QoS checks on the recorded runs, captures and tc state (test/fixtures/qos/), each passing as recorded and
 * failing when the one fact it judges is broken: another class's rate, an unshaped or a shaped baseline, a TOS
 * the lab does not show, a class at another rate, an annotation missing, a pod on another node.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  echoRequestsTos,
  farAboveClasses,
  htbShaping,
  podAnnotation,
  podsOnNode,
  shapedRate,
} from '../../../support/qos/checks.ts';
import { parseHtbClasses, parseU32Filters } from '../../../support/qos/htb.ts';
import { readIperfJson } from '../../../support/throughput/iperf.ts';
import { routeVia } from '../../../support/qos/routes.ts';
import { parseTosCapture } from '../../../support/qos/tosCapture.ts';

const fixture = (f: string) => readFileSync(new URL(`../../fixtures/qos/${f}`, import.meta.url), 'utf8');
const run = (f: string) => readIperfJson(fixture(f)).value;
const passes = <T>(f: { expected: T; observed: T }) => assert.deepEqual(f.observed, f.expected);
const fails = <T>(f: { expected: T; observed: T; message: string }, pattern: RegExp) => {
  assert.notDeepEqual(f.observed, f.expected);
  assert.match(f.message, pattern);
};

test("shapedRate: each class at its own rate passes; a class at another class's rate, unshaped or failed fails", () => {
  passes(shapedRate('af11', run('iperf3-af11-1mbit.json'), 1));
  passes(shapedRate('ef', run('iperf3-ef-5mbit.json'), 5));
  fails(shapedRate('ef', run('iperf3-af11-1mbit.json'), 5), /received 0\.998 Mbit\/s, 0\.2 times 5 Mbit\/s/);
  fails(shapedRate('af11', run('iperf3-ef-5mbit.json'), 1), /received 4\.853 Mbit\/s, 4\.853 times 1 Mbit\/s/);
  fails(shapedRate('af11', run('iperf3-unshaped.json'), 1), /times 1 Mbit\/s/);
  fails(shapedRate('af11', run('iperf3-unreachable.json'), 1), /iperf3 failed: unable to connect/);
});

test('farAboveClasses: the unshaped run passes; a run shaped into a class or a failed one fails', () => {
  passes(farAboveClasses('baseline', run('iperf3-unshaped.json'), 5));
  fails(farAboveClasses('baseline', run('iperf3-ef-5mbit.json'), 5), /received 4\.853 Mbit\/s, 0\.971 times 5/);
  fails(farAboveClasses('baseline', run('iperf3-unreachable.json'), 5), /iperf3 failed/);
});

test('echoRequestsTos: the recorded TOS passes; another TOS or no echo request fails', () => {
  const af11 = parseTosCapture(fixture('tcpdump-v-af11.txt')).value;
  const none = parseTosCapture(fixture('tcpdump-v-none.txt')).value;
  passes(echoRequestsTos('on router eth3', af11, '10.30.30.100', 0x28));
  passes(echoRequestsTos('on router eth3', none, '10.30.30.100', 0));
  fails(echoRequestsTos('on router eth3', none, '10.30.30.100', 0x28), /3 with tos 0x00/);
  fails(echoRequestsTos('on router eth3', af11, '10.30.30.100', 0xb8), /with tos 0x28/);
  fails(echoRequestsTos('on router eth3', af11, '10.30.30.99', 0x28), /0 with tos no echo request/);
});

test("htbShaping: the lab's tc lines pass; a class at another rate, a filter gone or a missing class fails", () => {
  const classes = parseHtbClasses(fixture('tc-class-show.txt')).value;
  const filters = parseU32Filters(fixture('tc-filter-show.txt')).value;
  const rows = [
    { tos: 0x28, rate: 1e6, ceil: 1e6 },
    { tos: 0xb8, rate: 5e6, ceil: 5e6 },
    { tos: 0, rate: 1e9, ceil: 1e9 },
  ];
  passes(htbShaping('router eth3', classes, filters, '1:30', rows));
  const faster = classes.map((c) => (c.classid === '1:20' ? { ...c, rate: 20e6, ceil: 20e6 } : c));
  fails(htbShaping('router eth3', faster, filters, '1:30', rows), /tos 0xb8: rate 20 Mbit\/s ceil 20 Mbit\/s/);
  fails(htbShaping('router eth3', classes, filters.slice(1), '1:30', rows), /tos 0x28: rate 1000 Mbit\/s/);
  fails(htbShaping('router eth3', classes, filters, undefined, rows), /tos 0x00: no class/);
  fails(htbShaping('router eth3', classes.slice(0, 2), filters, '1:30', rows), /1:20, which does not exist/);
});

test("podAnnotation and podsOnNode: the manifests' values pass; another class, a missing one or another node fails", () => {
  const af11 = { 'qos.projectcalico.org/dscp': 'AF11' };
  passes(podAnnotation('sender-dscp-af11', af11, 'qos.projectcalico.org/dscp', 'AF11'));
  passes(podAnnotation('sender-no-dscp', {}, 'qos.projectcalico.org/dscp', undefined));
  fails(podAnnotation('sender-dscp-af11', af11, 'qos.projectcalico.org/dscp', 'EF'), /annotations are/);
  fails(podAnnotation('sender-dscp-af11', {}, 'qos.projectcalico.org/dscp', 'AF11'), /its annotations are \{\}/);
  fails(podAnnotation('sender-no-dscp', af11, 'qos.projectcalico.org/dscp', undefined), /without the annotation/);
  passes(podsOnNode([{ name: 'a', node: 'k01-worker' }], 'k01-worker'));
  fails(
    podsOnNode(
      [
        { name: 'a', node: 'k01-control-plane' },
        { name: 'b', node: '' },
      ],
      'k01-worker',
    ),
    /b is on no node/,
  );
});

test('routeVia: the route via the worker passes; another gateway or none fails', () => {
  const routes = [{ dst: '192.168.0.0/16', gateway: '10.10.10.11' }];
  passes(routeVia('router', routes, '192.168.0.0/16', '10.10.10.11'));
  fails(routeVia('router', routes, '192.168.0.0/16', '10.10.10.10'), /it has via 10\.10\.10\.11/);
  fails(routeVia('router', [], '192.168.0.0/16', '10.10.10.11'), /it has no route/);
});
