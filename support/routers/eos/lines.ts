/**
 * The lines of a pasted EOS output worth reading: without the prompt's echo of the command (`ceos#show ip route`),
 * blank lines, and a note a course author left in the output (`## truncated response.`).
 */

export interface Line {
  /** 1-based, in the text as pasted */
  no: number;
  text: string;
}

const PROMPT = /^[\w.-]+(?:\([\w-]+\))?[#>]\s*\S/;
const NOTE = /^\s*##\s/;

export function outputLines(text: string): Line[] {
  return text
    .replace(/\r/g, '')
    .split('\n')
    .map((t, i) => ({ no: i + 1, text: t.replace(/\s+$/, '') }))
    .filter((l) => l.text.trim() !== '' && !PROMPT.test(l.text) && !NOTE.test(l.text));
}

export interface Column {
  name: string;
  start: number;
}

/**
 * A header's columns: words or phrases separated by two spaces or more (`IP Address`, `Age (sec)`), or each word
 * a column of its own (`Duplex Speed  Type` in `show interfaces status`).
 */
export function headerColumns(header: string, each: 'phrase' | 'word' = 'phrase'): Column[] {
  const pattern = each === 'word' ? /\S+/g : /\S+(?: \S+)*/g;
  return [...header.matchAll(pattern)].map((m) => ({ name: m[0], start: m.index }));
}

/** The columns a dashed rule under a header draws (`------- ---------`): each run of dashes is one column. */
export function ruleColumns(rule: string, header: Column[]): Column[] | undefined {
  const runs = [...rule.matchAll(/-+/g)].map((m) => m.index);
  if (runs.length !== header.length) return undefined;
  return header.map((c, i) => ({ name: c.name, start: runs[i]! }));
}

export function isRule(text: string): boolean {
  return /^[\s-]+$/.test(text) && text.includes('---');
}

/** A row's cells by column: each word goes to the column it starts in (the last column starting at or before it). */
export function cells(row: string, columns: Column[]): Record<string, string> {
  const out: Record<string, string[]> = Object.fromEntries(columns.map((c) => [c.name, []]));
  for (const m of row.matchAll(/\S+/g)) {
    let at = 0;
    for (let i = 0; i < columns.length; i += 1) if (columns[i]!.start <= m.index) at = i;
    out[columns[at]!.name]!.push(m[0]);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.join(' ')]));
}
