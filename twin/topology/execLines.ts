/**
 * A node's `exec` lines, run in its container once its links exist, in order, as containerlab runs them: each
 * line split into words (quotes kept together) and run without a shell. A failing line is reported and the next
 * one runs, as containerlab logs a failed exec and goes on (lab 23's Kind nodes add a default route where Docker's
 * already is: the line fails there too, and the node keeps Docker's). What cannot be run at all (shell operators)
 * stops `twin up` naming it.
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

/** What a failed line says, in one line, as containerlab logs it. */
export function execFailure(node: string, line: string, output: string): string {
  return `exec line "${line}" of node ${node} failed: ${output.trim().split('\n')[0] ?? ''}`;
}

/** Runs the lines; returns what failed (each reported on stderr as containerlab logs it), empty when all ran. */
export async function runExecLines(container: string, node: string, lines: readonly string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const line of lines) {
    const r = await docker(['exec', container, ...execWords(line)], { reject: false });
    if (r.exitCode !== 0) {
      const what = execFailure(node, line, r.stderr || r.stdout);
      process.stderr.write(`labgate twin: ${what} (containerlab reports it and goes on)\n`);
      failed.push(what);
    }
  }
  return failed;
}
