/** The lab texts' own outputs, read at test time: the fenced block that follows a fenced command. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function labFile(lab: string, file: string): string {
  return resolve(repoRoot, '..', 'shared', 'course', lab, file);
}

function fencedBlocks(text: string): string[][] {
  const blocks: string[][] = [];
  let open: { fence: string; lines: string[] } | null = null;
  for (const line of text.split('\n')) {
    const fence = /^\s*(`{3,})/.exec(line);
    if (open === null) {
      if (fence) open = { fence: fence[1]!, lines: [] };
    } else if (fence && fence[1]!.length >= open.fence.length && line.trim() === fence[1]) {
      blocks.push(open.lines);
      open = null;
    } else {
      open.lines.push(line);
    }
  }
  return blocks;
}

/** The output block after the `nth` fenced block holding the line `command` (0 = the first such block). */
export function outputAfter(lab: string, file: string, command: string, nth = 0): string {
  const blocks = fencedBlocks(readFileSync(labFile(lab, file), 'utf8'));
  const hits = blocks.map((b, i) => (b.some((l) => l.trim() === command) ? i : -1)).filter((i) => i >= 0);
  const at = hits[nth];
  if (at === undefined || blocks[at + 1] === undefined)
    throw new Error(`${lab}/${file}: no output block after command "${command}" (#${nth})`);
  return blocks[at + 1]!.join('\n') + '\n';
}

export function fixture(name: string): string {
  return readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8');
}

/** The Corefile out of the ConfigMap lab 05 prints. */
export function labCorefile(): string {
  const cm = YAML.parse(
    outputAfter('05-k8s-dns', 'Readme.md', 'kubectl get configmap -n kube-system coredns -o yaml'),
  ) as { data: { Corefile: string } };
  return cm.data.Corefile;
}
