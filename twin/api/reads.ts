/**
 * The read-only API's answers over the control plane's snapshot: discovery, version and health, and get or list
 * of a resource (JSON or a Table for kubectl, filtered by namespace, labels and fields), pod logs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './discovery.ts';
import { checkExecRequest } from './exec.ts';
import {
  acceptsJson,
  execToApiError,
  isWatch,
  methodNotAllowed,
  notAcceptable,
  notFoundPath,
  wantsTable,
  type RequestContext,
} from './http.ts';
import { checkLogRequest, selectLog } from './podLog.ts';
import { findResource, groupVersionString, objectsOf, servedResources, type ResourceInfo } from './resources.ts';
import type { ResourceRoute } from './routes.ts';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors.ts';
import { ApiError, notFound } from './status.ts';
import { toTable, type IncludeObject } from './tables.ts';
import type { ApiServerOptions, ClusterSnapshot, ClusterSource, KubeObject } from './types.ts';
import type { Versioner } from './versions.ts';
import { streamWatch } from './watch.ts';
import { openapiDocument, openapiIndex } from './openapiDocs.ts';
import { answerWrite } from './writes.ts';
import { scalable, scaleOf } from './scale.ts';

export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz']);

/** What the answers read: the cluster, the server's options, and the address it listens on. */
export interface ApiReads {
  source: ClusterSource;
  opts: ApiServerOptions;
  address(): string;
  /** every object's resourceVersion, and the changes watches follow */
  versions: Versioner;
  /** a watch opened (true) or closed (false): the server observes the cluster while one is open */
  keepObserving(open: boolean): void;
}

/** An answer with a status other than 200 (a create's 201). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    /** a body that is not JSON: sent as is, with this Content-Type */
    readonly contentType?: string,
  ) {}
}

const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
/**
 * The OpenAPI v2 document kubectl asks for before it validates (protobuf only): `swagger: "2.0"` and no definitions,
 * so kubectl validates nothing on its side and asks the server to (fieldValidation, openapiDocs.ts says it may).
 */
const OPENAPI_V2_EMPTY = Buffer.from([0x0a, 0x03, 0x32, 0x2e, 0x30]);

/** An answer that streams (a watch): the server hands it the response. */
export class Streamed {
  constructor(readonly start: (res: ServerResponse) => void) {}
}

/** The source's snapshot with every object's resourceVersion, the list's the cluster's latest. */
export async function stampedSnapshot(api: ApiReads): Promise<ClusterSnapshot> {
  const snapshot = await api.source.snapshot();
  const objects = api.versions.stamp(snapshot.objects);
  return { objects, resourceVersion: String(api.versions.current) };
}

export async function answer(api: ApiReads, req: IncomingMessage, ctx: RequestContext): Promise<unknown> {
  if (ctx.user === null) throw new ApiError('Unauthorized', 'Unauthorized');
  const route = ctx.route;
  if (!route) throw new ApiError('NotFound', 'the server could not find the requested resource');
  if (route.type === 'resource') return answerResource(api, req, ctx, route);
  if (WRITE_METHODS.has(ctx.method)) throw methodNotAllowed(ctx.method);
  if (route.type === 'nonResource' && route.path === '/openapi/v2') {
    return new Reply(200, OPENAPI_V2_EMPTY, OPENAPI_V2_PROTOBUF);
  }
  if (!acceptsJson(req)) throw notAcceptable(req);
  const served = servedResources((await stampedSnapshot(api)).objects);
  switch (route.type) {
    case 'coreVersions':
      return apiVersions(api.address());
    case 'groupList':
      return apiGroupList(served);
    case 'group':
      return apiGroup(served, route.group) ?? notFoundPath();
    case 'resourceList':
      return apiResourceList(served, route.group, route.version) ?? notFoundPath();
    case 'nonResource':
      if (route.path === '/version') {
        return {
          ...api.opts.version,
          gitCommit: '',
          gitTreeState: 'clean',
          buildDate: '',
          goVersion: '',
          compiler: 'gc',
          platform: 'linux/amd64',
        };
      }
      if (HEALTH_PATHS.has(route.path)) return 'ok';
      if (route.path === '/openapi/v3') return openapiIndex();
      if (route.path.startsWith('/openapi/v3/')) return openapiDocument(route.path.slice(12)) ?? notFoundPath();
      return notFoundPath();
  }
}

function isPodSubresource(info: ResourceInfo, route: ResourceRoute, subresource: string): boolean {
  return route.subresource === subresource && info.group === '' && info.resource === 'pods' && Boolean(route.namespace);
}

async function answerResource(
  api: ApiReads,
  req: IncomingMessage,
  ctx: RequestContext,
  route: ResourceRoute,
): Promise<unknown> {
  const snapshot = await stampedSnapshot(api);
  const info = resolveResource(snapshot, route);
  if (isPodSubresource(info, route, 'exec')) {
    checkExecRequest(snapshot, route.namespace!, route.name!, ctx.url.searchParams);
    throw new ApiError('BadRequest', 'Upgrade request required');
  }
  if (WRITE_METHODS.has(ctx.method)) {
    const source = api.source;
    if (!source.write) throw methodNotAllowed(ctx.method, info);
    const writer = {
      source: source as Required<Pick<ClusterSource, 'write'>> & ClusterSource,
      objects: snapshot.objects,
    };
    const after = async () => (await stampedSnapshot(api)).objects;
    const out = await answerWrite({ ...writer, after }, req, ctx.method, route, info, ctx.url.searchParams);
    return new Reply(out.status, out.object);
  }
  if (isPodSubresource(info, route, 'log') && route.name) {
    const logReq = checkLogRequest(snapshot, route.namespace!, route.name, ctx.url.searchParams);
    if (!api.source.logs) throw notFoundPath();
    return selectLog(await api.source.logs(logReq).catch(execToApiError), logReq);
  }
  if (!acceptsJson(req) && !wantsTable(req)) throw notAcceptable(req);
  if (route.subresource === 'scale' && scalable(info) && route.name !== undefined && !isWatch(ctx.url)) {
    const obj = objectsOf(snapshot.objects, info).find(
      (o) => o.metadata.name === route.name && o.metadata.namespace === route.namespace,
    );
    if (!obj) throw notFound(info.resource, route.name, info.group);
    return scaleOf(obj);
  }
  if (route.subresource !== undefined && route.subresource !== 'status') throw notFoundPath();
  if (isWatch(ctx.url)) {
    const table = wantsTable(req);
    const watch = { info, route, params: ctx.url.searchParams, table, objects: snapshot.objects };
    return new Streamed((res) =>
      streamWatch({ ...watch, versions: api.versions, keepObserving: api.keepObserving }, res),
    );
  }
  return getOrList(snapshot, info, route, ctx.url.searchParams, wantsTable(req));
}

/** The one object a path names, or the list of those its namespace and selectors pick, as JSON or a Table. */
function getOrList(
  snapshot: ClusterSnapshot,
  info: ResourceInfo,
  route: ResourceRoute,
  params: URLSearchParams,
  table: 'v1' | 'v1beta1' | undefined,
): unknown {
  const labels = parseLabelSelector(params.get('labelSelector') ?? '');
  const fields = parseFieldSelector(params.get('fieldSelector') ?? '');
  let objects = objectsOf(snapshot.objects, info);
  if (route.namespace !== undefined) objects = objects.filter((o) => o.metadata.namespace === route.namespace);
  const include = (params.get('includeObject') as IncludeObject | null) ?? 'Metadata';
  const apiVersion = groupVersionString(info.group, info.version);
  const tableOf = (rows: KubeObject[]) => {
    const t = toTable(apiVersion, info.kind, rows, { resourceVersion: snapshot.resourceVersion, include });
    return table === 'v1beta1' ? { ...t, apiVersion: 'meta.k8s.io/v1beta1' } : t;
  };
  if (route.name !== undefined) {
    const obj = objects.find((o) => o.metadata.name === route.name);
    if (!obj) throw notFound(info.resource, route.name, info.group);
    return table ? tableOf([obj]) : obj;
  }
  objects = objects
    .filter((o) => matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o))
    .sort(byNamespaceThenName);
  if (table) return tableOf(objects);
  return {
    apiVersion,
    kind: `${info.kind}List`,
    metadata: { resourceVersion: snapshot.resourceVersion },
    items: objects,
  };
}

/** The resource a path names, or the NotFound kube-apiserver gives for an unserved one. */
function resolveResource(snapshot: ClusterSnapshot, route: ResourceRoute): ResourceInfo {
  const served = servedResources(snapshot.objects);
  const info = findResource(served, route.group, route.version, route.resource);
  if (!info) throw notFoundPath();
  if (route.namespace !== undefined && !info.namespaced) throw notFoundPath();
  if (route.namespace === undefined && info.namespaced && route.name !== undefined) throw notFoundPath();
  return info;
}

function byNamespaceThenName(a: KubeObject, b: KubeObject): number {
  return (
    (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
    a.metadata.name.localeCompare(b.metadata.name)
  );
}
