/**
 * Numbered headings ("### 3. ...", "#### 3.2 ...") that skip or repeat a number, start past 1, or carry a
 * prefix that is not their parent's number. Numbers count among the headings of one level under one parent
 * heading. When a missing number is written as a bold paragraph instead ("**9. Wait ...**"), the finding
 * says so and the fix is to make that line a heading.
 */
import type { Finding } from '../finding.ts';
import type { Heading, Paragraph } from '../markdown.ts';
import { finding, type Rule } from './rule.ts';

interface Numbered {
  heading: Heading;
  parts: number[];
  label: string;
}

export const numberingGaps: Rule = (lab) => {
  const out: Finding[] = [];
  const { headings, paragraphs } = lab.doc;
  const last = new Map<string, Numbered>(); // scope (parent heading line + level) -> last numbered heading
  headings.forEach((h, i) => {
    const n = numberOf(h);
    if (!n) return;
    const parent = [...headings.slice(0, i)].reverse().find((p) => p.level < h.level);
    const parentNumber = parent ? numberOf(parent) : undefined;
    const scope = `${parent?.line ?? 0}:${h.level}`;
    const prev = last.get(scope);
    last.set(scope, n);
    const base = { line: h.line, kind: 'numbering' as const, severity: 'warning' as const };
    if (n.parts.length > 1 && parentNumber && prefix(n) !== parentNumber.label) {
      out.push(
        finding(lab, {
          ...base,
          message: `heading ${n.label} sits under heading ${parentNumber.label}`,
          fix: `number it ${parentNumber.label}.${n.parts[n.parts.length - 1]}, or move it`,
        }),
      );
      return;
    }
    const expected = prev && prefix(prev) === prefix(n) ? prev.parts[prev.parts.length - 1]! + 1 : 1;
    const got = n.parts[n.parts.length - 1]!;
    if (got === expected) return;
    if (got < expected) {
      out.push(
        finding(lab, {
          ...base,
          message: `heading ${n.label} comes after heading ${prev!.label}: the number repeats or goes back`,
          fix: `number it ${withLast(n, expected)}`,
        }),
      );
      return;
    }
    const missing = range(expected, got - 1).map((k) => withLast(n, k));
    const bold = missing
      .map((label) => boldStep(paragraphs, label, prev?.heading.line ?? parent?.line ?? 0, h.line))
      .filter((p): p is Paragraph => !!p);
    const after = prev
      ? `follows heading ${prev.label}`
      : `is the first numbered heading${parent ? ` under "${parent.text}"` : ''}`;
    const gap =
      missing.length === 1 ? `${missing[0]} is missing` : `${missing[0]} to ${missing[missing.length - 1]} are missing`;
    const lines = `line${bold.length > 1 ? 's' : ''} ${bold.map((p) => p.line).join(', ')}`;
    const asBold = bold.length ? ` as a heading (written as bold text at ${lines})` : '';
    out.push(
      finding(lab, {
        ...base,
        message: `heading ${n.label} ${after}: ${gap}${asBold}`,
        fix: bold.length
          ? `make ${lines} ${'#'.repeat(h.level)} heading${bold.length > 1 ? 's' : ''}`
          : `renumber from ${withLast(n, expected)}`,
      }),
    );
  });
  return out;
};

function numberOf(h: Heading): Numbered | undefined {
  const m = /^[*_\s]*(\d+(?:\.\d+)*)[.)]?(\s|$)/.exec(h.text);
  if (!m) return undefined;
  return { heading: h, parts: m[1]!.split('.').map(Number), label: m[1]! };
}

function prefix(n: Numbered): string {
  return n.parts.slice(0, -1).join('.');
}

function withLast(n: Numbered, k: number): string {
  return [...n.parts.slice(0, -1), k].join('.');
}

function range(a: number, b: number): number[] {
  return Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
}

/** A paragraph between two lines that starts with the number in bold: `**9. Wait ...**`. */
function boldStep(paragraphs: Paragraph[], label: string, from: number, to: number): Paragraph | undefined {
  const pattern = new RegExp(`^(\\*\\*|__)${label.replace(/\./g, '\\.')}\\.?\\s`);
  return paragraphs.find((p) => p.line > from && p.line < to && pattern.test(p.text.trim()));
}
