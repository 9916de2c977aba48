/**
 * An object checked against Kubernetes v1.28's OpenAPI schema of its kind (openapi/schemas.json, made by
 * bin/cli/openapi-schemas.ts): every field the schema knows, of the type it says, the required ones present. The
 * schemas do not forbid unknown fields, so the walk reports those too: the API server refuses them under
 * fieldValidation=Strict, and a test holds every object the twin serves to having none.
 */
import { readFileSync } from 'node:fs';

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  required?: string[];
  enum?: unknown[];
  oneOf?: Schema[];
  items?: Schema;
  additionalProperties?: Schema;
  properties?: Record<string, Schema>;
}

export interface SchemaProblem {
  field: string;
  message: string;
  reason: 'FieldValueUnknown' | 'FieldValueInvalid' | 'FieldValueRequired';
}

export const OPENAPI = JSON.parse(readFileSync(new URL('./openapi/schemas.json', import.meta.url), 'utf8')) as {
  kinds: Record<string, string>;
  schemas: Record<string, Schema>;
};
export type { Schema };

/** Whether the twin holds the v1.28 schema of this kind. */
export function hasSchema(apiVersion: string, kind: string): boolean {
  return `${apiVersion}/${kind}` in OPENAPI.kinds;
}

function resolved(s: Schema): Schema {
  let at = s;
  for (;;) {
    if (at.allOf?.[0]) at = at.allOf[0];
    else if (at.$ref) at = OPENAPI.schemas[at.$ref] ?? {};
    else return at;
  }
}

function typeOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (Number.isInteger(v)) return 'integer';
  return typeof v;
}

function fits(v: unknown, s: Schema): boolean {
  if (s.format === 'int-or-string') return typeof v === 'string' || Number.isInteger(v);
  switch (s.type) {
    case undefined:
      return true;
    case 'integer':
      return Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    default:
      return true;
  }
}

function walk(v: unknown, schema: Schema, path: string, out: SchemaProblem[]): void {
  // Kubernetes itself writes null for some empty lists, maps and unset timestamps
  if (v === null) return;
  const s = resolved(schema);
  if (!fits(v, s)) {
    out.push({ field: path, message: `Invalid value: ${typeOf(v)}: expected ${s.type}`, reason: 'FieldValueInvalid' });
    return;
  }
  if (Array.isArray(v) && s.items) v.forEach((item, i) => walk(item, s.items!, `${path}[${i}]`, out));
  if (typeof v !== 'object' || Array.isArray(v)) return;
  const o = v as Record<string, unknown>;
  if (s.properties) {
    for (const [k, value] of Object.entries(o)) {
      const p = s.properties[k];
      const field = path ? `${path}.${k}` : k;
      if (p) walk(value, p, field, out);
      else if (!s.additionalProperties) out.push({ field, message: 'unknown field', reason: 'FieldValueUnknown' });
    }
    for (const r of s.required ?? []) {
      if (o[r] === undefined) {
        out.push({ field: path ? `${path}.${r}` : r, message: 'Required value', reason: 'FieldValueRequired' });
      }
    }
  }
  if (s.additionalProperties)
    for (const [k, value] of Object.entries(o)) walk(value, s.additionalProperties, `${path}[${k}]`, out);
}

/** What in `obj` its kind's schema does not allow; none for a kind without a schema here (see hasSchema). */
export function validateObject(obj: { apiVersion: string; kind: string }): SchemaProblem[] {
  const name = OPENAPI.kinds[`${obj.apiVersion}/${obj.kind}`];
  if (!name) return [];
  const out: SchemaProblem[] = [];
  walk(obj, { $ref: name }, '', out);
  return out;
}
