/**
 * Links and images of the text whose target is not there: a missing file or folder (with the near-miss it
 * probably meant: case, zero padding, a typo), or a `#anchor` no heading of the target makes. Targets outside
 * the course folder are not looked at; they are counted in one note.
 */
import path from 'node:path';
import { closest } from '../closest.ts';
import type { Finding } from '../finding.ts';
import type { LabFolder } from '../folder.ts';
import { anchorOf, parseMarkdown } from '../markdown.ts';
import { finding, type Rule } from './rule.ts';

export const brokenLinks: Rule = (lab) => {
  const out: Finding[] = [];
  const outside: string[] = [];
  for (const link of lab.doc.links) {
    const href = link.href.trim();
    if (!href || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) continue; // http:, mailto:, ...
    const [rawPath = '', anchor] = href.split('#', 2);
    const target = safeDecode(rawPath);
    const what = link.image ? 'image' : 'link';
    if (!target) {
      if (anchor && !anchorsOf(lab.text).has(anchor.toLowerCase())) {
        out.push(
          finding(lab, {
            line: link.line,
            kind: 'broken-link',
            severity: 'warning',
            message: `${what} to #${anchor}: no heading of this text has that anchor`,
          }),
        );
      }
      continue;
    }
    const abs = lab.folder.resolve(lab.textFile, target);
    if (!abs) {
      outside.push(target);
      continue;
    }
    if (!lab.folder.exists(abs)) {
      const repaired = repair(lab.folder, abs);
      const fixTarget = repaired
        ? path
            .relative(path.dirname(path.join(lab.folder.dir, lab.textFile)), repaired)
            .split(path.sep)
            .join('/')
        : undefined;
      const near = fixTarget
        ? ` (${caseOnly(target, fixTarget) ? 'names are case-sensitive' : `${fixTarget} exists`})`
        : '';
      out.push(
        finding(lab, {
          line: link.line,
          kind: 'broken-link',
          severity: 'warning',
          message: `${what} to ${target}: there is no such ${target.endsWith('/') ? 'folder' : 'file'}${near}`,
          fix: fixTarget ? `link to ${fixTarget}${anchor ? `#${anchor}` : ''}` : undefined,
        }),
      );
      continue;
    }
    if (anchor && /\.md$/i.test(abs)) {
      const text = lab.folder.read(lab.folder.rel(abs));
      if (text !== undefined && !anchorsOf(text).has(anchor.toLowerCase())) {
        out.push(
          finding(lab, {
            line: link.line,
            kind: 'broken-link',
            severity: 'warning',
            message: `link to ${target}#${anchor}: ${target} has no heading with that anchor`,
          }),
        );
      }
    }
  }
  if (outside.length) {
    const unique = [...new Set(outside)];
    out.push(
      finding(lab, {
        line: lab.doc.links.find((l) => l.href.includes(outside[0]!))?.line ?? 1,
        kind: 'skipped',
        severity: 'info',
        message:
          `${unique.length} link target${unique.length === 1 ? '' : 's'} outside the course folder not checked ` +
          `(${unique.slice(0, 3).join(', ')}${unique.length > 3 ? ', …' : ''})`,
      }),
    );
  }
  return out;
};

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** GitHub's heading anchors, repeats numbered (`#setup`, `#setup-1`). */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const h of parseMarkdown(text).headings) {
    const base = anchorOf(h.text);
    const n = seen.get(base) ?? 0;
    anchors.add(n ? `${base}-${n}` : base);
    seen.set(base, n + 1);
  }
  return anchors;
}

/** The existing path a broken one most likely meant, fixing one path component at a time. */
function repair(folder: LabFolder, abs: string): string | undefined {
  const rel = path.relative(folder.root, abs).split(path.sep);
  let current = folder.root;
  for (const part of rel) {
    const next = path.join(current, part);
    if (folder.exists(next)) {
      current = next;
      continue;
    }
    const match = closest(part, folder.list(current));
    if (!match) return undefined;
    current = path.join(current, match);
  }
  return current;
}

function caseOnly(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
