/** The ranking behind "closest defined step": edit distance to the expression or to a wording that matches it. */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { closestStep, editDistance } from '../../support/validate/closestStep.ts';

test('edit distance counts insertions, deletions and substitutions', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('same', 'same'), 0);
  assert.equal(editDistance('clustr', 'cluster'), 1);
});

test('a concrete wording that a definition matches counts as much as its expression', () => {
  const candidates = [
    {
      expression: '{string} has sessionAffinity None',
      location: 'a:1',
      examples: ['"nginx-service" has sessionAffinity None'],
    },
    {
      expression: 'the cluster has {int} nodes and every one is Ready',
      location: 'b:2',
      examples: ['the cluster has 3 nodes and every one is Ready'],
    },
  ];
  assert.equal(closestStep('"nginx-service" has sessionAfinity None', candidates)?.candidate.location, 'a:1');
  assert.equal(closestStep('the cluster has 3 node and each one is Ready', candidates)?.candidate.location, 'b:2');
  assert.equal(closestStep('anything', []), undefined);
});
