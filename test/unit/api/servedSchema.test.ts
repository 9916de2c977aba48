/**
 * Every object the twin serves, of every kind with a Kubernetes v1.28 schema (twin/api/openapi/, from
 * ../shared/openapi), has no field the schema lacks and every field of the type it says: lab 04's and lab 16's
 * snapshots as the control plane builds them over a running dataplane, with the `default/kubernetes` Service.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadLab } from '../../../support/lab/catalog.ts';
import { hasSchema, validateObject } from '../../../twin/api/validation.ts';
import { buildSnapshot, computeEndpoints, podStates } from '../../../twin/control/snapshot.ts';
import { computeLegacyEndpoints } from '../../../twin/control/endpointsController.ts';
import { claimBlocks } from '../../../twin/control/ipam.ts';
import { kubernetesService } from '../../../twin/control/served.ts';
import type { ObservedNode } from '../../../twin/dataplane/observe.ts';
import { netnsName } from '../../../twin/dataplane/pods.ts';
import { loadManifests, makePlan, type TwinPlan } from '../../../twin/plan.ts';

function running(plan: TwinPlan): Map<string, ObservedNode> {
  return new Map(
    plan.nodes.map((n, i) => [
      n.name,
      {
        name: n.name,
        running: true,
        ip: `172.18.0.${i + 2}`,
        pods: new Map(
          plan.pods
            .filter((p) => p.node === n.name)
            .map((p) => [netnsName(p), { netns: netnsName(p), ip: p.ip, alive: true }]),
        ),
        routes: [],
      },
    ]),
  );
}

for (const labName of ['04-k8s-services', '16-static-ip']) {
  test(`${labName}: every served object of a kind with a schema validates, with no field the schema lacks`, () => {
    const lab = loadLab(labName);
    const plan = makePlan(lab, loadManifests(lab.manifestsDir));
    const nodes = running(plan);
    const pods = podStates(plan, nodes);
    const snapshot = buildSnapshot(plan, nodes, computeEndpoints(plan, pods), 1, {
      legacyEndpoints: computeLegacyEndpoints(plan, pods),
      ipam: claimBlocks(plan),
    });
    const objects = [...snapshot.objects, ...kubernetesService(plan, snapshot.objects)];
    const checked = objects.filter((o) => hasSchema(o.apiVersion, o.kind));
    assert.ok(checked.some((o) => o.kind === 'Pod') && checked.some((o) => o.kind === 'Service'));
    const problems = checked.flatMap((o) =>
      validateObject(o)
        .filter((p) => p.reason !== 'FieldValueRequired')
        .map((p) => `${o.kind} ${o.metadata.name}: ${p.field}: ${p.message}`),
    );
    assert.deepEqual(problems, []);
  });
}

test('the check sees a field the schema lacks and a value of the wrong type', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', invented: true },
    spec: { containers: [{ name: 'c', image: 'busybox', ports: [{ containerPort: 'eighty' }] }] },
  };
  assert.deepEqual(
    validateObject(pod).map((p) => `${p.reason} ${p.field}`),
    ['FieldValueUnknown metadata.invented', 'FieldValueInvalid spec.containers[0].ports[0].containerPort'],
  );
});
