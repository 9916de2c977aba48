/**
 * Every check in support/ is failed by some fault of some lab (test/faults/CHECKS-FAULTS.md, computed from the
 * checks, the step definitions, the scenarios and the fault matrices), or says why no fault can fail it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../network/labText.ts';
import {
  computeMapping,
  NO_FAULT_YET,
  render,
  TABLE_PATH,
  unreached,
  wronglyUnreachable,
} from '../../faults/checksReached.ts';

test('every check is failed by a lab fault, or says why none can; CHECKS-FAULTS.md is up to date', async () => {
  const mapping = await computeMapping();
  assert.ok(mapping.checks.length >= 80, `found only ${mapping.checks.length} checks: the scan is broken`);
  assert.deepEqual(wronglyUnreachable(mapping), [], 'checks listed as unreachable that a fault fails');
  assert.deepEqual(
    unreached(mapping).filter((c) => !NO_FAULT_YET.includes(c)),
    [],
    'checks no fault fails (add a fault to a lab, or give the reason in UNREACHABLE)',
  );
  assert.deepEqual(
    NO_FAULT_YET.filter((c) => !unreached(mapping).includes(c)),
    [],
    'checks listed as having no fault yet that a fault now fails: take them off NO_FAULT_YET',
  );
  const written = readFileSync(path.join(repoRoot, TABLE_PATH), 'utf8');
  assert.equal(written, render(mapping), `${TABLE_PATH} is stale: run node --import tsx test/faults/checksReached.ts`);
});
