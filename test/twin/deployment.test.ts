/**
 * A Deployment through the twin's API with kubectl, on the real dataplane: created, exposed, scaled up and down, its
 * image changed and restarted, each time followed with `kubectl rollout status`; every pod the API lists is a network
 * namespace on its node holding the pod's address and answering HTTP there, the pods scaled away are gone from their
 * nodes, and the Service's EndpointSlice lists exactly the ready pods. Then the lab's own Deployment scaled up and
 * back: the controller adopts the lab's ReplicaSet, the added pod is real, and scaling back removes it, not the lab's.
 * Needs the reference lab's twin up (`labgate twin up --lab 04-k8s-services`); it deletes what it made.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { execa } from 'execa';
import { TwinState } from '../../twin/control/state.ts';
import { loadLab } from '../../support/lab/catalog.ts';
import { requireTool } from '../tools.ts';

const LAB = '04-k8s-services';
const NAME = 'web-e2e';
const kubeconfig = TwinState.kubeconfigPath(loadLab(LAB).cluster.kubeconfig);

const kubectl = (...args: string[]) =>
  execa(
    requireTool('kubectl', "kubectl: Google's kubectl dispatcher, as preinstalled here", process.env.KUBECTL),
    ['--kubeconfig', kubeconfig, ...args],
    { reject: false },
  );
const dockerExec = (node: string, ...args: string[]) => execa('docker', ['exec', node, ...args], { reject: false });

type Pod = {
  metadata: { name: string; labels: Record<string, string>; annotations?: Record<string, string> };
  spec: { nodeName: string; containers: { image: string }[] };
  status: { podIP?: string; conditions?: { type: string; status: string }[] };
};

async function pods(): Promise<Pod[]> {
  const r = await kubectl('get', 'pods', '-l', `app=${NAME}`, '-o', 'json');
  assert.equal(r.exitCode, 0, r.stderr);
  return (JSON.parse(r.stdout).items as (Pod & { metadata: { deletionTimestamp?: string } })[]).filter(
    (p) => !p.metadata.deletionTimestamp,
  );
}

async function rolledOut(): Promise<void> {
  const r = await kubectl('rollout', 'status', `deployment/${NAME}`, '--timeout=90s');
  assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, new RegExp(`deployment "${NAME}" successfully rolled out`));
}

async function sliceAddresses(): Promise<string[]> {
  const r = await kubectl(
    'get',
    'endpointslice',
    '-l',
    `kubernetes.io/service-name=${NAME}`,
    '-o',
    'jsonpath={.items[*].endpoints[?(@.conditions.ready==true)].addresses[0]}',
  );
  assert.equal(r.exitCode, 0, r.stderr);
  return r.stdout.split(/\s+/).filter(Boolean).sort();
}

/** Each pod is a namespace on its node with its address on eth0, and its nginx answers from another node. */
async function assertOnNodes(list: Pod[]): Promise<void> {
  const nodes = JSON.parse((await kubectl('get', 'nodes', '-o', 'json')).stdout).items.map(
    (n: { metadata: { name: string } }) => n.metadata.name,
  ) as string[];
  for (const p of list) {
    const ip = p.status.podIP;
    assert.ok(ip, `${p.metadata.name} has no podIP`);
    const addr = await dockerExec(p.spec.nodeName, 'ip', 'netns', 'exec', p.metadata.name, 'ip', '-4', 'addr', 'show');
    assert.equal(addr.exitCode, 0, `no network namespace ${p.metadata.name} on ${p.spec.nodeName}: ${addr.stderr}`);
    assert.match(addr.stdout, new RegExp(`inet ${ip.replace(/\./g, '\\.')}/32`));
    const other = nodes.find((n) => n !== p.spec.nodeName)!;
    const http = await dockerExec(
      other,
      'curl',
      '-s',
      '-m',
      '5',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      `http://${ip}/`,
    );
    assert.equal(http.stdout, '200', `${p.metadata.name} (${ip}) does not answer HTTP from ${other}`);
  }
}

/** Waits until the EndpointSlice lists exactly the pods' addresses (the controller follows within a pass or two). */
async function assertSliceFollows(list: Pod[]): Promise<void> {
  const want = list.map((p) => p.status.podIP!).sort();
  let got: string[] = [];
  for (let i = 0; i < 40; i++) {
    got = await sliceAddresses();
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.deepEqual(got, want, 'the EndpointSlice does not list exactly the ready pods');
}

async function scaleTo(n: number): Promise<Pod[]> {
  const r = await kubectl('scale', 'deployment', NAME, `--replicas=${n}`);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`deployment.apps/${NAME} scaled`));
  await rolledOut();
  // rollout status may end before the ReplicaSet controller has deleted the pods scaled away, as on a cluster
  let list = await pods();
  for (let i = 0; i < 40 && list.length !== n; i++) {
    await new Promise((r) => setTimeout(r, 250));
    list = await pods();
  }
  assert.equal(list.length, n);
  return list;
}

after(async () => {
  await kubectl('delete', 'service', NAME, '--ignore-not-found');
  await kubectl('delete', 'deployment', NAME, '--ignore-not-found');
  for (let i = 0; i < 60; i++) {
    const r = await kubectl('get', 'pods', '-l', `app=${NAME}`, '-o', 'name');
    if (r.stdout.trim() === '') return;
    await new Promise((res) => setTimeout(res, 500));
  }
  assert.fail("the Deployment's pods were not all taken down after it was deleted");
});

test('a Deployment created, scaled, updated and restarted with kubectl: pods and EndpointSlices follow', async () => {
  const created = await kubectl('create', 'deployment', NAME, '--image=nginx:1.25', '--replicas=2', '--port=80');
  assert.equal(created.exitCode, 0, created.stderr);
  const exposed = await kubectl('expose', 'deployment', NAME, '--port=80');
  assert.equal(exposed.exitCode, 0, exposed.stderr);
  await rolledOut();
  const wait = await kubectl('wait', '--for=condition=Available', `deployment/${NAME}`, '--timeout=30s');
  assert.equal(wait.exitCode, 0, wait.stderr);

  let list = await pods();
  assert.equal(list.length, 2);
  const rs1 = JSON.parse((await kubectl('get', 'rs', '-l', `app=${NAME}`, '-o', 'json')).stdout).items;
  assert.equal(rs1.length, 1);
  const hash1 = rs1[0].metadata.labels['pod-template-hash'] as string;
  assert.equal(rs1[0].metadata.name, `${NAME}-${hash1}`);
  for (const p of list) assert.match(p.metadata.name, new RegExp(`^${NAME}-${hash1}-[a-z0-9]{5}$`));
  await assertOnNodes(list);
  await assertSliceFollows(list);

  list = await scaleTo(4);
  await assertOnNodes(list);
  await assertSliceFollows(list);

  const before = list;
  list = await scaleTo(1);
  await assertSliceFollows(list);
  for (const gone of before.filter((p) => !list.some((q) => q.metadata.name === p.metadata.name))) {
    let present = true;
    for (let i = 0; i < 40 && present; i++) {
      const ns = await dockerExec(gone.spec.nodeName, 'ip', 'netns', 'list');
      present = ns.stdout.split('\n').some((l) => l.split(' ')[0] === gone.metadata.name);
      if (present) await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(present, false, `${gone.metadata.name} scaled away is still a namespace on ${gone.spec.nodeName}`);
  }

  await scaleTo(3);
  const image = await kubectl('set', 'image', `deployment/${NAME}`, 'nginx=nginx:1.26');
  assert.equal(image.exitCode, 0, image.stderr);
  await rolledOut();
  list = await pods();
  assert.equal(list.length, 3);
  const hash2 = list[0]!.metadata.labels['pod-template-hash'];
  assert.notEqual(hash2, hash1);
  for (const p of list) {
    assert.equal(p.spec.containers[0]!.image, 'nginx:1.26');
    assert.equal(p.metadata.labels['pod-template-hash'], hash2);
  }
  await assertOnNodes(list);
  await assertSliceFollows(list);

  const restart = await kubectl('rollout', 'restart', `deployment/${NAME}`);
  assert.equal(restart.exitCode, 0, restart.stderr);
  await rolledOut();
  list = await pods();
  assert.equal(list.length, 3);
  for (const p of list) assert.ok(p.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'], p.metadata.name);
  await assertOnNodes(list);
  await assertSliceFollows(list);

  const rss = JSON.parse((await kubectl('get', 'rs', '-l', `app=${NAME}`, '-o', 'json')).stdout).items as {
    metadata: { name: string };
    spec: { replicas: number };
  }[];
  assert.deepEqual(rss.map((r) => r.spec.replicas).sort(), [0, 0, 3], 'the old ReplicaSets are kept, scaled to 0');
  const events = await kubectl('get', 'events', '--field-selector', `involvedObject.name=${NAME}`, '-o', 'json');
  const reasons = JSON.parse(events.stdout).items.map((e: { reason: string }) => e.reason);
  assert.ok(reasons.includes('ScalingReplicaSet'), `Events of the Deployment: ${reasons.join(', ')}`);
});

test("the lab's own Deployment scaled through the API: its ReplicaSet adopted, the newest pod removed on the way back", async () => {
  const all = JSON.parse((await kubectl('get', 'deployments', '-n', 'default', '-o', 'json')).stdout).items as {
    metadata: { name: string };
    spec: { replicas: number; selector: { matchLabels: Record<string, string> } };
  }[];
  const lab = all.find((d) => d.metadata.name !== NAME);
  assert.ok(lab, 'the lab has no Deployment in default');
  const selector = Object.entries(lab.spec.selector.matchLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const labPods = async () =>
    (JSON.parse((await kubectl('get', 'pods', '-l', selector, '-o', 'json')).stdout).items as Pod[])
      .filter((p) => !(p.metadata as { deletionTimestamp?: string }).deletionTimestamp)
      .map((p) => p.metadata.name)
      .sort();
  const before = await labPods();
  const rsBefore = (await kubectl('get', 'rs', '-l', selector, '-o', 'name')).stdout.trim();
  const n = lab.spec.replicas;
  const status = () => kubectl('rollout', 'status', `deployment/${lab.metadata.name}`, '--timeout=90s');
  try {
    assert.equal((await kubectl('scale', 'deployment', lab.metadata.name, `--replicas=${n + 1}`)).exitCode, 0);
    assert.equal((await status()).exitCode, 0);
    const grown = await labPods();
    assert.equal(grown.length, n + 1);
    assert.deepEqual(
      before.filter((p) => grown.includes(p)),
      before,
      "the lab's pods stay when it scales up",
    );
    assert.equal((await kubectl('get', 'rs', '-l', selector, '-o', 'name')).stdout.trim(), rsBefore, 'one ReplicaSet');
    const added = grown.filter((p) => !before.includes(p));
    assert.equal(added.length, 1);
    const json = JSON.parse((await kubectl('get', 'pod', added[0]!, '-o', 'json')).stdout) as Pod;
    await assertOnNodes([json]);
  } finally {
    assert.equal((await kubectl('scale', 'deployment', lab.metadata.name, `--replicas=${n}`)).exitCode, 0);
    assert.equal((await status()).exitCode, 0);
  }
  let after = await labPods();
  for (let i = 0; i < 40 && after.length !== before.length; i++) {
    await new Promise((r) => setTimeout(r, 250));
    after = await labPods();
  }
  assert.deepEqual(after, before, 'scaled back, the newest pod went and the lab keeps its own');
});
