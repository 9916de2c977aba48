/**
 * A node's `exec` lines, run in its container once its links exist, in order, as containerlab runs them: each
 * line split into words (quotes kept together) and run without a shell. A failing line stops `twin up` naming it.
 */
import { parse } from 'shell-quote';
import { docker } from '../docker.ts';
import { LabgateError } from '../shared.ts';

export function execWords(line: string): string[] {
  return parse(line).map((w) => {
    if (typeof w !== 'string')
      throw new LabgateError(`exec line "${line}": shell operators are not run by containerlab`);
    return w;
  });
}

export async function runExecLines(container: string, node: string, lines: readonly string[]): Promise<void> {
  for (const line of lines) {
    const r = await docker(['exec', container, ...execWords(line)], { reject: false });
    if (r.exitCode !== 0) {
      throw new LabgateError(
        `exec line "${line}" of node ${node} failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}`,
      );
    }
  }
}
