/**
 * The house rules of support/, checked on the code's own imports: support/ never imports twin/ or bin/, the floor
 * imports nothing above it, and no two folders import each other (an import that runs back up a layer).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|mjs)$/.test(name) ? [p] : [];
  });
}

/** "support/kubeproxy/nft/parseNft.ts" -> "support/kubeproxy"; "support/hooks.ts" -> "support/hooks.ts" */
function roomOf(file: string): string {
  const parts = path.relative(ROOT, file).split(path.sep);
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts.join('/');
}

function imports(): { from: string; to: string }[] {
  return sources(path.join(ROOT, 'support')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => ({
      from: path.relative(ROOT, file),
      to: path.relative(ROOT, path.resolve(path.dirname(file), m[1]!)),
    })),
  );
}

test('support/ imports neither the twin nor the CLI', () => {
  const out = imports().filter((i) => !i.to.startsWith('support/'));
  assert.deepEqual(out, []);
});

test('the floor imports nothing of support/ but itself', () => {
  const up = imports().filter((i) => i.from.startsWith('support/floor/') && !i.to.startsWith('support/floor/'));
  assert.deepEqual(up, []);
});

test('no two folders of support/ import each other', () => {
  const pairs = new Map<string, string[]>();
  for (const i of imports()) {
    const a = roomOf(path.join(ROOT, i.from));
    const b = roomOf(path.join(ROOT, i.to));
    if (a !== b) pairs.set(`${a} -> ${b}`, [...(pairs.get(`${a} -> ${b}`) ?? []), `${i.from} imports ${i.to}`]);
  }
  const both = [...pairs.keys()].filter((k) => {
    const [a, b] = k.split(' -> ');
    return a! < b! && pairs.has(`${b} -> ${a}`);
  });
  assert.deepEqual(
    both.map((k) => [...pairs.get(k)!, ...pairs.get(k.split(' -> ').reverse().join(' -> '))!]),
    [],
  );
});

/** Concepts whose every import stays in their own folder or the floor (a concept below none of the others). */
const FLOOR_ONLY_CONCEPTS = ['support/routers/'];

test('a concept that builds on nothing but the floor imports only itself and the floor', () => {
  const out = imports().filter((i) => {
    const concept = FLOOR_ONLY_CONCEPTS.find((c) => i.from.startsWith(c));
    return concept && !i.to.startsWith(concept) && !i.to.startsWith('support/floor/');
  });
  assert.deepEqual(out, []);
  for (const concept of FLOOR_ONLY_CONCEPTS) {
    assert.ok(
      imports().some((i) => i.from.startsWith(concept) && i.to.startsWith('support/floor/')),
      `${concept} imports nothing from the floor: the rule above sees none of its imports`,
    );
  }
});

test('the checks of this test see the imports they judge (it would pass on an empty tree otherwise)', () => {
  const all = imports();
  assert.ok(all.length > 200, `only ${all.length} imports read from support/`);
  assert.ok(all.some((i) => i.to.startsWith('support/floor/')));
});
