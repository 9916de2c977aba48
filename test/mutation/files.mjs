// The mutation groups' files: glob patterns of stryker.config.mjs expanded against the tree ("!" excludes).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where bundle.mjs writes one test bundle per group, and runTests.mjs reads them. */
export const BUNDLE_DIR = '.mutation-bundles';
/** Mutant id -> index of the group whose module holds it, written by bundle.mjs. */
export const MUTANT_GROUPS = `${BUNDLE_DIR}/mutant-groups.json`;

function globRegex(glob) {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\/?|\*/g, (m) => (m === '*' ? '[^/]*' : '(?:.*/)?'));
  return new RegExp(`^${body}$`);
}

function walk(dir) {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    return e.isDirectory() ? walk(path) : [path];
  });
}

/** Files matching the patterns, as paths relative to the root: in the patterns' order, each pattern's sorted. */
export function expand(patterns) {
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => globRegex(p.slice(1)));
  const found = new Set();
  for (const pattern of patterns.filter((p) => !p.startsWith('!'))) {
    const parts = pattern.split('/');
    const base = parts
      .slice(
        0,
        parts.findIndex((s) => s.includes('*')),
      )
      .join('/');
    const candidates = pattern.includes('*') ? walk(base).sort() : existsSync(join(root, pattern)) ? [pattern] : [];
    const re = globRegex(pattern);
    for (const file of candidates) if (re.test(file) && !exclude.some((x) => x.test(file))) found.add(file);
  }
  return [...found];
}

export function bundleOf(groupIndex) {
  return `${BUNDLE_DIR}/group-${groupIndex}.mjs`;
}
