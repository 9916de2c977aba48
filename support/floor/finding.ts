/**
 * Evidence attached to a scenario: the commands run with their output, and the objects read, so a
 * failing report shows what labgate saw. Findings pair a promise's expected and observed values with
 * a message in the lab's words.
 */
import YAML from 'yaml';
import type { CommandResult } from './command.ts';

export interface Evidence {
  title: string;
  body: string;
  mediaType: 'text/plain' | 'application/json' | 'image/svg+xml';
}

/** What a check found: steps compare `observed` with `expected` and fail with `message`. */
export interface Finding<T> {
  expected: T;
  observed: T;
  message: string;
  evidence: Evidence[];
}

/** The file name of the attachment that carries a finding's message. */
export const FINDING_ATTACHMENT = 'finding.txt';

export function finding<T>(expected: T, observed: T, message: string, evidence: Evidence[] = []): Finding<T> {
  return { expected, observed, message, evidence };
}

export function textEvidence(title: string, body: string): Evidence {
  return { title, body, mediaType: 'text/plain' };
}

export function commandEvidence(
  title: string,
  r: Pick<CommandResult, 'command' | 'stdout' | 'stderr' | 'exitCode'> & { timedOut?: boolean },
): Evidence {
  const lines = [`$ ${r.command.map(quoteForDisplay).join(' ')}`, r.stdout.trimEnd()];
  if (r.stderr.trim()) lines.push('--- stderr ---', r.stderr.trimEnd());
  lines.push(`--- exit ${r.exitCode ?? 'none'}${r.timedOut ? ' (timed out)' : ''} ---`);
  return textEvidence(title, lines.join('\n'));
}

/** Kubernetes objects as YAML, with managedFields dropped (noise for a reader). */
export function objectEvidence(title: string, objects: unknown): Evidence {
  const cleaned = JSON.parse(JSON.stringify(objects ?? null, (k, v) => (k === 'managedFields' ? undefined : v)));
  return textEvidence(title, YAML.stringify(cleaned));
}

function quoteForDisplay(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export type AttachFn = (
  data: string,
  mediaTypeOrOptions: string | { mediaType: string; fileName?: string },
) => void | Promise<void>;

export async function attachEvidence(attach: AttachFn, items: Evidence[]): Promise<void> {
  for (const e of items) {
    // the file name is what Allure and the Cucumber HTML report show as the attachment's title
    if (e.mediaType === 'text/plain')
      await attach(`## ${e.title}\n${e.body}`, { mediaType: 'text/plain', fileName: `${e.title}.txt` });
    else await attach(e.body, { mediaType: e.mediaType, fileName: e.title });
  }
}
