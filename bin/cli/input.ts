/** The text a command reads: a file, or standard input for `-`; a path that cannot be read is one plain line. */
import { readFile } from 'node:fs/promises';
import { LabgateError } from '../../support/floor/errors.ts';

export async function readInput(file: string, hint: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable');
    throw new LabgateError(`cannot read ${file}: ${why}`, hint);
  }
}
