/**
 * The course's lab texts, read at test time (never copied into the project): the output a lab shows for a
 * command, the fenced block after the one holding the command, or the rest of the block holding it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const courseDir = path.resolve(repoRoot, '..', 'shared', 'course');
export const networkFixturesDir = path.resolve(repoRoot, 'test', 'fixtures', 'network');

export function networkFixture(name: string): string {
  return readFileSync(path.join(networkFixturesDir, name), 'utf8');
}

export function labText(lab: string, file = 'README.md'): string {
  return readFileSync(path.join(courseDir, lab, file), 'utf8');
}

interface Block {
  lines: string[];
}

/**
 * Fenced blocks in order. An opening fence followed by more than a language word (lab 03 opens one block
 * with "```1: lo: ...") keeps that text as the block's first line, as a reader of the raw file sees it.
 */
export function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let open: Block | undefined;
  for (const line of markdown.split('\n')) {
    const fence = /^\s*```(.*)$/.exec(line);
    if (!fence) {
      open?.lines.push(line);
      continue;
    }
    if (open) {
      blocks.push(open);
      open = undefined;
      continue;
    }
    const info = fence[1]!.trim();
    open = { lines: /\s|:/.test(info) ? [info] : [] };
  }
  return blocks;
}

/** What the lab shows as the output of `command` (its `occurrence`-th appearance as a line of a block). */
export function labOutput(markdown: string, command: string, occurrence = 0): string {
  const blocks = fencedBlocks(markdown);
  let seen = 0;
  for (let i = 0; i < blocks.length; i += 1) {
    const at = blocks[i]!.lines.findIndex((l) => l.trim() === command);
    if (at < 0) continue;
    if (seen++ < occurrence) continue;
    const rest = blocks[i]!.lines.slice(at + 1);
    if (rest.some((l) => l.trim())) return `${rest.join('\n').replace(/^\n+/, '')}\n`;
    const next = blocks[i + 1];
    if (!next) throw new Error(`no block after "${command}"`);
    return `${next.lines.join('\n')}\n`;
  }
  throw new Error(`the lab text has no block with the line "${command}" (occurrence ${occurrence})`);
}

/** A `kubectl get ... -o wide` style table from the lab: one record per row, keyed by the header words. */
export function labTable(output: string): Record<string, string>[] {
  const [header, ...rows] = output.split('\n').filter((l) => l.trim());
  const keys = header!.trim().split(/\s{2,}|\t/);
  return rows.map((row) => {
    const cells = row.trim().split(/\s{2,}|\t/);
    return Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? '']));
  });
}
