/**
 * One `twin up` at a time per lab: two at once (a test's reset and a gate run, say) would tear down each
 * other's nodes. The lock is a directory (mkdir is atomic) holding its owner's pid; a dead owner's lock is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabgateError } from '../shared.ts';
import { PROJECT_ROOT, pidAlive } from './state.ts';

const LOCK_WAIT_MS = 180_000;
const LOCK_POLL_MS = 250;

export async function withTwinLock<T>(lab: string, log: (l: string) => void, work: () => Promise<T>): Promise<T> {
  const dir = join(PROJECT_ROOT, '.labgate', `twin-${lab}.lock`);
  mkdirSync(join(PROJECT_ROOT, '.labgate'), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  let said = false;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      break;
    } catch {
      const owner = Number(readFileSafe(join(dir, 'pid')));
      if (owner && !pidAlive(owner)) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new LabgateError(
          `another labgate (pid ${owner || 'unknown'}) has been bringing the twin up for ${LOCK_WAIT_MS / 1000} s`,
          `wait for it, or remove ${dir} if no labgate runs`,
        );
      if (!said) log(`labgate: waiting for another labgate (pid ${owner || 'unknown'}) that is bringing the twin up`);
      said = true;
      await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}
