/**
 * The three patch kinds kube-apiserver takes: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic
 * merge patch (a merge patch whose lists of objects merge by a key, as kubectl apply and kubectl patch send it).
 */
import { ApiError } from './status.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

export type PatchType = 'merge' | 'json' | 'strategic';

const CONTENT_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
};

/** The patch kind a Content-Type names; server-side apply and anything else is a 415. */
export function patchTypeOf(contentType: string | undefined): PatchType {
  const type = (contentType ?? '').split(';')[0]!.trim();
  const kind = CONTENT_TYPES[type];
  if (!kind) {
    throw new ApiError(
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ` +
        `${Object.keys(CONTENT_TYPES).join(', ')} (the twin does not take server-side apply)`,
    );
  }
  return kind;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k] ?? null, v);
  }
  return out;
}

/** The key the lists of a Kubernetes object merge by in a strategic merge patch (k8s.io/api's patchMergeKey). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
};

/** Lists whose items are a Service's ports: they merge by port, not containerPort. */
function mergeKeyOf(field: string, items: Json[]): string | undefined {
  if (field === 'ports' && items.some((i) => isObject(i) && 'port' in i && !('containerPort' in i))) return 'port';
  return MERGE_KEYS[field];
}

function mergeList(field: string, target: Json, patch: Json[]): Json[] {
  const key = mergeKeyOf(field, patch);
  const base = Array.isArray(target) ? target : [];
  if (!key || !patch.every(isObject)) return patch.filter((p) => !(isObject(p) && '$patch' in p));
  const out = [...base];
  for (const item of patch as JsonObject[]) {
    const at = out.findIndex((o) => isObject(o) && o[key] === item[key]);
    if (item.$patch === 'delete') {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    if (at >= 0) out[at] = strategicMerge(out[at]!, item);
    else out.push(strategicMerge(null, item));
  }
  return out;
}

export function strategicMerge(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return strategicMerge(null, rest);
  }
  if (patch.$patch === 'delete') return null;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$setElementOrder/') || k === '$retainKeys' || k === '$patch') continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const drop = Array.isArray(v) ? v : [];
      const list = out[field];
      if (Array.isArray(list)) out[field] = list.filter((x) => !drop.includes(x));
      continue;
    }
    if (v === null) delete out[k];
    else if (Array.isArray(v)) out[k] = mergeList(k, out[k] ?? null, v);
    else out[k] = strategicMerge(out[k] ?? null, v);
  }
  return out;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badPatch(`invalid JSON pointer ${JSON.stringify(path)}`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function badPatch(message: string): ApiError {
  return new ApiError('Invalid', `the JSON patch cannot be applied: ${message}`);
}

function parentOf(doc: Json, path: string[]): { parent: JsonObject | Json[]; last: string } {
  let node: Json = doc;
  for (const seg of path.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(node) ? node[Number(seg)] : isObject(node) ? node[seg] : undefined;
    if (next === undefined) throw badPatch(`path /${path.join('/')} does not exist`);
    node = next;
  }
  if (!Array.isArray(node) && !isObject(node)) throw badPatch(`path /${path.join('/')} does not exist`);
  return { parent: node, last: path[path.length - 1] ?? '' };
}

function getAt(doc: Json, path: string[]): Json {
  let node: Json = doc;
  for (const seg of path) {
    const next: Json | undefined = Array.isArray(node) ? node[Number(seg)] : isObject(node) ? node[seg] : undefined;
    if (next === undefined) throw badPatch(`path /${path.join('/')} does not exist`);
    node = next;
  }
  return node;
}

function removeAt(doc: Json, path: string[]): void {
  const { parent, last } = parentOf(doc, path);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!(i >= 0 && i < parent.length)) throw badPatch(`index ${last} out of range`);
    parent.splice(i, 1);
  } else {
    if (!(last in parent)) throw badPatch(`path /${path.join('/')} does not exist`);
    delete parent[last];
  }
}

function addAt(doc: Json, path: string[], value: Json, replace: boolean): Json {
  if (path.length === 0) return value;
  const { parent, last } = parentOf(doc, path);
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!(i >= 0 && i <= parent.length)) throw badPatch(`index ${last} out of range`);
    if (replace) parent[i] = value;
    else parent.splice(i, 0, value);
  } else {
    if (replace && !(last in parent)) throw badPatch(`path /${path.join('/')} does not exist`);
    parent[last] = value;
  }
  return doc;
}

export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw badPatch('a JSON patch is a list of operations');
  let doc = structuredClone(target);
  for (const raw of ops) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw badPatch('every operation needs op and path');
    }
    const path = pointer(raw.path);
    const from = typeof raw.from === 'string' ? pointer(raw.from) : [];
    switch (raw.op) {
      case 'add':
        doc = addAt(doc, path, structuredClone(raw.value ?? null), false);
        break;
      case 'replace':
        doc = addAt(doc, path, structuredClone(raw.value ?? null), true);
        break;
      case 'remove':
        removeAt(doc, path);
        break;
      case 'move': {
        const v = getAt(doc, from);
        removeAt(doc, from);
        doc = addAt(doc, path, v, false);
        break;
      }
      case 'copy':
        doc = addAt(doc, path, structuredClone(getAt(doc, from)), false);
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, path)) !== JSON.stringify(raw.value)) {
          throw badPatch(`test operation for path ${raw.path} failed`);
        }
        break;
      default:
        throw badPatch(`unknown operation ${raw.op}`);
    }
  }
  return doc;
}

export function applyPatch(type: PatchType, target: unknown, patch: unknown): unknown {
  const t = target as Json;
  const p = patch as Json;
  if (type === 'json') return jsonPatch(t, p);
  if (!isObject(p)) throw new ApiError('BadRequest', 'a merge patch must be a JSON object');
  return type === 'merge' ? mergePatch(t, p) : strategicMerge(t, p);
}
