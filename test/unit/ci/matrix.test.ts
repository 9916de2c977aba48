/** The CI matrix: every lab `labgate labs --json` lists, read against the published course's own folders. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { courseMatrix, gatedImages, type LabRow } from '../../../support/ci/matrix.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const COURSE = path.resolve(ROOT, '../shared/course');
const readCourse = (folder: string, file: string) => {
  try {
    return readFileSync(path.join(COURSE, folder, file), 'utf8');
  } catch {
    return undefined;
  }
};

async function labList(): Promise<LabRow[]> {
  const r = await execa('node', ['bin/labgate.mjs', 'labs', '--json'], { cwd: ROOT });
  return (JSON.parse(r.stdout) as { labs: LabRow[] }).labs;
}

test('the matrix holds every lab of the list once, with its course folder and the kubeconfig its script writes', async () => {
  const labs = await labList();
  const features = readFileSync(path.join(ROOT, 'features', labs[0]!.name, 'lab.yaml'), 'utf8');
  assert.match(features, /kubeconfig: /);
  const { include } = courseMatrix(labs, readCourse);
  assert.deepEqual(
    include.map((e) => e.lab),
    labs.map((l) => l.name),
  );
  assert.ok(include.length >= 6, `only ${include.length} labs`);
  for (const e of include) {
    const lab = labs.find((l) => l.name === e.lab)!;
    assert.equal(e.folder, lab.course!.folder);
    assert.match(
      readCourse(e.folder, 'deploy.sh')!,
      new RegExp(`kind get kubeconfig --name=${e.cluster} > ${e.kubeconfig}`),
    );
    assert.ok(e.timeoutMinutes > 25 && e.timeoutMinutes < 120, `${e.lab}: ${e.timeoutMinutes} minutes`);
    assert.equal(e.mutating, lab.mutatingScenarios > 0);
    // the licence-gated labs are 06 and later: of the gated ones, lab 09, whose deploy script imports cEOS for
    // its ToR (the twin leaves the ToR out, a real lab needs it)
    assert.equal(e.gatedImage, e.lab === '09-multi-ippool' ? 'ceos:4.34.0F (Arista cEOS)' : '');
  }
});

test('a lab whose topology runs Arista cEOS names the image and the file its deploy script imports', () => {
  const topology = readCourse('07-calico-bgp', 'topology.clab.yaml')!;
  const deploy = readCourse('07-calico-bgp', 'deploy.sh')!;
  assert.deepEqual(gatedImages(topology, deploy), [
    { image: 'ceos:4.34.0F', file: '../cEOS64-lab-4.34.0F.tar.xz', vendor: 'Arista cEOS' },
  ]);
  const row: LabRow = {
    name: '07-calico-bgp',
    title: 'BGP',
    cluster: 'k01',
    kubeconfig: 'k01.kubeconfig',
    course: { folder: '07-calico-bgp', text: 'README.md', topology: 'topology.clab.yaml' },
    scenarios: 12,
    liveScenarios: 12,
    mutatingScenarios: 0,
  };
  const [entry] = courseMatrix([row], readCourse).include;
  assert.equal(entry!.gatedImage, 'ceos:4.34.0F (Arista cEOS)');
  assert.equal(entry!.gatedImageFile, '../cEOS64-lab-4.34.0F.tar.xz');
  // the Kind-only labs pull everything they run
  assert.deepEqual(gatedImages(readCourse('03-pod-routing', 'pod-routing.clab.yaml')!, ''), []);
});

test('bad input is one clear error: no lab, no course folder, no deploy script, a cEOS image never imported', () => {
  assert.throws(() => courseMatrix([], readCourse), /no lab to put in the matrix/);
  const row: LabRow = {
    name: 'x-lab',
    title: 'x',
    cluster: 'x',
    kubeconfig: 'x.kubeconfig',
    scenarios: 1,
    liveScenarios: 1,
    mutatingScenarios: 0,
  };
  assert.throws(() => courseMatrix([row], readCourse), /lab x-lab names no course folder/);
  const nowhere = { ...row, course: { folder: 'no-such-folder', text: 'README.md' } };
  assert.throws(() => courseMatrix([nowhere], readCourse), /no deploy\.sh in the course folder no-such-folder/);
  assert.throws(
    () => gatedImages('    image: ceos:4.34.0F\n', 'containerlab deploy'),
    /runs ceos:4\.34\.0F \(Arista cEOS\), which no registry serves, and deploy\.sh imports no file for it/,
  );
});
