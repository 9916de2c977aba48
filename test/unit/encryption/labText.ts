/** Lab 13's own outputs, read from its README. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { courseDir } from '../network/labText.ts';

/** The first fenced output block after the line that runs `wg show` in the lab text (exercise 4.4). */
export function labWgShow(): string {
  const text = readFileSync(path.join(courseDir, '13-wireguard', 'README.md'), 'utf8');
  const after = text.slice(text.indexOf('docker exec -it wireguard-worker wg show\n'));
  return /Output:\s*\n\s*```\n([\s\S]*?)```/.exec(after)![1]!;
}
