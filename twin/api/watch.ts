/**
 * Watch as kube-apiserver streams it: a chunked response of JSON events (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR),
 * one a line, for the objects of one resource that the namespace, the name and the selectors pick. From a
 * resourceVersion the watch replays the changes after it (410 Expired in an ERROR event when they are no longer
 * kept); without one (or "0") it starts with an ADDED event per current object. Events are Tables when kubectl asks
 * for Tables (`kubectl get -w`).
 */
import type { ServerResponse } from 'node:http';
import { groupVersionString, type ResourceInfo } from './resources.ts';
import type { ResourceRoute } from './routes.ts';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors.ts';
import { ApiError } from './status.ts';
import { toTable, type IncludeObject } from './tables.ts';
import type { KubeObject } from './types.ts';
import type { VersionedEvent, Versioner, WatchEventType } from './versions.ts';

const DEFAULT_TIMEOUT_S = 1800;
const BOOKMARK_EVERY_MS = 10_000;

export interface WatchRequest {
  info: ResourceInfo;
  route: ResourceRoute;
  params: URLSearchParams;
  table: 'v1' | 'v1beta1' | undefined;
  /** the current objects, stamped */
  objects: KubeObject[];
  versions: Versioner;
  /** called while the watch is open, so that the server keeps observing the cluster */
  keepObserving(open: boolean): void;
}

function selects(req: WatchRequest): (o: KubeObject) => boolean {
  const apiVersion = groupVersionString(req.info.group, req.info.version);
  const labels = parseLabelSelector(req.params.get('labelSelector') ?? '');
  const fields = parseFieldSelector(req.params.get('fieldSelector') ?? '');
  return (o) =>
    o.apiVersion === apiVersion &&
    o.kind === req.info.kind &&
    (req.route.namespace === undefined || o.metadata.namespace === req.route.namespace) &&
    (req.route.name === undefined || o.metadata.name === req.route.name) &&
    matchesLabels(labels, o.metadata.labels) &&
    matchesFields(fields, o);
}

export function streamWatch(req: WatchRequest, res: ServerResponse): void {
  const pick = selects(req);
  const include = (req.params.get('includeObject') as IncludeObject | null) ?? 'Object';
  const apiVersion = groupVersionString(req.info.group, req.info.version);
  const render = (o: KubeObject): unknown => {
    if (!req.table) return o;
    const t = toTable(apiVersion, req.info.kind, [o], { resourceVersion: String(o.metadata.resourceVersion), include });
    return req.table === 'v1beta1' ? { ...t, apiVersion: 'meta.k8s.io/v1beta1' } : t;
  };
  const from = req.params.get('resourceVersion');
  let backlog: Array<{ type: WatchEventType; object: KubeObject }>;
  if (!from || from === '0') {
    backlog = req.objects.filter(pick).map((object) => ({ type: 'ADDED' as const, object }));
  } else {
    const rv = Number(from);
    const since = Number.isFinite(rv) ? req.versions.since(rv) : undefined;
    if (!since) {
      const gone = new ApiError('Expired', `too old resource version: ${from} (${req.versions.oldestWatchable})`);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
      res.end(`${JSON.stringify({ type: 'ERROR', object: gone.toStatus() })}\n`);
      return;
    }
    backlog = since.filter((e) => pick(e.object));
  }
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  // the headers go at once, as kube-apiserver sends them: a client blocks until it has them (kubectl rollout status
  // and wait, done from the list alone, would otherwise wait for the first event or bookmark to exit)
  res.flushHeaders();
  const send = (type: string, object: unknown) => res.write(`${JSON.stringify({ type, object })}\n`);
  for (const e of backlog) send(e.type, render(e.object));
  const unsubscribe = req.versions.subscribe((e: VersionedEvent) => {
    if (pick(e.object)) send(e.type, render(e.object));
  });
  const bookmarks = req.params.get('allowWatchBookmarks') === 'true';
  const bookmark = setInterval(() => {
    if (!bookmarks) return;
    send('BOOKMARK', {
      apiVersion,
      kind: req.info.kind,
      metadata: { resourceVersion: String(req.versions.current) },
    });
  }, BOOKMARK_EVERY_MS);
  const timeoutS = Number(req.params.get('timeoutSeconds') ?? DEFAULT_TIMEOUT_S);
  req.keepObserving(true);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(bookmark);
    clearTimeout(timer);
    unsubscribe();
    req.keepObserving(false);
    res.end();
  };
  const timer = setTimeout(close, (Number.isFinite(timeoutS) && timeoutS > 0 ? timeoutS : DEFAULT_TIMEOUT_S) * 1000);
  res.on('close', close);
}
