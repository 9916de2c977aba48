/**
 * The named coverage gaps of a lab: `coverage-gaps.yaml` next to its features lists the blocks of the text
 * no scenario checks, each with the reason. An entry names a section (its number, or its heading as a slug,
 * e.g. "deployment") and optionally a command (`cmd`, matched like a `@cmd:` tag); it covers the command
 * blocks it names and their shown outputs.
 *
 *   gaps:
 *     - section: deployment
 *       reason: the gate checks a deployed lab; it does not deploy it
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LabgateError } from '../../floor/errors.ts';
import { readYamlDocs } from '../yamlDocs.ts';

export const GAPS_FILE = 'coverage-gaps.yaml';

export interface Gap {
  section: string;
  cmd?: string;
  reason: string;
  line: number;
}

const GapsSchema = z.object({
  gaps: z.array(
    z
      .object({
        section: z.union([z.string(), z.number()]).transform(String),
        cmd: z.string().min(1).optional(),
        reason: z.string().min(1),
      })
      .strict(),
  ),
});

export function readGaps(featuresDir: string): Gap[] {
  const file = path.join(featuresDir, GAPS_FILE);
  if (!existsSync(file)) return [];
  const shown = `${path.basename(featuresDir)}/${GAPS_FILE}`;
  const [doc] = readYamlDocs(readFileSync(file, 'utf8'));
  if (!doc) throw new LabgateError(`${shown}: not a YAML document`);
  const parsed = GapsSchema.safeParse(doc.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LabgateError(
      `${shown}: ${issue.path.join('.') || 'document'}: ${issue.message}`,
      'each gap has a section, a reason and optionally a cmd',
    );
  }
  return parsed.data.gaps.map((g, i) => ({ ...g, line: doc.lineOf(['gaps', i, 'section']) }));
}
