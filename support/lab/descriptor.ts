/**
 * A lab's descriptor (`features/<lab>/lab.yaml`): everything labgate knows about one lab of the course that
 * is not in its features or manifests. Read with a schema; a bad file is one line naming the file and field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LabgateError } from '../floor/errors.ts';
import { DNS1123_LABEL } from '../floor/names.ts';

const label = z.string().regex(DNS1123_LABEL, 'must be a DNS-1123 label (lower-case letters, digits, "-")').max(63);
const relativePath = z
  .string()
  .min(1)
  .refine((p) => !path.isAbsolute(p), 'must be a path relative to the labgate checkout');

export const DescriptorSchema = z.strictObject({
  name: label,
  title: z.string().min(1),
  /** the published lab: its folder (the text, deploy script, topology) and the text's file name in it */
  course: z
    .strictObject({
      dir: relativePath,
      text: z.string().min(1),
      topology: z.string().min(1).optional(),
    })
    .optional(),
  cluster: z.strictObject({
    /** the Kind cluster's name (Kind names the nodes and the context after it) */
    name: label,
    /** the file the lab's deploy script writes, relative to where the script runs */
    kubeconfig: z.string().min(1),
    context: z.string().min(1),
  }),
  /** the namespaces the lab's objects live in; names in features are looked up here, in this order */
  namespaces: z.array(label).min(1),
  features: relativePath,
  manifests: relativePath,
  /** how the twin builds this lab where it differs from the published one (each difference with its reason) */
  twin: z
    .strictObject({
      /** topology nodes the twin leaves out (with their links, and the exec lines that configure those links) */
      without: z
        .array(z.strictObject({ node: z.string().min(1), why: z.string().min(1) }))
        .min(1)
        .optional(),
    })
    .optional(),
  /** the lab's own words for messages: why an object named by the text may be missing (known drift) */
  words: z
    .strictObject({
      missing: z.record(z.string(), z.string()).default({}),
    })
    .default({ missing: {} }),
});

export type Descriptor = z.infer<typeof DescriptorSchema>;

/** Reads and validates one descriptor file. */
export function readDescriptor(file: string, shownAs = file): Descriptor {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : firstLine(err);
    throw new LabgateError(`lab descriptor ${shownAs}: ${why}`, 'see docs/adding-a-lab.md');
  }
  const parsed = DescriptorSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? issue.path.join('.') : '(the file)';
    throw new LabgateError(`lab descriptor ${shownAs}: field ${field}: ${issue.message}`, 'see docs/adding-a-lab.md');
  }
  return parsed.data;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}
