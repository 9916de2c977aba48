/**
 * cucumber-expressions finds a step's arguments with `regexp-match-indices`, whose feature test (a match
 * *without* the `d` flag carrying indices) fails on every engine, so it always takes its regexp-tree
 * polyfill: about 0.1 s of a lab-04 run goes to re-parsing the step patterns. Node has had the `d` flag
 * since 16; this puts the native match, with the same result shape, in the polyfill's place before cucumber
 * loads it. When the module cannot be found where cucumber would load it, the polyfill stays (slower, same
 * answers).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** `regexp.exec(text)` with `indices` for each group, as the polyfill returns it. */
export function execWithIndices(regexp: RegExp, text: string): RegExpExecArray | null {
  let withIndices = flagged.get(regexp);
  if (!withIndices) {
    withIndices = regexp.flags.includes('d') ? regexp : new RegExp(regexp.source, `${regexp.flags}d`);
    flagged.set(regexp, withIndices);
  }
  withIndices.lastIndex = regexp.lastIndex;
  const match = withIndices.exec(text);
  regexp.lastIndex = withIndices.lastIndex;
  return match;
}

const flagged = new WeakMap<RegExp, RegExp>();

export function useNativeMatchIndices(): boolean {
  try {
    const cucumber = createRequire(require.resolve('@cucumber/cucumber'));
    const expressions = createRequire(cucumber.resolve('@cucumber/cucumber-expressions'));
    const id = expressions.resolve('regexp-match-indices');
    if (require.cache[id]) return false; // already loaded: too late to swap
    const exports = Object.assign(execWithIndices, { default: execWithIndices });
    require.cache[id] = {
      id,
      filename: id,
      loaded: true,
      exports,
      children: [],
      paths: [],
    } as unknown as NodeJS.Module;
    return true;
  } catch {
    return false;
  }
}
