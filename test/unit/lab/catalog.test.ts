/** The lab catalogue: descriptors checked by their schema, labs chosen by name, by kubeconfig, or refused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LabgateError } from '../../../support/floor/errors.ts';
import { chooseLab, labNames, loadLab } from '../../../support/lab/catalog.ts';
import { tempDir } from '../../tempDir.ts';

function descriptor(name: string, extra = ''): string {
  return [
    `name: ${name}`,
    `title: Lab ${name}`,
    `cluster: { name: ${name}-cluster, kubeconfig: ${name}.kubeconfig, context: kind-${name}-cluster }`,
    'namespaces: [default, other]',
    `features: features/${name}`,
    `manifests: manifests/${name}`,
    extra,
  ].join('\n');
}

/** A labgate root with the given labs (descriptor text by lab name) and a Kind config for each. */
function root(
  labs: Record<string, string>,
  kind = (name: string) =>
    `kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: ${name}-cluster\nnodes: [{ role: control-plane }, { role: worker }, { role: worker }]\n`,
): string {
  const dir = tempDir('labgate-catalog-');
  for (const [name, text] of Object.entries(labs)) {
    mkdirSync(path.join(dir, 'features', name), { recursive: true });
    mkdirSync(path.join(dir, 'manifests', name), { recursive: true });
    writeFileSync(path.join(dir, 'features', name, 'lab.yaml'), text);
    writeFileSync(path.join(dir, 'manifests', name, 'cluster.yaml'), kind(name));
  }
  return dir;
}

function oneLine(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof LabgateError, `a LabgateError, not ${String(err)}`);
    const line = err.oneLine();
    assert.doesNotMatch(line, /\n/);
    return line;
  }
  assert.fail('no error');
}

test('the real lab 04 descriptor loads, with its Kind layout and its drift words', () => {
  const lab = loadLab('04-k8s-services');
  assert.equal(lab.cluster.name, 'k8-services');
  assert.deepEqual(
    lab.nodes.map((n) => n.name),
    ['k8-services-control-plane', 'k8-services-worker', 'k8-services-worker2'],
  );
  assert.equal(lab.serviceSubnet, '10.96.0.0/16');
  assert.match(lab.words.missing['multitool-1'] ?? '', /tools\/ folder/);
});

test('Kind node names follow Kind: -control-plane, -worker, -worker2', () => {
  const dir = root({ 'lab-a': descriptor('lab-a') });
  assert.deepEqual(
    loadLab('lab-a', dir).nodes.map((n) => n.name),
    ['lab-a-cluster-control-plane', 'lab-a-cluster-worker', 'lab-a-cluster-worker2'],
  );
});

test('a bad descriptor is one line naming the file and the field', () => {
  const dir = root({
    'no-title': descriptor('no-title').replace(/^title:.*$/m, ''),
    'bad-ns': descriptor('bad-ns').replace('[default, other]', '[Default]'),
    extra: descriptor('extra', 'colour: blue'),
    'wrong-name': descriptor('other-name'),
    'bad-yaml': 'name: [unclosed',
    'twin-no-why': descriptor('twin-no-why', 'twin:\n  without:\n    - node: ceos01'),
  });
  assert.match(
    oneLine(() => loadLab('no-title', dir)),
    /features\/no-title\/lab\.yaml: field title:/,
  );
  assert.match(
    oneLine(() => loadLab('bad-ns', dir)),
    /lab\.yaml: field namespaces\.0: must be a DNS-1123 label/,
  );
  assert.match(
    oneLine(() => loadLab('extra', dir)),
    /lab\.yaml: field \(the file\): .*colour/,
  );
  assert.match(
    oneLine(() => loadLab('wrong-name', dir)),
    /field name: "other-name" differs from its folder "wrong-name"/,
  );
  assert.match(
    oneLine(() => loadLab('bad-yaml', dir)),
    /features\/bad-yaml\/lab\.yaml: /,
  );
  // a node the twin leaves out must say why
  assert.match(
    oneLine(() => loadLab('twin-no-why', dir)),
    /lab\.yaml: field twin\.without\.0\.why:/,
  );
});

test("the descriptor's cluster name must be the Kind config's", () => {
  const dir = root({ 'lab-a': descriptor('lab-a') }, () => 'kind: Cluster\nname: something-else\n');
  assert.match(
    oneLine(() => loadLab('lab-a', dir)),
    /field cluster\.name: "lab-a-cluster" differs from the Kind config's name "something-else"/,
  );
});

test('an unknown lab names the labs there are; a non-DNS name is refused before any file is read', () => {
  const dir = root({ 'lab-a': descriptor('lab-a') });
  assert.match(
    oneLine(() => loadLab('lab-b', dir)),
    /unknown lab "lab-b" \(labs: lab-a/,
  );
  assert.match(
    oneLine(() => loadLab('../etc', dir)),
    /not a lab name/,
  );
});

test('choosing a lab: asked for, the only one, the deployed one, else ambiguous with the list', () => {
  const one = root({ 'lab-a': descriptor('lab-a') });
  assert.equal(chooseLab(undefined, {}, one, one).name, 'lab-a');
  const two = root({ 'lab-a': descriptor('lab-a'), 'lab-b': descriptor('lab-b') });
  assert.deepEqual(labNames(two), ['lab-a', 'lab-b']);
  assert.equal(chooseLab('lab-b', {}, two, two).name, 'lab-b');
  assert.equal(chooseLab(undefined, { LABGATE_LAB: 'lab-a' }, two, two).name, 'lab-a');
  assert.match(
    oneLine(() => chooseLab(undefined, {}, two, two)),
    /which lab\?.*labs: lab-a, lab-b/,
  );
  const cwd = tempDir('labgate-cwd-');
  writeFileSync(path.join(cwd, 'lab-b.kubeconfig'), 'apiVersion: v1\n');
  assert.equal(chooseLab(undefined, {}, cwd, two).name, 'lab-b');
});
