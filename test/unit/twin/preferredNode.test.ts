/** The scheduler's preferred node affinity as the twin honours it (lab 13's pods ask for worker2 and worker). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlannedNode } from '../../../twin/plan.ts';
import { preferredNode, type PodTemplate } from '../../../twin/planning/pods.ts';

const node = (name: string): PlannedNode => ({ name, role: 'worker', block: '', taints: [] });
const nodes = [node('wireguard-worker'), node('wireguard-worker2')];
const asking = (values: string[], operator = 'In'): PodTemplate => ({
  spec: {
    containers: [{ name: 'c', image: 'busybox' }],
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, preference: { matchExpressions: [{ key: 'kubernetes.io/hostname', operator, values }] } },
        ],
      },
    },
  },
});

test('the node a preferred In term names wins; none named, another operator or no term: no preference', () => {
  assert.equal(preferredNode(asking(['wireguard-worker2']), nodes)?.name, 'wireguard-worker2');
  assert.equal(preferredNode(asking(['elsewhere']), nodes), undefined);
  assert.equal(preferredNode(asking(['wireguard-worker2'], 'NotIn'), nodes), undefined);
  assert.equal(preferredNode({ spec: { containers: [] } }, nodes), undefined);
});
