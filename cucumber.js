// cucumber-js configuration (ESM); the profiles live in support/run/config.ts. Started by the built CLI
// (LABGATE_BUILD_DIR set), the profiles and the support code come from the build; started directly,
// the TypeScript runs through tsx, registered here before cucumber imports it (cucumber's
// `loader`/`requireModule` options do not work with tsx 4).
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const built = process.env.LABGATE_BUILD_DIR;
let profiles;
if (built) {
  const { cucumberProfiles } = await import(pathToFileURL(path.join(built, 'config.js')).href);
  profiles = await cucumberProfiles([path.relative(process.cwd(), path.join(built, 'support.js')) || path.join(built, 'support.js')]);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { cucumberProfiles, SOURCE_IMPORTS } = await import('./support/run/config.ts');
  profiles = await cucumberProfiles(SOURCE_IMPORTS);
}

// A default function lets profile names carry a hyphen (`--profile after-destroy`).
export default function cucumberConfig() {
  return profiles;
}
