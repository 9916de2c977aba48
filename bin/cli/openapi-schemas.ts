/**
 * Writes twin/api/openapi/schemas.json: the Kubernetes v1.28 OpenAPI schemas of the kinds the twin serves (and
 * every schema they reach), descriptions left off, from ../shared/openapi (base files plus the v1.28 overlay, as its
 * SOURCES.md says). `node --import tsx bin/cli/openapi-schemas.ts [<openapi dir>]`.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

type Schema = Record<string, unknown>;
const dir = resolve(process.argv[2] ?? '/work/shared/openapi');
const out = resolve(import.meta.dirname, '../../twin/api/openapi/schemas.json');

const all: Record<string, Schema> = {};
for (const f of readdirSync(dir).filter((f) => f.endsWith('_openapi.json'))) {
  Object.assign(
    all,
    (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { components: { schemas: Record<string, Schema> } }).components
      .schemas,
  );
}
const overlay = JSON.parse(readFileSync(join(dir, 'v1.28-overlay.json'), 'utf8')) as {
  components: { schemas: Record<string, Schema> };
  'x-property-patches': { schema: string; add?: Record<string, Schema>; remove?: string[] }[];
};
Object.assign(all, overlay.components.schemas);
for (const p of overlay['x-property-patches']) {
  const props = (all[p.schema]!.properties ??= {}) as Record<string, Schema>;
  Object.assign(props, p.add ?? {});
  for (const r of p.remove ?? []) delete props[r];
}

const KINDS = [
  'Pod',
  'Node',
  'Service',
  'Endpoints',
  'Namespace',
  'ConfigMap',
  'Event',
  'Deployment',
  'ReplicaSet',
  'DaemonSet',
  'StatefulSet',
  'EndpointSlice',
];

/** What kubectl reads of a schema besides the types: a kind's name, and how its lists and maps merge. */
const EXTENSIONS = [
  'x-kubernetes-group-version-kind',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
];

function compact(s: Schema): Schema {
  const o: Schema = {};
  const allOf = s.allOf as Schema[] | undefined;
  if (s.$ref || (allOf && allOf.length === 1)) {
    const ref = {
      $ref: String(s.$ref ?? allOf![0]!.$ref)
        .split('/')
        .pop(),
    };
    // kubectl's strategic merge reads the merge key beside the reference
    const ext = Object.fromEntries(EXTENSIONS.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
    return Object.keys(ext).length > 0 ? { allOf: [ref], ...ext } : ref;
  }
  for (const k of ['type', 'format', 'required', 'enum', ...EXTENSIONS]) if (s[k] !== undefined) o[k] = s[k];
  if (s.oneOf) o.oneOf = (s.oneOf as Schema[]).map(compact);
  if (s.items) o.items = compact(s.items as Schema);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    o.additionalProperties = compact(s.additionalProperties as Schema);
  }
  if (s.properties) {
    o.properties = Object.fromEntries(
      Object.entries(s.properties as Record<string, Schema>).map(([k, v]) => [k, compact(v)]),
    );
  }
  return o;
}

const kinds: Record<string, string> = {};
const schemas: Record<string, Schema> = {};
const queue: string[] = [];
for (const [name, s] of Object.entries(all)) {
  const gvk = (
    s['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined
  )?.[0];
  if (!gvk || !KINDS.includes(gvk.kind) || name.includes('events.v1')) continue;
  kinds[`${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`] = name;
  queue.push(name);
}
while (queue.length > 0) {
  const name = queue.pop()!;
  if (schemas[name]) continue;
  schemas[name] = compact(all[name]!);
  JSON.stringify(schemas[name], (_k, v: unknown) => {
    if (_k === '$ref' && typeof v === 'string' && !schemas[v]) queue.push(v);
    return v;
  });
}
writeFileSync(
  out,
  `${JSON.stringify({ source: 'Kubernetes v1.28 OpenAPI v3 (../shared/openapi, SOURCES.md)', kinds, schemas })}\n`,
);
console.log(`${Object.keys(kinds).length} kinds, ${Object.keys(schemas).length} schemas -> ${out}`);
