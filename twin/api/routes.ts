/** Maps a request path onto what it addresses, the way kube-apiserver's RequestInfo does. */

export type Route =
  | { type: 'nonResource'; path: string }
  | { type: 'coreVersions' } // /api
  | { type: 'groupList' } // /apis
  | { type: 'group'; group: string } // /apis/<group>
  | { type: 'resourceList'; group: string; version: string } // /api/v1, /apis/<group>/<version>
  | ResourceRoute;

export interface ResourceRoute {
  type: 'resource';
  group: string;
  version: string;
  namespace?: string; // set when the path went through /namespaces/<ns>/
  resource: string;
  name?: string;
  subresource?: string;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseRoute(pathname: string): Route | undefined {
  const segments = pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map(decodeURIComponent);
  if (segments[0] === 'api') {
    if (segments.length === 1) return { type: 'coreVersions' };
    return resourcePath('', segments[1]!, segments.slice(2));
  }
  if (segments[0] === 'apis') {
    if (segments.length === 1) return { type: 'groupList' };
    if (segments.length === 2) return { type: 'group', group: segments[1]! };
    return resourcePath(segments[1]!, segments[2]!, segments.slice(3));
  }
  return { type: 'nonResource', path: pathname };
}

function resourcePath(group: string, version: string, rest: string[]): Route | undefined {
  if (rest.length === 0) return { type: 'resourceList', group, version };
  const base = { type: 'resource' as const, group, version };
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && NAMESPACE_SUBRESOURCES.has(rest[2]!))) {
    if (rest.length > 5) return undefined;
    return { ...base, namespace: rest[1]!, resource: rest[2]!, name: rest[3], subresource: rest[4] };
  }
  if (rest.length > 3) return undefined;
  return { ...base, resource: rest[0]!, name: rest[1], subresource: rest[2] };
}

/** The Kubernetes verb of a request, for the request log and for refusing writes. */
export function verbOf(method: string, route: Route | undefined, watch: boolean): string {
  const m = method.toUpperCase();
  if (!route || route.type !== 'resource') return m.toLowerCase();
  if (route.subresource === 'exec') return 'exec';
  const collection = route.name === undefined;
  switch (m) {
    case 'GET':
    case 'HEAD':
      return watch ? 'watch' : collection ? 'list' : 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return collection ? 'deletecollection' : 'delete';
    default:
      return m.toLowerCase();
  }
}
