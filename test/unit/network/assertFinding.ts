/** A check passes when what it observed equals what it expected; a failing one must say why in its message. */
import assert from 'node:assert/strict';
import type { Finding } from '../../../support/floor/finding.ts';

export function assertPasses<T>(f: Finding<T>): void {
  assert.deepEqual(f.observed, f.expected, f.message);
}

export function assertFails<T>(f: Finding<T>, ...mentions: (string | RegExp)[]): void {
  assert.notDeepEqual(f.observed, f.expected, `expected a failure, got a pass: ${f.message}`);
  for (const m of mentions) {
    if (typeof m === 'string') assert.ok(f.message.includes(m), `message should mention "${m}": ${f.message}`);
    else assert.match(f.message, m);
  }
}
