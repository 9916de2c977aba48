/**
 * The sections of a lab text as a reader links to them: the id an `@exercise:` tag names ("4.5", or the
 * heading as a slug), the heading's words without its emoji, its line, and GitHub's anchor for it.
 */
import { slug } from './blocks.ts';
import { anchorOf, parseMarkdown } from './markdown.ts';

export interface TextSection {
  id: string;
  title: string;
  line: number;
  anchor: string;
}

export function textSections(text: string): TextSection[] {
  return parseMarkdown(text).headings.map((h) => {
    const num = /^(\d+(?:\.\d+)*)\.?\s/.exec(h.text);
    return {
      id: num ? num[1]! : slug(h.text),
      title: headingWords(h.text),
      line: h.line,
      anchor: anchorOf(h.text),
    };
  });
}

/** A heading without its emoji ("4.1 Locate Service Rule 🔎" -> "4.1 Locate Service Rule"). */
export function headingWords(text: string): string {
  return text
    .replace(/\p{Extended_Pictographic}|\u{FE0F}|\u{200D}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The section an exercise names: its own heading, else the nearest one that holds it ("4.5.1" in "4.5"). */
export function sectionOf(sections: TextSection[], exercise: string): TextSection | undefined {
  for (let id = exercise; id; id = id.includes('.') ? id.slice(0, id.lastIndexOf('.')) : '') {
    const found = sections.find((s) => s.id === id);
    if (found) return found;
  }
  return undefined;
}

/**
 * The section a scenario checks: its narrowest `@exercise:` tag's ("4.5" over "4"), else a plain tag that names
 * a section by its last word (`@notes` for "Additional Notes").
 */
export function sectionOfScenario(sections: TextSection[], tags: string[]): TextSection | undefined {
  const exercises = tags
    .filter((t) => t.startsWith('@exercise:'))
    .map((t) => t.slice('@exercise:'.length))
    .sort((a, b) => b.split('.').length - a.split('.').length);
  const byExercise = exercises.map((e) => sectionOf(sections, e)).find(Boolean);
  if (byExercise || exercises.length) return byExercise;
  const words = tags.filter((t) => /^@[a-z][a-z0-9-]*$/.test(t)).map((t) => t.slice(1));
  return sections.find((s) => words.some((w) => s.id === w || s.id.endsWith(`-${w}`)));
}
