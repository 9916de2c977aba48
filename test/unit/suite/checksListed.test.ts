/** Every pure check in support/ is listed in test/unit/CHECKS.md and called by some unit test. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../network/labText.ts';

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Exported functions whose declared return type is a Finding (or a promise of one); lint rules are not checks. */
function checkFunctions(): string[] {
  const names: string[] = [];
  for (const file of files(path.join(repoRoot, 'support'), '.ts')) {
    if (file.includes(`${path.sep}course${path.sep}`) || file.includes(`${path.sep}floor${path.sep}`)) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/export (?:async )?function (\w+)\s*(?:<[^>]*>)?\(/g)) {
      let i = m.index! + m[0].length;
      for (let depth = 1; depth > 0 && i < text.length; i += 1) depth += text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0;
      if (/^\s*:\s*(?:Promise<)?Finding</.test(text.slice(i, i + 80))) names.push(m[1]!);
    }
  }
  return names;
}

test('every check is in CHECKS.md and called by a unit test', () => {
  const checks = checkFunctions();
  assert.ok(checks.length >= 80, `found only ${checks.length} checks: the scan is broken`);
  const listed = readFileSync(path.join(repoRoot, 'test', 'unit', 'CHECKS.md'), 'utf8');
  const tests = files(path.join(repoRoot, 'test', 'unit'), '.test.ts')
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const unlisted = checks.filter((c) => !listed.includes(`| \`${c}\` |`));
  assert.deepEqual(unlisted, [], 'checks missing from test/unit/CHECKS.md');
  const wrappers = [
    'leftoverContainers',
    'networkPresent',
    'noIpv6Rules',
    'everyCaliInterfaceHasMac',
    'everyNodeRoutesItsPods',
  ];
  const untested = checks.filter((c) => !wrappers.includes(c) && !new RegExp(`\\b${c}\\(`).test(tests));
  assert.deepEqual(untested, [], 'checks no unit test calls');
});
