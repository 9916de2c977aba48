import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { LabgateError } from '../../../support/floor/errors.ts';
import {
  inspectionTarget,
  resolveLabTarget as resolveFor,
  handedTarget,
  type Env,
} from '../../../support/lab/target.ts';
import { loadLab } from '../../../support/lab/catalog.ts';
import { tempDir } from '../../tempDir.ts';

const LAB = loadLab('04-k8s-services');
const LAB_KUBECONFIG_FILE = 'k8-services.kubeconfig';
const resolveLabTarget = (env: Env, cwd: string, isTwin: (p: string) => boolean) => resolveFor(LAB, env, cwd, isTwin);

function kubeconfig(currentContext: string, contexts: string[]): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: c',
    '  cluster: { server: "https://127.0.0.1:6443" }',
    'users:',
    '- name: u',
    '  user: { token: t }',
    'contexts:',
    ...contexts.map((c) => `- name: ${c}\n  context: { cluster: c, user: u }`),
    `current-context: ${currentContext}`,
    '',
  ].join('\n');
}

function dirWith(files: Record<string, string>): string {
  const dir = tempDir('labgate-target-');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const neverTwin = () => false;

test('no env and no lab kubeconfig in the working directory: no lab configured', () => {
  const r = resolveLabTarget({}, dirWith({}), neverTwin);
  assert.equal(r.kind, 'none');
});

test("the lab's ./k8-services.kubeconfig is used with its current-context", () => {
  const dir = dirWith({ [LAB_KUBECONFIG_FILE]: kubeconfig('kind-k8-services', ['kind-k8-services']) });
  const r = resolveLabTarget({}, dir, neverTwin);
  assert.equal(r.kind, 'lab');
  if (r.kind !== 'lab') return;
  assert.equal(r.target.source, 'lab');
  assert.equal(r.target.kubeconfigPath, path.join(dir, LAB_KUBECONFIG_FILE));
  assert.equal(r.target.context, 'kind-k8-services');
  assert.equal(r.target.clusterName, 'k8-services');
  assert.match(
    r.target.description,
    /^04-k8s-services on lab \(kubeconfig .*k8-services\.kubeconfig, context kind-k8-services\)$/,
  );
});

test('a twin-written ./k8-services.kubeconfig does not count as a lab', () => {
  const dir = dirWith({ [LAB_KUBECONFIG_FILE]: kubeconfig('kind-k8-services', ['kind-k8-services']) });
  const r = resolveLabTarget({}, dir, (p) => p === path.join(dir, LAB_KUBECONFIG_FILE));
  assert.equal(r.kind, 'none');
});

test('LABGATE_KUBECONFIG wins over KUBECONFIG, and LABGATE_CONTEXT over the current-context', () => {
  const dir = dirWith({
    'a.kubeconfig': kubeconfig('ctx-a', ['ctx-a', 'ctx-b']),
    'b.kubeconfig': kubeconfig('ctx-other', ['ctx-other']),
  });
  const env = { LABGATE_KUBECONFIG: 'a.kubeconfig', KUBECONFIG: path.join(dir, 'b.kubeconfig') };
  const r = resolveLabTarget(env, dir, neverTwin);
  assert.ok(r.kind === 'lab');
  assert.equal(r.target.kubeconfigPath, path.join(dir, 'a.kubeconfig'));
  assert.equal(r.target.context, 'ctx-a');
  const r2 = resolveLabTarget(
    { ...env, LABGATE_CONTEXT: 'ctx-b', LABGATE_CLUSTER: 'other', LABGATE_TOPOLOGY: 'lab.clab.yaml' },
    dir,
    neverTwin,
  );
  assert.ok(r2.kind === 'lab');
  assert.equal(r2.target.context, 'ctx-b');
  assert.equal(r2.target.clusterName, 'other');
  assert.equal(r2.target.topologyFile, 'lab.clab.yaml');
});

test('KUBECONFIG with several files: the first one is read', () => {
  const dir = dirWith({
    'one.kubeconfig': kubeconfig('first', ['first']),
    'two.kubeconfig': kubeconfig('second', ['second']),
  });
  const list = [path.join(dir, 'one.kubeconfig'), path.join(dir, 'two.kubeconfig')].join(path.delimiter);
  const r = resolveLabTarget({ KUBECONFIG: list }, dir, neverTwin);
  assert.ok(r.kind === 'lab');
  assert.equal(r.target.context, 'first');
});

test('a configured but missing kubeconfig is still a lab target (never the twin); the preflight reports the file', () => {
  const dir = dirWith({});
  const r = resolveLabTarget({ LABGATE_KUBECONFIG: 'gone.kubeconfig' }, dir, () => true);
  assert.equal(r.kind, 'lab');
  if (r.kind === 'lab') assert.match(r.target.context, /unknown/);
});

test('a kubeconfig that is not YAML is an error with a hint', () => {
  const dir = dirWith({ 'bad.kubeconfig': '{{{ not yaml' });
  assert.throws(() => resolveLabTarget({ LABGATE_KUBECONFIG: 'bad.kubeconfig' }, dir, neverTwin), LabgateError);
});

test("the target handed over as a world parameter survives cucumber's copy; junk is refused", () => {
  const dir = dirWith({ [LAB_KUBECONFIG_FILE]: kubeconfig('kind-k8-services', ['kind-k8-services']) });
  const r = resolveLabTarget({}, dir, neverTwin);
  assert.ok(r.kind === 'lab');
  // cucumber gives each scenario a structuredClone of the world parameters
  assert.deepEqual(handedTarget(structuredClone({ target: r.target })), r.target);
  assert.equal(handedTarget({}), undefined);
  assert.equal(handedTarget(undefined), undefined);
  assert.throws(() => handedTarget({ target: 'not a target' }), LabgateError);
  assert.throws(() => handedTarget({ target: { labName: 'x' } }), LabgateError);
});

test('the after-destroy target reads nothing: default kubeconfig path and Kind context', () => {
  const dir = dirWith({});
  const t = inspectionTarget(LAB, {}, dir);
  assert.equal(t.kubeconfigPath, path.join(dir, LAB_KUBECONFIG_FILE));
  assert.equal(t.context, 'kind-k8-services');
});
