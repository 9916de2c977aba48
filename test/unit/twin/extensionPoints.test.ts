/**
 * The twin's extension points: pod process kinds chosen from images through one table, routing behind one
 * interface, node daemons in one table (Calico's DSCP marking), one resource table for the plan and the API.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LabgateError } from '../../../support/floor/errors.ts';
import { loadLab } from '../../../support/lab/catalog.ts';
import { servedResources } from '../../../twin/api/resources.ts';
import { NODE_DAEMON_KINDS, nodeDaemonScripts } from '../../../twin/nodes/daemons.ts';
import { loadManifests, makePlan } from '../../../twin/plan.ts';
import { podProcess, POD_PROCESS_KINDS, processKind } from '../../../twin/pods/index.ts';
import { isNamespacedKind, RESOURCES } from '../../../twin/resources.ts';
import { routingOf } from '../../../twin/routing/index.ts';

test('each pod process kind is its own module, registered under its name', () => {
  for (const [name, kind] of Object.entries(POD_PROCESS_KINDS)) assert.equal(kind.name, name);
  assert.deepEqual(Object.keys(POD_PROCESS_KINDS).sort(), ['command', 'dns', 'web']);
});

test("a pod's process comes from its image through the kinds' image rules", () => {
  assert.deepEqual(podProcess('default/web', { image: 'nginx:stable' }), { process: 'web' });
  assert.deepEqual(podProcess('default/mt', { image: 'ghcr.io/x/network-multitool:latest' }), { process: 'web' });
  assert.deepEqual(podProcess('kube-system/dns', { image: 'registry.k8s.io/coredns/coredns:v1.10.1' }), {
    process: 'dns',
  });
  assert.deepEqual(podProcess('default/redis-0', { image: 'redis:7' }), {
    process: 'command',
    command: ['redis-server', '--protected-mode', 'no'],
  });
  assert.deepEqual(podProcess('default/sh', { image: 'busybox', command: ['sh', '-c'], args: ['sleep 1d'] }), {
    process: 'command',
    command: ['sh', '-c', 'sleep 1d'],
  });
  assert.throws(() => podProcess('default/sh', { image: 'alpine' }), /image alpine needs a command in the manifest/);
  assert.throws(
    () => podProcess('default/x', { image: 'quay.io/envoy:v1' }),
    (err: unknown) => err instanceof LabgateError && /no process for image quay\.io\/envoy:v1/.test(err.message),
  );
});

test("what a kind is decides the pod's files, start, log and whether it serves the cluster DNS", () => {
  const lab = loadLab('11-headless-services');
  const plan = makePlan(lab, loadManifests(lab.manifestsDir));
  const dns = plan.pods.find((p) => p.process === 'dns')!;
  const redis = plan.pods.find((p) => p.name === 'redis-0')!;
  const web = plan.pods.find((p) => p.process === 'web')!;
  assert.deepEqual([processKind(dns).servesClusterDns, processKind(web).servesClusterDns], [true, undefined]);
  assert.equal(processKind(redis).logFile?.(redis), '/run/labgate/redis-0/container.log');
  assert.equal(processKind(web).logFile, undefined);
  assert.match(processKind(web).startCommand(web), /nginx -c \/etc\/labgate\/pods\/\S+\/nginx\.conf$/);
  assert.match(processKind(redis).filesScript(plan, redis), /options ndots:5/);
  assert.match(
    processKind(dns).filesScript(plan, dns),
    /^echo 'nameserver [\d.]+' > \/etc\/netns\/coredns-\S+\/resolv\.conf/,
  );
});

test("routing: direct routes to every other node's block via its address; no node daemon where no pod asks", () => {
  const lab = loadLab('04-k8s-services');
  const plan = makePlan(lab, loadManifests(lab.manifestsDir));
  const [cp, w1, w2] = plan.nodes;
  const ips = new Map([
    [cp!.name, '172.18.0.2'],
    [w1!.name, '172.18.0.3'],
    [w2!.name, '172.18.0.4'],
  ]);
  const routing = routingOf(plan);
  assert.equal(routing.name, 'direct');
  assert.deepEqual(routing.nodeScript(plan, w1!.name, ips), [
    `ip route replace ${cp!.block} via 172.18.0.2`,
    `ip route replace ${w2!.block} via 172.18.0.4`,
  ]);
  assert.deepEqual(
    NODE_DAEMON_KINDS.map((d) => d.name),
    ['calico-dscp'],
  );
  assert.deepEqual(nodeDaemonScripts(plan, w1!), []);
});

test('one resource table: the plan stamps namespaces by it, the API serves by it', () => {
  assert.equal(isNamespacedKind('Installation'), false);
  assert.equal(isNamespacedKind('IPPool'), false);
  assert.equal(isNamespacedKind('ConfigMap'), true);
  assert.equal(isNamespacedKind('SomeCustomKind'), true);
  const lab = loadLab('04-k8s-services');
  const plan = makePlan(lab, loadManifests(lab.manifestsDir));
  const installation = plan.objects.find((o) => o.kind === 'Installation')!;
  const daemonSet = plan.objects.find((o) => o.kind === 'DaemonSet')!;
  assert.deepEqual([installation.metadata.namespace, daemonSet.metadata.namespace], [undefined, 'default']);
  const served = servedResources(plan.objects);
  for (const r of served.filter((s) => RESOURCES.some((e) => e.kind === s.kind))) {
    assert.equal(r.namespaced, isNamespacedKind(r.kind), r.kind);
  }
  assert.ok(served.some((r) => r.kind === 'Installation'));
});
