/**
 * A lab text read with markdown-it: headings, fenced blocks and links, each with its 1-based line.
 * Blocks also keep the prose just before them ("Output:") so that commands and shown outputs can be told apart.
 */
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

export interface Heading {
  level: number;
  text: string;
  line: number;
}

export interface Fence {
  index: number;
  info: string; // the fence's info string, e.g. "bash"
  content: string;
  line: number; // the opening fence
  contentLine: number; // first line of content
  heading?: Heading; // the nearest heading above
  before: string; // text of the paragraph or list item just above, '' when another block is right above
}

export interface Link {
  href: string;
  line: number;
  image: boolean;
}

export interface Paragraph {
  text: string; // inline Markdown source
  line: number;
}

export interface MarkdownDoc {
  headings: Heading[];
  paragraphs: Paragraph[];
  fences: Fence[];
  links: Link[];
  lineCount: number;
}

// only the structure lint reads: emphasis, entities and inline HTML are left as text
const md = new MarkdownIt({ html: true }).disable(['emphasis', 'strikethrough', 'entity', 'html_inline', 'text_join']);

export function parseMarkdown(text: string): MarkdownDoc {
  const tokens = md.parse(text, {});
  const doc: MarkdownDoc = { headings: [], paragraphs: [], fences: [], links: [], lineCount: text.split('\n').length };
  let heading: Heading | undefined;
  let before = '';
  let blockLine = 1; // table cells carry no line of their own: use their row's
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.map) blockLine = t.map[0] + 1;
    if (t.type === 'heading_open') {
      const inline = tokens[i + 1]!;
      heading = { level: Number(t.tag.slice(1)), text: inline.content.trim(), line: t.map![0] + 1 };
      doc.headings.push(heading);
      collectLinks(inline, doc.links, heading.line);
      before = '';
      i += 2;
    } else if (t.type === 'fence' || t.type === 'code_block') {
      const line = t.map![0] + 1;
      doc.fences.push({
        index: doc.fences.length,
        info: t.info.trim(),
        content: t.content,
        line,
        contentLine: t.type === 'fence' ? line + 1 : line,
        heading,
        before,
      });
      before = '';
    } else if (t.type === 'inline') {
      collectLinks(t, doc.links, blockLine);
      if (tokens[i - 1]?.type === 'paragraph_open')
        doc.paragraphs.push({ text: t.content, line: t.map ? t.map[0] + 1 : blockLine });
      before = t.content.trim();
    }
  }
  return doc;
}

/** Links and images of an inline token; lines are counted through its soft and hard breaks. */
function collectLinks(inline: Token, out: Link[], fallbackLine: number): void {
  let line = inline.map ? inline.map[0] + 1 : fallbackLine;
  const visit = (children: Token[] | null) => {
    for (const c of children ?? []) {
      if (c.type === 'softbreak' || c.type === 'hardbreak') line++;
      else if (c.type === 'link_open') out.push({ href: String(c.attrGet('href') ?? ''), line, image: false });
      else if (c.type === 'image') {
        out.push({ href: String(c.attrGet('src') ?? ''), line, image: true });
        visit(c.children);
      }
    }
  };
  visit(inline.children);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
export function anchorOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
