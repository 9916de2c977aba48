/**
 * The write verbs as kube-apiserver takes them: create (POST), update (PUT), patch (merge, JSON, strategic merge)
 * and delete, each checked before the source sees it: the body's kind and namespace against the path, the name,
 * the resourceVersion a write was based on (409 when stale), a taken name (409), an invalid object (422).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { applyPatch, patchTypeOf } from './patch.ts';
import { groupVersionString, objectsOf, type ResourceInfo } from './resources.ts';
import type { ResourceRoute } from './routes.ts';
import { alreadyExists, ApiError, conflict, invalid, notFound } from './status.ts';
import type { ClusterSource, KubeObject, WriteOp } from './types.ts';
import { validateObject } from './validation.ts';
import { scalable, scaled, scaleOf } from './scale.ts';

const BODY_LIMIT = 3 * 1024 * 1024;

export interface WriteOutcome {
  status: number;
  /** the object as the cluster serves it after the write (the deleted object for a delete) */
  object: KubeObject;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) throw new ApiError('RequestEntityTooLarge', 'the request body is too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError('BadRequest', `the body of the request is not JSON: ${(err as Error).message}`);
  }
}

function asObject(value: unknown, info: ResourceInfo): KubeObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError('BadRequest', `the body of the request must be a ${info.kind} object`);
  }
  const o = value as Partial<KubeObject>;
  const expected = groupVersionString(info.group, info.version);
  if (o.apiVersion !== undefined && o.apiVersion !== expected) {
    throw new ApiError(
      'BadRequest',
      `the API version in the data (${o.apiVersion}) does not match the expected API version (${expected})`,
    );
  }
  if (o.kind !== undefined && o.kind !== info.kind) {
    throw new ApiError(
      'BadRequest',
      `the kind in the data (${o.kind}) does not match the expected kind (${info.kind})`,
    );
  }
  const metadata = typeof o.metadata === 'object' && o.metadata !== null ? o.metadata : { name: '' };
  return { ...o, apiVersion: expected, kind: info.kind, metadata } as KubeObject;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function checkNamespace(obj: KubeObject, route: ResourceRoute, info: ResourceInfo): void {
  if (!info.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  const ns = obj.metadata.namespace;
  if (ns !== undefined && ns !== '' && ns !== route.namespace) {
    throw new ApiError(
      'BadRequest',
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  obj.metadata.namespace = route.namespace;
}

function checkName(obj: KubeObject, info: ResourceInfo): void {
  const name = obj.metadata.name;
  if (typeof name !== 'string' || name === '') {
    throw invalid(
      info.kind,
      '',
      [
        {
          field: 'metadata.name',
          message: 'Required value: name or generateName is required',
          reason: 'FieldValueRequired',
        },
      ],
      info.group,
    );
  }
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw invalid(
      info.kind,
      name,
      [
        {
          field: 'metadata.name',
          message:
            `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric ` +
            "characters, '-' or '.', and must start and end with an alphanumeric character",
        },
      ],
      info.group,
    );
  }
}

function checkValid(obj: KubeObject, info: ResourceInfo, strict: boolean): void {
  const problems = validateObject(obj);
  const unknown = problems.filter((p) => p.reason === 'FieldValueUnknown');
  if (strict && unknown.length > 0) {
    throw new ApiError(
      'BadRequest',
      `strict decoding error: ${unknown.map((p) => `unknown field "${p.field}"`).join(', ')}`,
    );
  }
  // the status is the cluster's to write: a client's object is held to the schema's required fields outside it
  const wrong = problems.filter(
    (p) => p.reason !== 'FieldValueUnknown' && !(p.reason === 'FieldValueRequired' && p.field.startsWith('status.')),
  );
  if (wrong.length > 0) throw invalid(info.kind, obj.metadata.name, wrong, info.group);
}

function nowSeconds(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

export interface WriteContext {
  source: ClusterSource & { write(op: WriteOp): Promise<void> };
  /** the objects as served now, with their resourceVersions */
  objects: KubeObject[];
  /** the objects as served after the write, with their resourceVersions */
  after(): Promise<KubeObject[]>;
}

function findIn(objects: KubeObject[], info: ResourceInfo, namespace: string | undefined, name: string) {
  return objectsOf(objects, info).find(
    (o) => o.metadata.name === name && (!info.namespaced || o.metadata.namespace === namespace),
  );
}

async function served(ctx: WriteContext, info: ResourceInfo, obj: KubeObject): Promise<KubeObject> {
  return findIn(await ctx.after(), info, obj.metadata.namespace, obj.metadata.name) ?? obj;
}

/** One write request, answered as kube-apiserver would. */
export async function answerWrite(
  ctx: WriteContext,
  req: IncomingMessage,
  method: string,
  route: ResourceRoute,
  info: ResourceInfo,
  params: URLSearchParams,
): Promise<WriteOutcome> {
  const dryRun = params.getAll('dryRun').includes('All');
  const strict = params.get('fieldValidation') === 'Strict';
  if (route.subresource === 'scale' && scalable(info)) return answerScaleWrite(ctx, req, method, route, info, dryRun);
  if (route.subresource !== undefined && route.subresource !== 'status') {
    throw new ApiError('MethodNotAllowed', `${method} is not allowed on ${info.resource}/${route.subresource}`);
  }
  if (method === 'POST') {
    if (route.name !== undefined) throw new ApiError('MethodNotAllowed', `POST is not allowed on a named ${info.kind}`);
    const obj = asObject(parseJson(await readBody(req)), info);
    checkNamespace(obj, route, info);
    const generateName = obj.metadata.generateName;
    if (!obj.metadata.name && typeof generateName === 'string' && generateName) {
      obj.metadata.name = `${generateName}${randomBytes(4).toString('hex').slice(0, 5)}`;
    }
    checkName(obj, info);
    if (findIn(ctx.objects, info, obj.metadata.namespace, obj.metadata.name)) {
      throw alreadyExists(info.resource, obj.metadata.name, info.group);
    }
    const { resourceVersion: _rv, ...metadata } = obj.metadata;
    const created: KubeObject = {
      ...obj,
      metadata: { ...metadata, uid: randomUUID(), creationTimestamp: nowSeconds() },
    };
    checkValid(created, info, strict);
    if (dryRun) return { status: 201, object: created };
    await ctx.source.write({ verb: 'create', info, object: created });
    return { status: 201, object: await served(ctx, info, created) };
  }
  if (route.name === undefined) {
    throw new ApiError('MethodNotAllowed', `${method} is not allowed on the collection of ${info.resource}`);
  }
  const current = findIn(ctx.objects, info, route.namespace, route.name);
  if (!current) throw notFound(info.resource, route.name, info.group);
  if (method === 'DELETE') {
    if (!dryRun) await ctx.source.write({ verb: 'delete', info, current });
    return { status: 200, object: dryRun ? current : await served(ctx, info, current) };
  }
  let next: KubeObject;
  if (method === 'PUT') {
    next = asObject(parseJson(await readBody(req)), info);
    if (next.metadata.name !== route.name) {
      throw new ApiError(
        'BadRequest',
        `the name of the object (${next.metadata.name}) does not match the name on the URL (${route.name})`,
      );
    }
  } else if (method === 'PATCH') {
    const type = patchTypeOf(req.headers['content-type']);
    next = asObject(applyPatch(type, current, parseJson(await readBody(req))), info);
  } else {
    throw new ApiError('MethodNotAllowed', `${method} is not allowed on ${info.resource}`);
  }
  checkNamespace(next, route, info);
  checkName(next, info);
  const based = next.metadata.resourceVersion;
  if (based !== undefined && based !== '' && based !== current.metadata.resourceVersion) {
    throw conflict(info.resource, route.name, info.group);
  }
  // what the server owns stays as it was: uid and creation time; the status unless the status is written
  const { resourceVersion: _rv, ...metadata } = next.metadata;
  next = {
    ...next,
    metadata: { ...metadata, uid: current.metadata.uid, creationTimestamp: current.metadata.creationTimestamp },
  };
  if (route.subresource !== 'status' && current.status !== undefined) next.status = current.status;
  checkValid(next, info, strict);
  if (dryRun) return { status: 200, object: next };
  await ctx.source.write({ verb: 'update', info, object: next, current });
  return { status: 200, object: await served(ctx, info, next) };
}

/** A write of a workload's Scale (PUT, or a patch of the Scale): an update of its spec.replicas; the Scale back. */
async function answerScaleWrite(
  ctx: WriteContext,
  req: IncomingMessage,
  method: string,
  route: ResourceRoute,
  info: ResourceInfo,
  dryRun: boolean,
): Promise<WriteOutcome> {
  if (method !== 'PUT' && method !== 'PATCH') {
    throw new ApiError('MethodNotAllowed', `${method} is not allowed on ${info.resource}/scale`);
  }
  const current = route.name === undefined ? undefined : findIn(ctx.objects, info, route.namespace, route.name);
  if (!current) throw notFound(info.resource, route.name ?? '', info.group);
  const body = parseJson(await readBody(req));
  const written =
    method === 'PUT' ? body : applyPatch(patchTypeOf(req.headers['content-type']), scaleOf(current), body);
  const next = scaled(current, written, info);
  if (dryRun) return { status: 200, object: scaleOf(next) };
  await ctx.source.write({ verb: 'update', info, object: next, current });
  return { status: 200, object: scaleOf(await served(ctx, info, next)) };
}
