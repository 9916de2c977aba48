// Stryker's build step, run once in its sandbox after the mutants are switched in: bundles each group's test
// files with the modules they import into one plain-JS file, so a mutant run starts node without a
// TypeScript loader. It also maps each mutant to its group, read from the switches Stryker wrote. Packages stay
// external (loaded from node_modules); import.meta.url keeps each source file's own URL, so the tests find their
// fixtures and the course text where they expect them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { groups } from '../../stryker.config.mjs';
import { MUTANT_GROUPS, bundleOf, expand, root } from './files.mjs';

const ownUrls = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.(ts|mts|mjs|js)$/ }, (args) => {
      if (relative(root, args.path).startsWith('node_modules')) return undefined;
      const text = readFileSync(args.path, 'utf8');
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: text.replaceAll('import.meta.url', url), loader: /\.m?ts$/.test(args.path) ? 'ts' : 'js' };
    });
  },
};

// A pattern that matches nothing is a file moved without its line here: say so rather than test less.
for (const g of groups) {
  for (const pattern of [...g.mutate, ...g.tests].filter((p) => !p.startsWith('!'))) {
    if (expand([pattern]).length === 0)
      throw new Error(`mutation group "${g.name}": "${pattern}" matches no file (moved? update stryker.config.mjs)`);
  }
}

await Promise.all(
  groups.map(async (g, i) => {
    const tests = expand(g.tests);
    await build({
      stdin: {
        contents: tests.map((t) => `import ${JSON.stringify(`./${t}`)};`).join('\n'),
        resolveDir: root,
        loader: 'js',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // CommonJS packages inside an ES module bundle still call require() for node's builtins
      banner: {
        js:
          "import { createRequire as __createRequire } from 'node:module'; " +
          'const require = __createRequire(import.meta.url);',
      },
      outfile: join(root, bundleOf(i)),
      plugins: [ownUrls],
      logLevel: 'warning',
    });
  }),
);

const groupOf = {};
for (const [i, g] of groups.entries()) {
  for (const file of expand(g.mutate)) {
    for (const m of readFileSync(join(root, file), 'utf8').matchAll(/stryMutAct_9fa48\("(\d+)"\)/g)) groupOf[m[1]] = i;
  }
}
writeFileSync(join(root, MUTANT_GROUPS), `${JSON.stringify(groupOf)}\n`);
