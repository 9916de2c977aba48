/**
 * `npm run test:unit`: every test/unit/<area>/*.test.ts, in one process per CPU (at most four) instead of one per
 * file: a process per file (what `node --test` does) spends most of the run starting Node and tsx again. Each
 * process runs one module that imports its share of the files, so every file's tests and hooks are registered, as
 * they are, before the first test starts. Arguments narrow the run to the files whose path contains one of them
 * (`npm run test:unit -- dns/ api/server`).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tempDir } from './tempDir.ts';

const unitDir = fileURLToPath(new URL('./unit/', import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(unitDir, { withFileTypes: true })
  .filter((area) => area.isDirectory())
  .flatMap((area) => readdirSync(join(unitDir, area.name)).map((file) => join(unitDir, area.name, file)))
  .filter((path) => path.endsWith('.test.ts') && (filters.length === 0 || filters.some((f) => path.includes(f))))
  .sort();
if (files.length === 0) {
  console.error(`labgate: no unit test file matches ${filters.join(', ')}`);
  process.exit(2);
}

// files dealt round-robin into one share per process; static imports in one module each
const shares = Math.min(availableParallelism(), 4, files.length);
const dir = tempDir('labgate-unit-');
const entries = Array.from({ length: shares }, (_, share) => {
  const entry = join(dir, `share-${share + 1}-of-${shares}.mjs`);
  const mine = files.filter((_, i) => i % shares === share);
  writeFileSync(entry, mine.map((path) => `import ${JSON.stringify(pathToFileURL(path).href)};\n`).join(''));
  return entry;
});
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${shares}`, '--test-reporter=spec', ...entries],
  { stdio: 'inherit' },
);
process.exitCode = run.status ?? 1;
