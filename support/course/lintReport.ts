/** How lint findings read on a terminal: one line each, grouped by lab, and a count per severity. */
import type { Finding, Severity } from './finding.ts';

export function renderFindings(findings: Finding[], labCount: number, threshold: Severity): string {
  const lines: string[] = [];
  let lab = '';
  let width = 0;
  for (const f of findings) {
    if (f.lab !== lab) {
      if (lab) lines.push('');
      lab = f.lab;
      lines.push(lab);
      width = Math.max(...findings.filter((g) => g.lab === lab).map((g) => `${g.file}:${g.line}`.length));
    }
    lines.push(`  ${`${f.file}:${f.line}`.padEnd(width)}  ${f.severity.padEnd(7)}  ${f.kind.padEnd(14)}  ${f.message}`);
    if (f.fix) lines.push(`  ${' '.repeat(width + 27)}fix: ${f.fix}`);
  }
  if (lines.length) lines.push('');
  lines.push(summary(findings, labCount, threshold));
  return lines.join('\n');
}

export function summary(findings: Finding[], labCount: number, threshold: Severity): string {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const labs = `${labCount} lab${labCount === 1 ? '' : 's'}`;
  if (!findings.length) return `${labs}: no findings at ${threshold} or above`;
  const parts = (['error', 'warning', 'info'] as const)
    .filter((s) => count(s))
    .map((s) => `${count(s)} ${s}${count(s) === 1 || s === 'info' ? '' : 's'}`);
  return (
    `${labs}: ${findings.length} finding${findings.length === 1 ? '' : 's'} (${parts.join(', ')}) at ` +
    `${threshold} or above`
  );
}

/** The `--json` document: findings with their fields in a fixed order. */
export function findingsJson(findings: Finding[]): string {
  const ordered = findings.map((f) => ({
    lab: f.lab,
    file: f.file,
    line: f.line,
    kind: f.kind,
    severity: f.severity,
    message: f.message,
    ...(f.fix ? { fix: f.fix } : {}),
  }));
  return JSON.stringify({ findings: ordered }, null, 2);
}
