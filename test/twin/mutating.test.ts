/**
 * The @mutating scenarios ask for no more than they need: a run of lab 16 on its twin (read-only and @mutating
 * scenarios) makes only requests that manifests/labgate-readonly.yaml and manifests/labgate-mutating.yaml allow,
 * and its writes are the lab's own (pods created and deleted), each undone: the pods it created are gone after.
 * The other tests here run on the reference lab's twin, which lab 16's replaced: it is brought back after.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { PROJECT_ROOT, TwinState } from '../../twin/control/state.ts';

const LAB = '16-static-ip';
const REFERENCE_LAB = '04-k8s-services';
const state = new TwinState(LAB);
type Logged = { method: string; path: string; status: number; verb: string };
type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
let requests: Logged[] = [];

before(async () => {
  const up = await execa('node', ['bin/labgate.mjs', 'twin', 'up', '--lab', LAB], {
    cwd: PROJECT_ROOT,
    reject: false,
    all: true,
  });
  assert.equal(up.exitCode, 0, String(up.all).slice(-2000));
  const log = state.path('requests.log');
  const offset = existsSync(log) ? readFileSync(log, 'utf8').length : 0;
  const run = await execa('node', ['bin/labgate.mjs', 'run', '--lab', LAB], {
    cwd: PROJECT_ROOT,
    reject: false,
    all: true,
    env: { CI: 'true' },
  });
  assert.equal(run.exitCode, 0, `the run failed:\n${String(run.all).slice(-3000)}`);
  requests = readFileSync(log, 'utf8')
    .slice(offset)
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Logged);
});

after(async () => {
  for (const args of [
    ['twin', 'down', '--lab', LAB],
    ['twin', 'up', '--lab', REFERENCE_LAB],
  ]) {
    const r = await execa('node', ['bin/labgate.mjs', ...args], { cwd: PROJECT_ROOT, reject: false, all: true });
    assert.equal(r.exitCode, 0, `labgate ${args.join(' ')}:\n${String(r.all).slice(-2000)}`);
  }
});

function roleRules(file: string): Rule[] {
  return (
    parseAllDocuments(readFileSync(join(PROJECT_ROOT, 'manifests', file), 'utf8'))[0]!.toJS() as { rules: Rule[] }
  ).rules;
}

function attributes(r: Logged): { group: string; resource: string; verb: string } | undefined {
  if (!/^\/apis?\//.test(r.path) || /^\/(api|apis\/[^/]+)\/[^/]+$/.test(r.path) || r.path.startsWith('/openapi/'))
    return undefined;
  const m = r.path.match(
    /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/[^/]+)?\/([^/]+)(?:\/([^/]+)(?:\/([^/]+))?)?$/,
  );
  if (!m) return undefined;
  const [, group = '', resource, , sub] = m;
  if (sub === 'exec') return { group, resource: `${resource}/exec`, verb: 'create' };
  if (sub === 'log') return { group, resource: `${resource}/log`, verb: 'get' };
  return { group, resource: resource!, verb: r.verb === 'watch' ? 'watch' : r.verb };
}

test('every request of the run is allowed by the read-only and mutating ClusterRoles together', () => {
  const rules = [...roleRules('labgate-readonly.yaml'), ...roleRules('labgate-mutating.yaml')];
  const denied = new Set<string>();
  for (const r of requests) {
    const a = attributes(r);
    if (!a) continue;
    const ok = rules.some(
      (x) => x.apiGroups.includes(a.group) && x.resources.includes(a.resource) && x.verbs.includes(a.verb),
    );
    if (!ok) denied.add(`${a.verb} ${a.group || 'core'}/${a.resource}`);
  }
  assert.deepEqual([...denied], []);
});

test('the run wrote, and only pods: each one it created was deleted again', () => {
  const writes = requests.filter((r) => r.verb !== 'exec' && r.method !== 'GET');
  assert.ok(writes.length > 0, 'the @mutating scenarios wrote nothing');
  assert.deepEqual(
    [...new Set(writes.map((w) => w.path.replace(/\/[^/]+$/, (s) => (w.method === 'POST' ? s : '/<name>'))))].sort(),
    ['/api/v1/namespaces/default/pods', '/api/v1/namespaces/default/pods/<name>'],
  );
  const created = writes.filter((w) => w.method === 'POST').length;
  const deleted = writes.filter((w) => w.method === 'DELETE').length;
  assert.ok(deleted >= created, `${created} pods created, ${deleted} deleted`);
});
