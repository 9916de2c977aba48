/**
 * The OpenAPI v3 documents kubectl reads before it writes (`/openapi/v3` and one document per group-version): the
 * schemas of the kinds the twin holds (openapi/schemas.json) with the merge keys kubectl's strategic merge patch
 * needs, and for each resource a PATCH that takes `fieldValidation`, so kubectl leaves validation to the server.
 */
import { RESOURCES } from '../resources.ts';
import { OPENAPI } from './validation.ts';

const HASH = 'labgate-twin-v1.28';

function docPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function groupVersions(): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const key of Object.keys(OPENAPI.kinds)) {
    const parts = key.split('/');
    const [group, version] = parts.length === 3 ? [parts[0]!, parts[1]!] : ['', parts[0]!];
    seen.set(docPath(group, version), { group, version });
  }
  return [...seen.values()];
}

export function openapiIndex(): unknown {
  return {
    paths: Object.fromEntries(
      groupVersions().map(({ group, version }) => {
        const p = docPath(group, version);
        return [p, { serverRelativeURL: `/openapi/v3/${p}?hash=${HASH}` }];
      }),
    ),
  };
}

function withRefs(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (k, v: unknown) =>
    k === '$ref' && typeof v === 'string' ? `#/components/schemas/${v}` : v,
  );
}

/** The document of one group-version (`api/v1`, `apis/apps/v1`), or undefined when the twin has none. */
export function openapiDocument(path: string): unknown {
  const gv = groupVersions().find(({ group, version }) => docPath(group, version) === path);
  if (!gv) return undefined;
  const paths: Record<string, unknown> = {};
  for (const r of RESOURCES.filter((e) => e.group === gv.group && e.version === gv.version)) {
    const prefix = `/${docPath(gv.group, gv.version)}${r.namespaced ? '/namespaces/{namespace}' : ''}`;
    const gvk = { group: gv.group, version: gv.version, kind: r.kind };
    const param = (name: string, where: string) => ({ name, in: where, schema: { type: 'string' } });
    const operation = {
      'x-kubernetes-group-version-kind': gvk,
      parameters: [param('dryRun', 'query'), param('fieldManager', 'query'), param('fieldValidation', 'query')],
      responses: { '200': { description: 'OK' } },
    };
    paths[`${prefix}/${r.resource}/{name}`] = { patch: operation, put: operation };
    paths[`${prefix}/${r.resource}`] = { post: operation };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.28.0' },
    paths,
    components: { schemas: withRefs(OPENAPI.schemas) },
  };
}
