/**
 * A StatefulSet through the twin's API with kubectl, on the real dataplane: created behind a headless Service, scaled
 * up and down, its image changed, each time followed with `kubectl rollout status`. Its pods keep their ordinal
 * names, come up one at a time in order and go highest first (the controller's Events say in which order), are
 * network namespaces on their nodes holding their addresses, and a rolling update re-creates every pod under the
 * same name from the new template. Deleting the StatefulSet takes its pods away. Needs the reference lab's twin up
 * (`labgate twin up --lab 04-k8s-services`); it deletes what it made.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { execa } from 'execa';
import { TwinState } from '../../twin/control/state.ts';
import { loadLab } from '../../support/lab/catalog.ts';
import { requireTool } from '../tools.ts';

const LAB = '04-k8s-services';
const NAME = 'web-sts';
const kubeconfig = TwinState.kubeconfigPath(loadLab(LAB).cluster.kubeconfig);

const kubectl = (args: string[], input?: string) =>
  execa(
    requireTool('kubectl', "kubectl: Google's kubectl dispatcher, as preinstalled here", process.env.KUBECTL),
    ['--kubeconfig', kubeconfig, ...args],
    { reject: false, ...(input ? { input } : {}) },
  );
const dockerExec = (node: string, ...args: string[]) => execa('docker', ['exec', node, ...args], { reject: false });

type Pod = {
  metadata: { name: string; labels: Record<string, string>; deletionTimestamp?: string };
  spec: { nodeName: string; hostname?: string; subdomain?: string; containers: { image: string }[] };
  status: { podIP?: string };
};

const MANIFEST = (replicas: number) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: NAME, labels: { app: NAME } },
        spec: { clusterIP: 'None', selector: { app: NAME }, ports: [{ port: 80 }] },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: NAME },
        spec: {
          serviceName: NAME,
          replicas,
          selector: { matchLabels: { app: NAME } },
          template: {
            metadata: { labels: { app: NAME } },
            spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
          },
        },
      },
    ],
  });

async function pods(): Promise<Pod[]> {
  const r = await kubectl(['get', 'pods', '-l', `app=${NAME}`, '-o', 'json']);
  assert.equal(r.exitCode, 0, r.stderr);
  return (JSON.parse(r.stdout).items as Pod[])
    .filter((p) => !p.metadata.deletionTimestamp)
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

async function rolledOut(): Promise<string> {
  const r = await kubectl(['rollout', 'status', `statefulset/${NAME}`, '--timeout=120s']);
  assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The pods, once exactly `names` are left (a pod scaled away may still be going when rollout status ends). */
async function podsNamed(names: string[]): Promise<Pod[]> {
  let list = await pods();
  for (let i = 0; i < 60 && list.map((p) => p.metadata.name).join() !== names.join(); i++) {
    await new Promise((r) => setTimeout(r, 250));
    list = await pods();
  }
  assert.deepEqual(
    list.map((p) => p.metadata.name),
    names,
  );
  return list;
}

/** Each pod is a namespace on its node with its address, its hostname its name under the headless Service. */
async function assertOnNodes(list: Pod[]): Promise<void> {
  for (const p of list) {
    assert.equal(p.spec.hostname, p.metadata.name);
    assert.equal(p.spec.subdomain, NAME);
    const ip = p.status.podIP;
    assert.ok(ip, `${p.metadata.name} has no podIP`);
    const addr = await dockerExec(p.spec.nodeName, 'ip', 'netns', 'exec', p.metadata.name, 'ip', '-4', 'addr', 'show');
    assert.equal(addr.exitCode, 0, `no network namespace ${p.metadata.name} on ${p.spec.nodeName}: ${addr.stderr}`);
    assert.match(addr.stdout, new RegExp(`inet ${ip.replace(/\./g, '\\.')}/32`));
  }
}

async function namespaceGone(p: Pod): Promise<void> {
  let present = true;
  for (let i = 0; i < 40 && present; i++) {
    const ns = await dockerExec(p.spec.nodeName, 'ip', 'netns', 'list');
    present = ns.stdout.split('\n').some((l) => l.split(' ')[0] === p.metadata.name);
    if (present) await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(present, false, `${p.metadata.name} is still a namespace on ${p.spec.nodeName}`);
}

/**
 * The order in which the named pods first meet `condition` (given the pod, or undefined while it does not exist),
 * polled every 100 ms for at most 120 s: each step of an ordered StatefulSet takes at least one controller pass.
 */
async function orderSeen(condition: (p: Pod | undefined) => boolean, names: string[]): Promise<string[]> {
  const order: string[] = [];
  for (let i = 0; i < 1200 && order.length < names.length; i++) {
    const list = await pods();
    for (const name of names) {
      if (!order.includes(name) && condition(list.find((p) => p.metadata.name === name))) order.push(name);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return order;
}

/** The StatefulSet's Events' messages, oldest first. */
async function events(): Promise<string[]> {
  const r = await kubectl(['get', 'events', '--field-selector', `involvedObject.name=${NAME}`, '-o', 'json']);
  assert.equal(r.exitCode, 0, r.stderr);
  return (JSON.parse(r.stdout).items as { message: string }[]).map((e) => e.message);
}

after(async () => {
  await kubectl(['delete', 'statefulset', NAME, '--ignore-not-found']);
  await kubectl(['delete', 'service', NAME, '--ignore-not-found']);
  for (let i = 0; i < 60; i++) {
    const r = await kubectl(['get', 'pods', '-l', `app=${NAME}`, '-o', 'name']);
    if (r.stdout.trim() === '') return;
    await new Promise((res) => setTimeout(res, 500));
  }
  assert.fail("the StatefulSet's pods were not all taken down after it was deleted");
});

test('a StatefulSet created, scaled and updated with kubectl: ordinal pods in order, re-created under their names', async () => {
  const applied = await kubectl(['apply', '-f', '-'], MANIFEST(2));
  assert.equal(applied.exitCode, 0, applied.stderr);
  const createdOrder = await orderSeen((p) => p !== undefined, [`${NAME}-0`, `${NAME}-1`]);
  assert.deepEqual(createdOrder, [`${NAME}-0`, `${NAME}-1`], 'OrderedReady creates the lowest ordinal first');
  // kubectl's words for a RollingUpdate with a partition, which the API server defaults to 0
  assert.match(await rolledOut(), /partitioned roll out complete: 2 new pods have been updated/);
  let list = await podsNamed([`${NAME}-0`, `${NAME}-1`]);
  await assertOnNodes(list);
  const created = (await events()).filter((m) => m.startsWith('create Pod')).sort();
  assert.deepEqual(created, [
    `create Pod ${NAME}-0 in StatefulSet ${NAME} successful`,
    `create Pod ${NAME}-1 in StatefulSet ${NAME} successful`,
  ]);

  assert.equal((await kubectl(['scale', 'statefulset', NAME, '--replicas=3'])).exitCode, 0);
  await rolledOut();
  list = await podsNamed([`${NAME}-0`, `${NAME}-1`, `${NAME}-2`]);
  await assertOnNodes(list);

  assert.equal((await kubectl(['scale', 'statefulset', NAME, '--replicas=1'])).exitCode, 0);
  const deletedOrder = await orderSeen((p) => p === undefined, [`${NAME}-1`, `${NAME}-2`]);
  assert.deepEqual(deletedOrder, [`${NAME}-2`, `${NAME}-1`], 'scaling down removes the highest ordinal first');
  await rolledOut();
  const kept = await podsNamed([`${NAME}-0`]);
  for (const gone of list.slice(1)) await namespaceGone(gone);
  const deleted = (await events()).filter((m) => m.startsWith('delete Pod')).sort();
  assert.deepEqual(deleted, [
    `delete Pod ${NAME}-1 in StatefulSet ${NAME} successful`,
    `delete Pod ${NAME}-2 in StatefulSet ${NAME} successful`,
  ]);

  assert.equal((await kubectl(['scale', 'statefulset', NAME, '--replicas=2'])).exitCode, 0);
  await rolledOut();
  const before = await podsNamed([`${NAME}-0`, `${NAME}-1`]);
  assert.equal(before[0]!.status.podIP, kept[0]!.status.podIP, 'web-sts-0 was not touched by the scaling');
  const image = await kubectl(['set', 'image', `statefulset/${NAME}`, 'nginx=nginx:1.26']);
  assert.equal(image.exitCode, 0, image.stderr);
  const newImage = (p: Pod | undefined) => p?.spec.containers[0]?.image === 'nginx:1.26';
  const updatedOrder = await orderSeen(newImage, [`${NAME}-0`, `${NAME}-1`]);
  assert.deepEqual(updatedOrder, [`${NAME}-1`, `${NAME}-0`], 'a rolling update goes from the highest ordinal down');
  const done = await rolledOut();
  const set = JSON.parse((await kubectl(['get', 'statefulset', NAME, '-o', 'json'])).stdout) as {
    status: { currentRevision: string; updateRevision: string; updatedReplicas: number; readyReplicas: number };
  };
  assert.equal(set.status.currentRevision, set.status.updateRevision);
  assert.equal(set.status.updatedReplicas, 2);
  assert.match(done, /partitioned roll out complete: 2 new pods have been updated/);
  list = await podsNamed([`${NAME}-0`, `${NAME}-1`]);
  for (const p of list) {
    assert.equal(p.spec.containers[0]!.image, 'nginx:1.26', p.metadata.name);
    assert.equal(p.metadata.labels['controller-revision-hash'], set.status.updateRevision);
  }
  await assertOnNodes(list);

  assert.equal((await kubectl(['delete', 'statefulset', NAME])).exitCode, 0);
  for (const p of list) await namespaceGone(p);
});
