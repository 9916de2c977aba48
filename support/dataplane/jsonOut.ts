/** An ExplainResult as indented JSON, written a slice of services at a time so 50,000 Services need no giant string. */
import type { Writable } from 'node:stream';
import type { ExplainResult } from './types.ts';

const SLICE = 2000;

function indent(json: string, by: string): string {
  return json.replace(/\n/g, `\n${by}`);
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

/** Same text as JSON.stringify(result, null, 2) plus a newline. */
export async function writeJson(result: ExplainResult, out: Writable): Promise<void> {
  const entries = Object.entries(result);
  await write(out, '{\n');
  for (const [index, [key, value]] of entries.entries()) {
    const comma = index < entries.length - 1 ? ',' : '';
    if (key !== 'services' || !Array.isArray(value) || value.length === 0) {
      await write(out, `  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}${comma}\n`);
      continue;
    }
    await write(out, `  "services": [\n`);
    for (let start = 0; start < value.length; start += SLICE) {
      const slice = value.slice(start, start + SLICE).map((service) => `    ${indent(JSON.stringify(service, null, 2), '    ')}`);
      const last = start + SLICE >= value.length;
      await write(out, `${slice.join(',\n')}${last ? '\n' : ',\n'}`);
    }
    await write(out, `  ]${comma}\n`);
  }
  await write(out, '}\n');
}
