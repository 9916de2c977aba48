/** One JSON line per request, so a run can prove which verbs it used against the twin. */
import { appendFileSync } from 'node:fs';

export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  status: number;
  user: string | null; // client certificate CN, null when none was verified
  verb: string;
}

export type RequestLogger = (entry: Omit<RequestLogEntry, 'time'>) => void;

export function createRequestLogger(path: string | undefined): RequestLogger {
  if (!path) return () => {};
  return (entry) => {
    // synchronous append keeps lines whole and ordered without a queue; the twin's traffic is small
    appendFileSync(path, `${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
  };
}

export function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    record[key] = values.length === 1 ? values[0]! : values;
  }
  return record;
}
