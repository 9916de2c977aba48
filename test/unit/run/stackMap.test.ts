import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { mapBuildStacks } from '../../../support/run/stackMap.mjs';

test('frames in the build name the TypeScript source, line and column; other frames stay as V8 wrote them', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'labgate-stackmap-'));
  const saved = Error.prepareStackTrace;
  try {
    const source = path.join(dir, 'thrower.ts');
    writeFileSync(
      source,
      [
        '// a comment',
        'export function thrower(): never {',
        '  const why: string = "broken";',
        '  throw new Error(why);',
        '}',
        '',
      ].join('\n'),
    );
    const buildDir = path.join(dir, 'build');
    await build({
      entryPoints: [source],
      outdir: buildDir,
      bundle: true,
      format: 'esm',
      sourcemap: 'linked',
      minifyWhitespace: true,
      logLevel: 'silent',
    });
    writeFileSync(path.join(buildDir, 'package.json'), '{"type":"module"}');
    mapBuildStacks(buildDir);
    const { thrower } = (await import(pathToFileURL(path.join(buildDir, 'thrower.js')).href)) as {
      thrower: () => never;
    };
    let stack = '';
    try {
      thrower();
    } catch (err) {
      stack = (err as Error).stack ?? '';
    }
    const lines = stack.split('\n');
    assert.equal(lines[0], 'Error: broken');
    assert.match(lines[1]!, new RegExp(`at thrower \\(${source.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:9\\)$`));
    assert.match(stack, /stackMap\.test\.ts:\d+:\d+/, 'frames outside the build are left as they are');
  } finally {
    Error.prepareStackTrace = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
