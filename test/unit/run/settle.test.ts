import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LabgateError } from '../../../support/floor/errors.ts';
import { SETTLE_ENV, settleBound, settleSeconds } from '../../../support/floor/wait.ts';

test('without LABGATE_SETTLE_SECONDS every settle wait keeps its default', () => {
  assert.equal(settleSeconds({}), undefined);
  assert.equal(settleBound(60_000, {}), 60_000);
  assert.equal(settleBound(30_000, { [SETTLE_ENV]: '' }), 30_000);
});

test('LABGATE_SETTLE_SECONDS shortens a settle wait and never lengthens it', () => {
  assert.equal(settleBound(60_000, { [SETTLE_ENV]: '10' }), 10_000);
  assert.equal(settleBound(30_000, { [SETTLE_ENV]: '2.5' }), 2_500);
  assert.equal(settleBound(30_000, { [SETTLE_ENV]: '90' }), 30_000);
});

test('a value that is not a positive number of seconds is refused with one line naming it', () => {
  for (const bad of ['0', '-5', 'soon', '10s', 'Infinity']) {
    assert.throws(
      () => settleSeconds({ [SETTLE_ENV]: bad }),
      (err: unknown) =>
        err instanceof LabgateError &&
        err.message === `${SETTLE_ENV} must be a positive number of seconds, not "${bad}"`,
    );
  }
});
