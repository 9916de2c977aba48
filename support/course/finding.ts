/** One piece of drift between a lab's text and its files. */
export type Severity = 'error' | 'warning' | 'info';

export type FindingKind =
  | 'missing-file' // a command names a file the lab folder does not have
  | 'broken-link' // a Markdown link or image whose target is not there
  | 'unknown-node' // a node or container name that the topology and Kind config do not create
  | 'kubeconfig' // a KUBECONFIG path, cluster or context name that disagrees with the deploy script
  | 'lab-folder' // a `cd` into a folder that is not this lab's
  | 'missing-object' // an object the text relies on that no applied manifest creates
  | 'output-shape' // a shown output that its command cannot print
  | 'version' // a version shown that disagrees with the one the files pin
  | 'numbering' // a gap or repeat in the numbered exercise headings
  | 'skipped'; // something lint did not read or could not check

export interface Finding {
  lab: string;
  file: string; // relative to the lab folder
  line: number;
  kind: FindingKind;
  severity: Severity;
  message: string;
  fix?: string;
}

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** True when `s` is at least as severe as `threshold`. */
export function atLeast(s: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(s) <= SEVERITIES.indexOf(threshold);
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.lab.localeCompare(b.lab) ||
    a.file.localeCompare(b.file) ||
    a.line - b.line ||
    a.kind.localeCompare(b.kind) ||
    a.message.localeCompare(b.message)
  );
}
