/**
 * Every check in support/ is failed by some fault of some lab (test/faults/CHECKS-FAULTS.md, computed from the
 * checks, the step definitions, the scenarios and the fault matrices), or says why no fault can fail it. The
 * computation runs in its own process: cucumber registers the step definitions once per process, when the
 * steps are first imported, and other tests of this runner may have imported them already.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../network/labText.ts';

test('every check is failed by a lab fault, or says why none can; CHECKS-FAULTS.md is up to date', () => {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'test', 'faults', 'checksReached.ts'), '--check'],
    { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(run.status, 0, `${run.stderr}${run.stdout}`);
});
