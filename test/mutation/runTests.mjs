// Stryker's command runner calls this in its sandbox, with the bail reporter (stryker.config.mjs): once with no
// mutant active (the dry run: every group's tests) and once per mutant (__STRYKER_ACTIVE_MUTANT__ set: only the
// tests of the group whose module holds it). The tests are the bundles bundle.mjs built, loaded into this
// process; node:test runs them and sets the exit code (0: the mutant survived). Stryker's own timeout ends an
// endless loop, and counts it as detected.
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { groups } from '../../stryker.config.mjs';
import { MUTANT_GROUPS, bundleOf, root } from './files.mjs';

/** The tests read the course text at <repo>/../shared: give the sandbox the project's. */
function linkCourse(projectRoot) {
  const wanted = resolve(root, '..', 'shared');
  const real = projectRoot ? resolve(projectRoot, '..', 'shared') : undefined;
  if (!real || real === wanted || existsSync(wanted) || !existsSync(real)) return;
  try {
    symlinkSync(real, wanted, 'dir');
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
  }
}

const active = process.env.__STRYKER_ACTIVE_MUTANT__;
const groupOf = JSON.parse(readFileSync(join(root, MUTANT_GROUPS), 'utf8'));
// a mutant found in no group runs every group's tests: never fewer tests than it deserves
const chosen = active !== undefined && groupOf[active] !== undefined ? [groupOf[active]] : groups.map((_, i) => i);
linkCourse(process.argv[2]);
for (const i of chosen) await import(pathToFileURL(join(root, bundleOf(i))).href);
