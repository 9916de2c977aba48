/**
 * `npm run test:unit`: every test/unit/<area>/*.test.ts in this one process. A process per file (what
 * `node --test` does) spends most of the run starting Node and tsx again; one module importing them all keeps
 * every file's tests and hooks as they are, registered before the first test starts. Arguments narrow the run
 * to the files whose path contains one of them (`npm run test:unit -- dns/ api/server`).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
// static imports in one module: the whole graph is evaluated before the runner starts the first test
const entry = files.map((path) => `import ${JSON.stringify(pathToFileURL(path).href)};`).join('\n');
await import(`data:text/javascript,${encodeURIComponent(entry)}`);
