/**
 * The CLI built once with esbuild into .labgate/build/<key>/, so that a run loads plain JavaScript instead of
 * compiling TypeScript through tsx's loader hooks on every start (those hooks also slow down every
 * node_modules import). The key is a hash of every source file's path, size and mtime: an edit, a new step
 * file or a deleted one gives a new build. Plain JavaScript, because it runs before any TypeScript can load.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE_DIRS = ['bin', 'support', 'steps', 'twin'];
const BUILDS = path.join(ROOT, '.labgate', 'build');
const KEEP_BUILDS = 3;
// Libraries bundled into the build: loading one file is far cheaper than resolving and compiling each of
// their modules on every start (the Kubernetes client is 2,600 modules: 0.45 s to import, 0.1 s bundled).
// cucumber and allure stay outside: the formatters and the support code must share one instance of each,
// and cucumber loads its formatters from node_modules itself.
const BUNDLED = new Set([
  '@kubernetes/client-node',
  'chai',
  'commander',
  'execa',
  'ip-address',
  'markdown-it',
  'shell-quote',
  'ws',
  'yaml',
  'zod',
  'dns-packet',
  'node-forge',
]);
// bundled CommonJS calls require(); an ES module has none of its own
const REQUIRE_BANNER =
  "import { createRequire as __labgateCreateRequire } from 'node:module'; const require = " +
  '__labgateCreateRequire(import.meta.url);';

function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function sources() {
  const files = [];
  for (const dir of SOURCE_DIRS) {
    const abs = path.join(ROOT, dir);
    if (!existsSync(abs)) continue;
    for (const rel of readdirSync(abs, { recursive: true })) {
      if (/\.(ts|mjs)$/.test(rel) && !rel.endsWith('.d.ts')) files.push(path.join(dir, rel));
    }
  }
  return files.sort();
}

function keyOf(files) {
  const h = createHash('sha256');
  for (const f of files) {
    const s = statSync(path.join(ROOT, f));
    h.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 16);
}

/** What cucumber loads as support code: the step files and the support files that register with cucumber. */
function supportFiles(files) {
  const registers = (f) => /from '@cucumber\/cucumber'/.test(readFileSync(path.join(ROOT, f), 'utf8'));
  const support = files.filter(
    (f) => f.startsWith('support/') && f.endsWith('.ts') && !f.startsWith('support/run/') && registers(f),
  );
  const steps = files.filter((f) => f.startsWith('steps/') && f.endsWith('.ts'));
  return [...support, ...steps];
}

async function build(files, dir) {
  const esbuild = await import('esbuild');
  const tmp = `${dir}.tmp-${process.pid}`;
  const support = supportFiles(files)
    .map((f) => `import ${JSON.stringify(path.join(ROOT, f))};`)
    .join('\n');
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: {
      main: 'bin/cli/main.ts',
      config: 'support/run/config.ts',
      support: 'labgate:support',
      // the twin's control plane, started at every twin up and fault reset
      daemon: 'twin/control/daemon.ts',
    },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    minifyWhitespace: true,
    minifySyntax: true,
    banner: { js: REQUIRE_BANNER },
    sourcesContent: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'labgate',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => {
            if (args.path.startsWith('labgate:') || args.path.startsWith('node:')) return undefined;
            if (args.kind === 'entry-point' || BUNDLED.has(packageOf(args.path))) return undefined;
            // a package's own imports are bundled with it; everything else is loaded from node_modules
            if (
              /[\\/]node_modules[\\/]/.test(args.importer) &&
              !/[\\/]node_modules[\\/](@cucumber|allure)/.test(args.importer)
            )
              return undefined;
            return { path: args.path, external: true };
          });
          b.onResolve({ filter: /^labgate:support$/ }, () => ({ path: 'support', namespace: 'labgate' }));
          b.onLoad({ filter: /.*/, namespace: 'labgate' }, () => ({
            contents: support,
            resolveDir: ROOT,
            loader: 'js',
          }));
          // each module keeps its own URL, so paths computed from import.meta.url stay right inside the bundle
          b.onLoad({ filter: /\.ts$/ }, (args) => ({
            contents: readFileSync(args.path, 'utf8').replaceAll(
              'import.meta.url',
              JSON.stringify(pathToFileURL(args.path).href),
            ),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  dropLibraryMaps(tmp);
  writeFileSync(path.join(tmp, 'package.json'), '{"type":"module"}\n');
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another process built the same key first
  }
  prune(path.basename(dir));
}

/**
 * Source maps point stack traces (and cucumber's step locations) at the TypeScript; a chunk made only of
 * libraries keeps none: stackMap.mjs would read a chunk's map the first time a stack passes through it (for
 * the Kubernetes client, megabytes), for frames in code that is not labgate's.
 */
function dropLibraryMaps(dir) {
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const map = path.join(dir, `${name}.map`);
    if (!existsSync(map)) continue;
    const { sources } = JSON.parse(readFileSync(map, 'utf8'));
    if (!sources.every((s) => s.includes('/node_modules/'))) continue;
    const js = path.join(dir, name);
    writeFileSync(js, readFileSync(js, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
    rmSync(map);
  }
}

function prune(current) {
  const old = readdirSync(BUILDS)
    .filter((d) => d !== current && !d.includes('.tmp-'))
    .map((d) => ({ d, t: statSync(path.join(BUILDS, d)).mtimeMs }))
    .sort((a, b) => b.t - a.t)
    .slice(KEEP_BUILDS - 1);
  for (const { d } of old) rmSync(path.join(BUILDS, d), { recursive: true, force: true });
}

/**
 * The directory of an up-to-date build, building it when needed; undefined when LABGATE_NO_BUILD is set or
 * esbuild cannot build (then the caller runs the TypeScript through tsx, as before).
 */
export async function currentBuild() {
  if (process.env.LABGATE_NO_BUILD) return undefined;
  try {
    const files = sources();
    const dir = path.join(BUILDS, keyOf(files));
    if (!existsSync(path.join(dir, 'main.js'))) {
      mkdirSync(BUILDS, { recursive: true });
      await build(files, dir);
    }
    return dir;
  } catch (err) {
    if (process.env.LABGATE_DEBUG) console.error(err);
    return undefined;
  }
}
