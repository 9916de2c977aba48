import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedRuleProbabilities, probabilityMatches, shares } from '../../../support/kubeproxy/index.ts';

test('rule i of n carries 1/(n-i) and the last carries none', () => {
  assert.deepEqual(expectedRuleProbabilities(1), [null]);
  assert.deepEqual(expectedRuleProbabilities(2), [0.5, null]);
  assert.deepEqual(expectedRuleProbabilities(3), [1 / 3, 0.5, null]);
  assert.deepEqual(expectedRuleProbabilities(4), [0.25, 1 / 3, 0.5, null]);
  assert.deepEqual(expectedRuleProbabilities(0), []);
});

test('both printed spellings of 1/3 match 1/3, and neither matches 1/4 or 1/2', () => {
  for (const printed of [0.33333333349, 0.33332999982, 0.3333333333]) {
    assert.equal(probabilityMatches(printed, 1 / 3), true, String(printed));
    assert.equal(probabilityMatches(printed, 1 / 4), false);
    assert.equal(probabilityMatches(printed, 1 / 2), false);
  }
  // the lab's recording prints 1/2 as 0.50000000000
  assert.equal(probabilityMatches(0.5, 1 / 2), true);
  // neighbouring fractions stay apart for a large service (1/100 vs 1/101)
  assert.equal(probabilityMatches(0.01, 1 / 101), false);
  assert.equal(probabilityMatches(null, null), true);
  assert.equal(probabilityMatches(undefined, null), true);
  assert.equal(probabilityMatches(0.5, null), false);
  assert.equal(probabilityMatches(null, 0.5), false);
});

test('shares are products of the branch probabilities and give 1/n each for well-formed rules', () => {
  assert.deepEqual(shares([0.5, null]), [0.5, 0.5]);
  assert.deepEqual(shares([0.5, 0.5]), [0.5, 0.25]);
  for (const n of [1, 2, 3, 5, 8]) {
    const each = shares(expectedRuleProbabilities(n));
    assert.equal(each.length, n);
    for (const share of each) assert.ok(Math.abs(share - 1 / n) < 1e-12, `n=${n}: ${each}`);
  }
});
