/** YAML files read with the yaml library, keeping the line of each document and mapping key. */
import { isMap, isScalar, LineCounter, parseAllDocuments, type Document } from 'yaml';

export interface YamlDoc {
  readonly value: unknown; // plain JS value, made on first use
  line: number; // first line of the document
  doc: Document;
  lineOf(path: Array<string | number>): number; // line of a key (or of the document when not found)
}

/** Every document of a YAML text; documents that do not parse are left out. */
export function readYamlDocs(text: string): YamlDoc[] {
  const lineCounter = new LineCounter();
  const out: YamlDoc[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter })) {
    if (doc.errors.length) continue;
    const start = doc.contents?.range?.[0] ?? 0;
    const line = lineCounter.linePos(start).line;
    let value: unknown;
    let done = false;
    out.push({
      get value() {
        if (!done) {
          value = doc.toJS();
          done = true;
        }
        return value;
      },
      line,
      doc,
      lineOf(path) {
        const parentPath = path.slice(0, -1);
        const parent = parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
        if (isMap(parent)) {
          const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]);
          const offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
          if (offset !== undefined) return lineCounter.linePos(offset).line;
        }
        return line;
      },
    });
  }
  return out;
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}
