/**
 * Nothing leaks, nothing changes: a default run against the twin makes no write request (read from the twin
 * API's request log), every request it makes is allowed by manifests/labgate-readonly.yaml, and no report
 * contains the kubeconfig's certificates, keys or tokens.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { PROJECT_ROOT, TwinState } from '../../twin/control/state.ts';
import { loadLab } from '../../support/lab/catalog.ts';

const state = new TwinState('04-k8s-services');
type Logged = { method: string; path: string; status: number; verb: string };
let requests: Logged[] = [];

before(async () => {
  const log = state.path('requests.log');
  const offset = existsSync(log) ? readFileSync(log, 'utf8').length : 0;
  const run = await execa('node', ['bin/labgate.mjs', 'run'], {
    cwd: PROJECT_ROOT,
    reject: false,
    all: true,
    env: { CI: 'true' },
  });
  assert.equal(run.exitCode, 0, `the default run failed:\n${String(run.all).slice(-3000)}`);
  requests = readFileSync(log, 'utf8')
    .slice(offset)
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Logged);
});

test('the default run makes requests, and none of them writes', () => {
  assert.ok(requests.length > 20, `only ${requests.length} requests logged`);
  const writes = requests.filter((r) => r.verb !== 'exec' && r.method !== 'GET');
  assert.deepEqual(writes, []);
  assert.ok(
    requests.every((r) => ['get', 'list', 'exec'].includes(r.verb)),
    JSON.stringify([...new Set(requests.map((r) => r.verb))]),
  );
});

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
const NON_RESOURCE_GET = [
  /^\/version$/,
  /^\/api$/,
  /^\/apis$/,
  /^\/api\/v1$/,
  /^\/apis\/[^/]+\/[^/]+$/,
  /^\/(readyz|livez|healthz)$/,
  /^\/openapi\//,
];

/** (apiGroup, resource[/subresource], rbacVerb) of a request path, as the API server's authorizer sees it. */
function attributes(r: Logged): { group: string; resource: string; verb: string } | 'non-resource' {
  if (NON_RESOURCE_GET.some((re) => re.test(r.path))) return 'non-resource';
  const m = r.path.match(
    /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/[^/]+)?\/([^/]+)(?:\/([^/]+)(?:\/([^/]+))?)?$/,
  );
  assert.ok(m, `unrecognised request path ${r.path}`);
  const [, group = '', resource, name, sub] = m;
  if (sub === 'exec') return { group, resource: `${resource}/exec`, verb: 'create' };
  return { group, resource: resource!, verb: name ? 'get' : 'list' };
}

test('every request of the default run is allowed by the read-only ClusterRole in manifests/', () => {
  const role = parseAllDocuments(
    readFileSync(join(PROJECT_ROOT, 'manifests', 'labgate-readonly.yaml'), 'utf8'),
  )[0]!.toJS() as { rules: Rule[] };
  const denied = new Set<string>();
  for (const r of requests) {
    const a = attributes(r);
    if (a === 'non-resource') continue;
    const allowed = role.rules.some(
      (rule) => rule.apiGroups.includes(a.group) && rule.resources.includes(a.resource) && rule.verbs.includes(a.verb),
    );
    if (!allowed) denied.add(`${a.verb} ${a.group || 'core'}/${a.resource}`);
  }
  assert.deepEqual([...denied], []);
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test("no report or attachment contains the kubeconfig's certificates, keys or tokens", () => {
  const kubeconfig = parseYaml(
    readFileSync(TwinState.kubeconfigPath(loadLab('04-k8s-services').cluster.kubeconfig), 'utf8'),
  ) as {
    clusters: { cluster: Record<string, string> }[];
    users: { user: Record<string, string> }[];
  };
  const secrets: string[] = [];
  for (const c of kubeconfig.clusters) secrets.push(c.cluster['certificate-authority-data']!);
  for (const u of kubeconfig.users) for (const v of Object.values(u.user)) secrets.push(v);
  // also the decoded PEM bodies, in case something printed them decoded
  const decoded = secrets.flatMap((s) =>
    Buffer.from(s, 'base64')
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length > 40),
  );
  const needles = [...secrets.map((s) => s.slice(0, 64)), ...decoded];
  const files = filesUnder(join(PROJECT_ROOT, 'reports'));
  assert.ok(files.length > 3, 'the run wrote no reports');
  for (const f of files) {
    const text = readFileSync(f, 'latin1');
    for (const n of needles) assert.ok(!text.includes(n), `${f} contains kubeconfig secret material`);
    assert.doesNotMatch(text, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, `${f} contains a private key`);
  }
});
