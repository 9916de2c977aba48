// cucumber-js configuration (ESM); the profiles live in support/run/config.ts. Started by the built CLI
// (LABGATE_BUILD_DIR set), the profiles and the support code come from the build; started directly,
// the TypeScript runs through tsx, registered here before cucumber imports it (cucumber's
// `loader`/`requireModule` options do not work with tsx 4).
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const built = process.env.LABGATE_BUILD_DIR;
let load;
if (built) {
  const { cucumberProfiles, supportImports } = await import(pathToFileURL(path.join(built, 'config.js')).href);
  load = () => cucumberProfiles(supportImports(built));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { cucumberProfiles, SOURCE_IMPORTS } = await import('./support/run/config.ts');
  load = () => cucumberProfiles(SOURCE_IMPORTS);
}

// A default function lets profile names carry a hyphen (`--profile after-destroy`). `labgate run` does not read
// this file: it builds the profiles for the lab it chose and hands cucumber the target as a world parameter.
export default function cucumberConfig() {
  return load();
}
