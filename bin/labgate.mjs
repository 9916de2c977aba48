#!/usr/bin/env node
// The CLI is TypeScript: it runs from an esbuild build kept up to date by support/run/build.mjs, or through
// tsx when there is none (LABGATE_NO_BUILD set, or esbuild unavailable).
import { currentBuild } from '../support/run/build.mjs';
import { mapBuildStacks } from '../support/run/stackMap.mjs';

const built = await currentBuild();
if (built) {
  // stack traces (and so cucumber's step locations in the reports) name the TypeScript sources
  mapBuildStacks(built);
  process.env.LABGATE_BUILD_DIR = built;
  await import(new URL(`file://${built}/main.js`).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  try {
    await import('./cli/main.ts');
  } catch (err) {
    // labgate's own code does not load (a syntax error in a checkout being edited): one line, not a trace
    if (process.env.LABGATE_DEBUG) console.error(err);
    console.error(
      `labgate: labgate's own code does not load: ${
        String(err?.message ?? err)
          .split('\n')
          .find((l) => l.trim()) ?? err
      }`,
    );
    process.exitCode = 2;
  }
}
