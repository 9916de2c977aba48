/**
 * Calico's DSCP marking in the twin, planned from lab 23's own manifests and topology: the class names Calico
 * takes, and the mangle rules on the worker that mark the annotated pods' traffic leaving the cluster only.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LabgateError } from '../../../support/floor/errors.ts';
import { loadLab } from '../../../support/lab/catalog.ts';
import { dscpRules, dscpValue, markedPods } from '../../../twin/nodes/dscp.ts';
import { nodeDaemonScripts } from '../../../twin/nodes/daemons.ts';
import { loadManifests, makePlan } from '../../../twin/plan.ts';
import { routingOf } from '../../../twin/routing/index.ts';

function plan23() {
  const lab = loadLab('23-calico-dscp');
  return makePlan(lab, loadManifests(lab.manifestsDir));
}

test('dscpValue: class names and numbers as Calico takes them; anything else is a one-line error', () => {
  assert.deepEqual(
    ['AF11', 'af11', 'EF', 'CS3', 'DF', 'AF43', '10', '63'].map((v) => dscpValue(v)),
    [10, 10, 46, 24, 0, 38, 10, 63],
  );
  for (const bad of ['AF51', '64', 'gold', ''])
    assert.throws(
      () => dscpValue(bad, 'pod default/x'),
      (e: unknown) => e instanceof LabgateError && /pod default\/x/.test(e.message),
    );
});

test("lab 23: the worker marks AF11 and EF pods' traffic, except towards the pool and the nodes' InternalIPs", () => {
  const plan = plan23();
  const worker = plan.nodes.find((n) => n.role === 'worker')!;
  const cp = plan.nodes.find((n) => n.role === 'control-plane')!;
  const marked = markedPods(plan, worker.name).map((m) => [m.pod.name, m.dscp]);
  assert.deepEqual(marked, [
    ['sender-dscp-af11', 10],
    ['sender-dscp-ef', 46],
  ]);
  const ip = (name: string) => plan.pods.find((p) => p.name === name)!.ip;
  const rules = dscpRules(plan, worker.name);
  assert.deepEqual(rules.slice(2), [
    'iptables -w -t mangle -A cali-egress-dscp -d 192.168.0.0/16 -j RETURN',
    'iptables -w -t mangle -A cali-egress-dscp -d 10.10.10.10/32 -j RETURN',
    'iptables -w -t mangle -A cali-egress-dscp -d 10.10.10.11/32 -j RETURN',
    `iptables -w -t mangle -A cali-egress-dscp -s ${ip('sender-dscp-af11')}/32 -j DSCP --set-dscp 0x0a`,
    `iptables -w -t mangle -A cali-egress-dscp -s ${ip('sender-dscp-ef')}/32 -j DSCP --set-dscp 0x2e`,
  ]);
  assert.equal(nodeDaemonScripts(plan, worker).length, 1);
  assert.deepEqual(nodeDaemonScripts(plan, cp), []);
  // no encapsulation: the other node's block via its node-ip on the fabric, not its address on Kind's network
  assert.deepEqual(routingOf(plan).nodeScript(plan, worker.name, new Map([[cp.name, '172.29.7.2']])), [
    `ip route replace ${cp.block} via 10.10.10.10`,
  ]);
});
