/** Where the tests find the lab's recordings and the captured iptables fixtures. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const recordingsDir = path.resolve(repoRoot, '..', 'shared', 'lab', 'recordings');
export const fixturesDir = path.resolve(repoRoot, 'test', 'fixtures', 'iptables');

export function recording(name: string): string {
  return readFileSync(path.join(recordingsDir, name), 'utf8');
}

export function fixture(name: string): string {
  return readFileSync(path.join(fixturesDir, name), 'utf8');
}
