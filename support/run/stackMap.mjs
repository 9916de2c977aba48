/**
 * Stack traces of the built CLI name the TypeScript sources, as they would under tsx: frames in the build
 * (.labgate/build/<key>/) are mapped through the build's source maps, read only when a stack is first asked
 * for. Node's own source-map support (process.setSourceMapsEnabled) would instead read and index the map of
 * every module it loads, cucumber's and allure's hundreds included: about 0.1 s of every run.
 * Cucumber reads its step definitions' locations from these stacks too. Plain JavaScript: it runs before
 * any TypeScript can load.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** @type {Map<string, SourceMap | null>} */
const maps = new Map();

/** @param {string} file */
function mapOf(file) {
  let map = maps.get(file);
  if (map === undefined) {
    const mapFile = `${file}.map`;
    try {
      map = existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null;
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  return map;
}

/**
 * The frame's text with its build position replaced by the source's, or as V8 wrote it.
 * @param {NodeJS.CallSite} site
 * @param {string} buildDir
 */
function frame(site, buildDir) {
  const text = String(site);
  const name = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (!name || !line || !column) return text;
  const file = name.startsWith('file://') ? fileURLToPath(name) : name;
  if (!file.startsWith(buildDir)) return text;
  const entry = mapOf(file)?.findEntry(line - 1, column - 1);
  if (!entry || !('originalSource' in entry) || !entry.originalSource) return text;
  const source = entry.originalSource.startsWith('file://')
    ? fileURLToPath(entry.originalSource)
    : path.resolve(path.dirname(file), entry.originalSource);
  return text.replace(`${name}:${line}:${column}`, `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`);
}

/** @param {string} buildDir */
export function mapBuildStacks(buildDir) {
  const dir = buildDir.endsWith(path.sep) ? buildDir : buildDir + path.sep;
  Error.prepareStackTrace = (error, sites) => {
    let head;
    try {
      head = String(error);
    } catch {
      head = 'Error';
    }
    return [head, ...sites.map((s) => `    at ${frame(s, dir)}`)].join('\n');
  };
}
