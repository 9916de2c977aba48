/**
 * A lab made from nothing but a descriptor and two manifests (a Deployment and a headless Service in a
 * namespace of its own) comes up on the twin: what a course author gets when adding a lab. Run after the
 * lab-04 twin is down (one twin at a time); it brings its own twin up and takes it down again.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, DiscoveryV1Api, KubeConfig } from '@kubernetes/client-node';
import { Address4 } from 'ip-address';
import { execa } from 'execa';
import { REPO_ROOT, loadLab } from '../../support/lab/catalog.ts';
import { TwinState } from '../../twin/control/state.ts';
import { twinDown, twinUp } from '../../twin/index.ts';

const LAB = `throwaway-${process.pid}`;
const NAMESPACE = `tw-${process.pid}`;
const featuresDir = join(REPO_ROOT, 'features', LAB);
const manifestsDir = join(REPO_ROOT, 'manifests', LAB);

before(() => {
  mkdirSync(featuresDir, { recursive: true });
  mkdirSync(manifestsDir, { recursive: true });
  writeFileSync(
    join(featuresDir, 'lab.yaml'),
    [
      `name: ${LAB}`,
      'title: A throwaway lab made by a test',
      `cluster: { name: ${LAB}, kubeconfig: ${LAB}.kubeconfig, context: kind-${LAB} }`,
      `namespaces: [${NAMESPACE}]`,
      `features: features/${LAB}`,
      `manifests: manifests/${LAB}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(manifestsDir, 'web.yaml'),
    `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${NAMESPACE} }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - { name: web, image: nginx:stable, ports: [{ containerPort: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: web-headless, namespace: ${NAMESPACE} }
spec:
  clusterIP: None
  selector: { app: web }
  ports: [{ name: http, port: 80 }]
`,
  );
});

after(async () => {
  await twinDown(LAB).catch(() => {});
  rmSync(featuresDir, { recursive: true, force: true });
  rmSync(manifestsDir, { recursive: true, force: true });
});

test('the throwaway lab is listed, comes up on the twin, and the API shows its pods and headless Service', {
  timeout: 600_000,
}, async () => {
  const lab = loadLab(LAB);
  assert.deepEqual(
    lab.nodes.map((n) => n.role),
    ['control-plane'],
    'no Kind config: Kind makes one control-plane node',
  );
  const listed = await execa(process.execPath, [join(REPO_ROOT, 'bin', 'labgate.mjs'), 'labs'], { cwd: REPO_ROOT });
  assert.match(listed.stdout, new RegExp(`^${LAB} `, 'm'));

  const up = await twinUp(LAB);
  assert.equal(up.context, `kind-${LAB}`);
  const kc = new KubeConfig();
  kc.loadFromFile(TwinState.kubeconfigPath(lab.cluster.kubeconfig));
  const core = kc.makeApiClient(CoreV1Api);

  const pods = (await core.listNamespacedPod({ namespace: NAMESPACE })).items;
  assert.equal(pods.length, 2);
  const pool = new Address4(lab.podSubnet);
  for (const p of pods) {
    assert.equal(p.status?.phase, 'Running', `${p.metadata?.name} is Running`);
    assert.ok(
      p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
      `${p.metadata?.name} is Ready`,
    );
    assert.ok(
      new Address4(p.status?.podIP ?? '0.0.0.0').isInSubnet(pool),
      `${p.status?.podIP} is inside the lab's pool ${lab.podSubnet}`,
    );
  }

  const svc = await core.readNamespacedService({ name: 'web-headless', namespace: NAMESPACE });
  assert.equal(svc.spec?.clusterIP, 'None', 'a headless Service has no VIP');
  const slices = await kc
    .makeApiClient(DiscoveryV1Api)
    .listNamespacedEndpointSlice({ namespace: NAMESPACE, labelSelector: 'kubernetes.io/service-name=web-headless' });
  assert.deepEqual(
    slices.items.flatMap((s) => s.endpoints.flatMap((e) => e.addresses)).sort(),
    pods.map((p) => p.status?.podIP).sort(),
  );
  const deployment = await kc.makeApiClient(AppsV1Api).readNamespacedDeployment({ name: 'web', namespace: NAMESPACE });
  assert.equal(deployment.status?.readyReplicas, 2);

  // no VIP, so kube-proxy wrote no rule for it
  const node = lab.nodes[0]!.name;
  const nat = await execa('docker', ['exec', node, 'iptables-save', '-t', 'nat']);
  assert.doesNotMatch(nat.stdout, /web-headless/);
});
