/**
 * An ExplainResult as JSON, written a slice of services at a time so 50,000 Services need no giant string.
 * Indented like JSON.stringify(result, null, 2); past COMPACT_ABOVE services, one service per line (same data).
 */
import type { Writable } from 'node:stream';
import type { ExplainResult } from './types.ts';

const SLICE = 2000;
export const COMPACT_ABOVE = 5000;

function indent(json: string, by: string): string {
  return json.replace(/\n/g, `\n${by}`);
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

export async function writeJson(result: ExplainResult, out: Writable): Promise<void> {
  const entries = Object.entries(result);
  const compact = result.services.length > COMPACT_ABOVE;
  await write(out, '{\n');
  for (const [index, [key, value]] of entries.entries()) {
    const comma = index < entries.length - 1 ? ',' : '';
    if (key !== 'services' || !Array.isArray(value) || value.length === 0) {
      await write(out, `  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}${comma}\n`);
      continue;
    }
    await write(out, `  "services": [\n`);
    for (let start = 0; start < value.length; start += SLICE) {
      const slice = value
        .slice(start, start + SLICE)
        .map((service) =>
          compact ? `    ${JSON.stringify(service)}` : `    ${indent(JSON.stringify(service, null, 2), '    ')}`,
        );
      const last = start + SLICE >= value.length;
      await write(out, `${slice.join(',\n')}${last ? '\n' : ',\n'}`);
    }
    await write(out, `  ]${comma}\n`);
  }
  await write(out, '}\n');
}
