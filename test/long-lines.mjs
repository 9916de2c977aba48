#!/usr/bin/env node
// Fails listing every line over 120 characters in the code of support/, steps/, twin/ and bin/ (or the folders
// given). The formatter wraps code; comments, strings and regexes it leaves as written, so this catches those.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const MAX = 120;
const CODE = /\.(ts|mts|mjs|js|sh)$/;
const roots = process.argv.length > 2 ? process.argv.slice(2) : ['support', 'steps', 'twin', 'bin'];
const missing = roots.filter((root) => !existsSync(root));
if (missing.length > 0) {
  console.error(`labgate: no such folder: ${missing.join(', ')}`);
  process.exit(2);
}

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (CODE.test(entry.name)) yield path;
  }
}

let long = 0;
for (const root of roots) {
  for (const file of files(root)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const [i, line] of lines.entries()) {
      const length = [...line].length;
      if (length <= MAX) continue;
      long++;
      console.log(`${file}:${i + 1}: ${length} characters`);
    }
  }
}
if (long > 0) {
  console.error(`labgate: ${long} lines over ${MAX} characters in ${roots.join(', ')} (listed above)`);
  process.exit(1);
}
