/**
 * Calico's bandwidth QoS on the twin: the lab's QoS pods' annotations become a tbf on the host-side veth (ingress) and
 * an ifb with mirred and a tbf (egress) in the script that builds the pod, the ifb goes in the one that takes it down,
 * and each fault of the CNI plugin leaves out exactly its part. Services created through the API get a free VIP.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makePlan, type PlannedPod } from '../../../twin/plan.ts';
import { podTeardownScript } from '../../../twin/dataplane/pods.ts';
import { bandwidthScript, ifbName, TBF_BURST_BYTES } from '../../../twin/dataplane/bandwidth.ts';
import { admitService, plannedService } from '../../../twin/control/serviceController.ts';
import { readManifest } from '../../../support/mutation/labChanges.ts';
import { courseFile } from '../../../support/mutation/labFiles.ts';

function pod(annotations?: Record<string, string>): PlannedPod {
  const o = readManifest(courseFile('12-calico-qos', 'tools/03-iperf-server-qos.yaml')).find((x) => x.kind === 'Pod')!;
  return {
    namespace: 'default',
    name: o.metadata.name,
    uid: 'u',
    labels: {},
    ...(annotations ? { annotations } : {}),
    node: 'calico-qos-worker',
    ip: '192.168.1.5',
    container: { name: 'iperf-server', image: 'networkstatic/iperf3', ports: [], env: {} },
    process: 'command',
    createdAt: '',
  };
}
const unquoted = (l: string) => l.replaceAll("'", '');
const qos = { 'qos.projectcalico.org/ingressBandwidth': '10M', 'qos.projectcalico.org/egressBandwidth': '10M' };

void makePlan;

test('ingress: a tbf at the root of the cali veth; egress: ifb, ingress qdisc, mirred redirect, tbf on the ifb', () => {
  const lines = bandwidthScript(pod(qos), 'cali123').map(unquoted);
  const ifb = ifbName(pod(qos));
  assert.ok(ifb.length <= 15 && ifb.startsWith('bwp'));
  assert.deepEqual(lines, [
    `tc qdisc add dev cali123 root tbf rate 10000000bit burst ${TBF_BURST_BYTES} latency 25ms`,
    `ip link add ${ifb} type ifb`,
    `ip link set ${ifb} up`,
    'tc qdisc add dev cali123 handle ffff: ingress',
    `tc filter add dev cali123 parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev ${ifb}`,
    `tc qdisc add dev ${ifb} root tbf rate 10000000bit burst ${TBF_BURST_BYTES} latency 25ms`,
  ]);
  assert.match(unquoted(podTeardownScript(pod(qos))), new RegExp(`ip link del ${ifb}`));
});

test('a pod without annotations is not shaped; one direction only shapes that direction', () => {
  assert.deepEqual(bandwidthScript(pod(), 'cali123'), []);
  const ingressOnly = bandwidthScript(pod({ 'qos.projectcalico.org/ingressBandwidth': '500k' }), 'cali1').map(unquoted);
  assert.deepEqual(ingressOnly, [
    `tc qdisc add dev cali1 root tbf rate 500000bit burst ${TBF_BURST_BYTES} latency 25ms`,
  ]);
});

test('the faults: nothing, no ingress tbf, no ifb, ten times the rate', () => {
  assert.deepEqual(bandwidthScript(pod(qos), 'c', 'not-applied'), []);
  const noIngress = bandwidthScript(pod(qos), 'c', 'ingress-not-shaped').map(unquoted);
  assert.ok(!noIngress.some((l) => l.includes('dev c root tbf')));
  assert.ok(noIngress.some((l) => l.includes('mirred')));
  const noEgress = bandwidthScript(pod(qos), 'c', 'egress-not-shaped');
  assert.deepEqual(noEgress.length, 1);
  assert.ok(
    bandwidthScript(pod(qos), 'c', 'rate-tenfold').every((l) => !l.includes('tbf') || l.includes('100000000bit')),
  );
});

test('a Service created through the API gets a free VIP of the service range and is planned like the lab own', () => {
  const svc = readManifest(courseFile('12-calico-qos', 'tools/03-iperf-server-qos.yaml')).find(
    (x) => x.kind === 'Service',
  )!;
  const o = { ...svc, metadata: { ...svc.metadata, uid: 'abc', creationTimestamp: '2026-12-07T00:00:00Z' } };
  const plan = { serviceCidr: '10.96.0.0/16', services: [] };
  const admitted = admitService(o as never, plan);
  const vip = (admitted.spec as { clusterIP: string }).clusterIP;
  assert.match(vip, /^10\.96\.\d+\.\d+$/);
  const planned = plannedService(admitted, plan);
  assert.equal(planned.clusterIP, vip);
  assert.equal(planned.uid, 'abc');
  assert.deepEqual(planned.selector, { app: 'iperf-server-qos' });
  const pinned = { ...o, spec: { ...((o as { spec?: object }).spec ?? {}), clusterIP: vip } };
  assert.throws(() => admitService(pinned as never, { ...plan, services: [planned] }), /already allocated/);
});
