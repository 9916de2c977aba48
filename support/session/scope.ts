/** Where a feature's name is looked up: "ns/name" names its own namespace; a bare name the lab's, in order. */
import { requireObjectName } from '../floor/names.ts';

export interface Scope {
  name: string;
  namespaces: string[];
}

export function scopeOf(ref: string, what: string, labNamespaces: string[]): Scope {
  const [ns, name] = ref.includes('/') ? (ref.split('/', 2) as [string, string]) : [undefined, ref];
  requireObjectName(name, what);
  if (ns !== undefined) requireObjectName(ns, `the namespace of ${what}`);
  return { name, namespaces: ns ? [ns] : labNamespaces };
}

/** The first namespace's answer that is not undefined, asked in order. */
export async function firstIn<T>(
  namespaces: string[],
  read: (ns: string) => Promise<T | undefined>,
): Promise<T | undefined> {
  for (const ns of namespaces) {
    const found = await read(ns);
    if (found !== undefined) return found;
  }
  return undefined;
}
