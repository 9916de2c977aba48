import type { Finding, FindingKind, Severity } from '../finding.ts';
import type { LabModel } from '../lab.ts';

export type Rule = (lab: LabModel) => Finding[];

/** A finding in the lab's text file unless another file is named. */
export function finding(
  lab: LabModel,
  f: { line: number; kind: FindingKind; severity: Severity; message: string; fix?: string; file?: string },
): Finding {
  const out: Finding = {
    lab: lab.name,
    file: f.file ?? lab.textFile,
    line: f.line,
    kind: f.kind,
    severity: f.severity,
    message: f.message,
  };
  if (f.fix) out.fix = f.fix;
  return out;
}

/** A command as the text wrote it, shortened for a one-line message. */
export function quoteCommand(text: string, max = 70): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return `\`${one.length > max ? `${one.slice(0, max - 1)}…` : one}\``;
}
