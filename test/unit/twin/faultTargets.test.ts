/** Faults as data: each lab's matrix rows name a known fault kind and targets that resolve on the lab's plan. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labNames, loadLab } from '../../../support/lab/catalog.ts';
import { loadManifests, makePlan, type TwinPlan } from '../../../twin/plan.ts';
import { labFaults } from '../../../twin/faults/index.ts';
import { readTargets, Targets } from '../../../twin/faults/targets.ts';
import { LabgateError } from '../../../support/floor/errors.ts';

const plans = new Map<string, TwinPlan>();
function planOf(lab: string): TwinPlan {
  if (!plans.has(lab)) {
    const d = loadLab(lab);
    plans.set(lab, makePlan(d, loadManifests(d.manifestsDir)));
  }
  return plans.get(lab)!;
}

/** A one-line LabgateError whose message matches `pattern`. */
function oneLine(pattern: RegExp) {
  return (err: unknown) => err instanceof LabgateError && !err.oneLine().includes('\n') && pattern.test(err.message);
}

const labsWithMatrix = labNames().filter((lab) => labFaults(lab).length > 0);

test('every lab gated with faults has a fault matrix, each row of a known kind', () => {
  assert.deepEqual(labsWithMatrix, [
    '01-calico-ipam',
    '02-pod-network',
    '03-pod-routing',
    '04-k8s-services',
    '05-k8s-dns',
    '06-calico-overlay',
    '09-multi-ippool',
    '11-headless-services',
    '12-calico-qos',
    '13-wireguard',
    '16-static-ip',
    '21-macvlan',
    '23-calico-dscp',
  ]);
});

for (const lab of labsWithMatrix) {
  test(`${lab}: every fault's targets resolve on the lab's plan`, () => {
    for (const fault of labFaults(lab)) {
      new Targets(fault.where, fault.targets, planOf(lab)).check();
    }
  });
}

test("the targets pick the objects the lab's matrix reasons about", () => {
  const resolve = (lab: string, name: string) => {
    const fault = labFaults(lab).find((f) => f.name === name)!;
    return new Targets(fault.where, fault.targets, planOf(lab));
  };
  const p04 = planOf('04-k8s-services');
  assert.equal(resolve('04-k8s-services', 'nginx-stopped').pod().owner?.name.startsWith('nginx-deployment-'), true);
  assert.equal(resolve('04-k8s-services', 'dns-down').pod().process, 'dns');
  assert.equal(
    resolve('04-k8s-services', 'node-stopped').node().name,
    p04.nodes.filter((n) => n.role === 'worker')[1]!.name,
  );
  assert.equal(resolve('04-k8s-services', 'pod-route-missing').node('blockOf').role, 'control-plane');
  const udp = resolve('05-k8s-dns', 'kube-dns-udp-rule-removed').servicePort();
  assert.deepEqual([udp.service.name, udp.port.protocol], ['kube-dns', 'UDP']);
  const source = resolve('03-pod-routing', 'nat-between-pods').pod();
  assert.deepEqual([source.owner?.name, source.node], ['multitool-1', 'pod-routing-worker']);
  const far = resolve('03-pod-routing', 'pod-host-route-missing').pod();
  assert.deepEqual([far.owner?.name, far.node], ['multitool-1', 'pod-routing-worker2']);
  assert.equal(resolve('02-pod-network', 'pod-mtu-wrong').pod().name, 'multitool');
  assert.equal(resolve('11-headless-services', 'redis-replica-not-replicating').pod().name, 'redis-2');
});

test('a missing, unknown or ill-shaped target is a one-line error naming the row and key', () => {
  const where = 'features/x/fault-matrix.json: faults.f.targets';
  assert.throws(
    () => readTargets(where, undefined, ['service'], ['service']),
    oneLine(/faults\.f\.targets: no targets object/),
  );
  assert.throws(() => readTargets(where, {}, ['service', 'port'], ['service', 'port']), oneLine(/: no service, port$/));
  assert.throws(
    () => readTargets(where, { sevice: 'a' }, [], ['service']),
    oneLine(/targets\.sevice: this fault takes no/),
  );
  assert.throws(
    () => readTargets(where, { service: 3 }, [], ['service']),
    oneLine(/targets\.service must be a string/),
  );
  assert.throws(() => readTargets(where, { workloads: 'a' }, [], ['workloads']), oneLine(/must be a list of strings/));
  assert.throws(() => readTargets(where, [], [], []), oneLine(/is not an object/));
  assert.deepEqual(readTargets(where, { service: 'a', node: 'worker 1' }, ['service'], ['service', 'node']), {
    service: 'a',
    node: 'worker 1',
  });
});

test('a target naming nothing on the twin is a one-line error listing what there is', () => {
  const plan = planOf('04-k8s-services');
  const wrong = (raw: object) => () => new Targets('m: faults.f.targets', raw, plan).check();
  assert.throws(wrong({ service: 'nginx-svc' }), oneLine(/targets\.service: "nginx-svc" is not a Service of the twin/));
  assert.throws(
    wrong({ service: 'nginx-service', port: 'https' }),
    oneLine(/targets\.port: "https" is not a named port/),
  );
  assert.throws(wrong({ node: 'worker 3' }), oneLine(/targets\.node: "worker 3" names no node/));
  assert.throws(wrong({ node: 'worker' }), oneLine(/targets\.node: "worker" names no node/));
  assert.throws(wrong({ workload: 'web' }), oneLine(/targets\.workload: "web" is no workload/));
  assert.throws(
    wrong({ workloads: ['multitool-1', 'multitool-3'] }),
    oneLine(/targets\.workloads: .* \(multitool-3\)/),
  );
  assert.throws(wrong({ pod: 'redis-0' }), oneLine(/targets\.pod: "redis-0" is not a pod/));
  assert.throws(wrong({ namespace: 'foo' }), oneLine(/targets\.namespace: "foo" is not a namespace/));
  assert.throws(wrong({ readyOutput: '(' }), oneLine(/targets\.readyOutput: not a regular expression/));
  assert.throws(
    wrong({ workload: 'nginx-deployment', node: 'control-plane' }),
    oneLine(/has no pod on .*control-plane/),
  );
});
