/**
 * The `kubectl patch` a lab's text tells the student to type, read from the text's command blocks (never retyped
 * into a feature): the object it patches, the patch type (`--type`, strategic by default) and the patch itself.
 */
import { readFileSync } from 'node:fs';
import { readBlocks } from '../course/blocks.ts';
import { parseMarkdown } from '../course/markdown.ts';
import { optionValues } from '../course/shell.ts';
import { LabgateError } from '../floor/errors.ts';

export type PatchType = 'strategic' | 'merge' | 'json';

export interface TextPatch {
  /** the resource as typed (`daemonset`, `ds`, `deployment.apps`) */
  resource: string;
  name: string;
  type: PatchType;
  patch: unknown;
  /** the command as the text shows it */
  text: string;
  line: number;
}

/** The `kubectl patch <resource> <name>` commands of a markdown text, each with its parsed patch. */
export function patchesInText(markdown: string): TextPatch[] {
  const out: TextPatch[] = [];
  for (const block of readBlocks(parseMarkdown(markdown)).filter((b) => b.role === 'command')) {
    for (const c of block.commands) {
      if (c.argv[0] !== 'kubectl' || c.argv[1] !== 'patch') continue;
      const patchAt = optionValues(c.argv, ['-p'], ['--patch']);
      const typeAt = optionValues(c.argv, [], ['--type']);
      const taken = new Set([...patchAt, ...typeAt].map((o) => o.index));
      const words = c.argv.slice(2).filter((w, i) => !w.startsWith('-') && !taken.has(i + 2));
      const [resource, name] = words[0]?.includes('/') ? words[0].split('/') : words;
      if (!resource || !name || patchAt.length !== 1) continue;
      let patch: unknown;
      try {
        patch = JSON.parse(patchAt[0]!.value);
      } catch (err) {
        throw new LabgateError(
          `the text's patch at line ${c.line} is not JSON (${(err as Error).message}): ${c.text}`,
          'a patch in YAML is not read yet: write it as JSON in the text, or gate it another way',
        );
      }
      const type = (typeAt[0]?.value ?? 'strategic') as PatchType;
      out.push({ resource, name, type, patch, text: c.text, line: c.line });
    }
  }
  return out;
}

const KIND_WORDS: Record<string, string[]> = {
  DaemonSet: ['daemonset', 'daemonsets', 'ds', 'daemonset.apps', 'daemonsets.apps'],
  Deployment: ['deployment', 'deployments', 'deploy', 'deployment.apps', 'deployments.apps'],
  StatefulSet: ['statefulset', 'statefulsets', 'sts', 'statefulset.apps', 'statefulsets.apps'],
};

/** The one patch of the text's file on the object `kind`/`name`; an error naming what the text has instead. */
export function textPatchOf(textFile: string, kind: string, name: string): TextPatch {
  let markdown: string;
  try {
    markdown = readFileSync(textFile, 'utf8');
  } catch {
    throw new LabgateError(`the lab's text ${textFile} cannot be read`, 'check course.dir and course.text in lab.yaml');
  }
  const all = patchesInText(markdown);
  const words = KIND_WORDS[kind] ?? [kind.toLowerCase()];
  const mine = all.filter((p) => words.includes(p.resource.toLowerCase()) && p.name === name);
  if (mine.length !== 1) {
    throw new LabgateError(
      `the lab's text has ${mine.length} \`kubectl patch\` of the ${kind} ${name} (it patches: ` +
        `${all.map((p) => `${p.resource} ${p.name}`).join(', ') || 'nothing'})`,
    );
  }
  return mine[0]!;
}
