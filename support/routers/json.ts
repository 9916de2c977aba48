/** JSON outputs read against a zod shape: text that is no JSON, or JSON of another shape, is one clear error. */
import type { z } from 'zod';
import { unreadableWhole } from './unreadable.ts';

export function parseJsonOutput<T extends z.ZodType>(
  schema: T,
  text: string,
  command: string,
  format: string,
): z.infer<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const first = text.split('\n').find((l) => l.trim()) ?? '';
    throw unreadableWhole(
      command,
      format,
      `it is not JSON (${(err as Error).message}; it starts "${first.trim().slice(0, 60)}")`,
    );
  }
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw unreadableWhole(
      command,
      format,
      `its JSON has no ${issue.path.join('.') || 'object'} of the expected kind (${issue.message})`,
    );
  }
  return r.data;
}
