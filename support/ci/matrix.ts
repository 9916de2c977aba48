/**
 * The CI matrix of a course run: one entry per lab `labgate labs --json` lists, with what its runner needs to
 * deploy the real lab (its folder in the course, the kubeconfig its deploy script writes, the topology) and
 * what it cannot get by itself: an image the runner cannot pull (Arista cEOS is licence-gated), which the
 * lab's deploy script imports from a file the repository must provide.
 */
import { LabgateError } from '../floor/errors.ts';

/** One row of `labgate labs --json`. */
export interface LabRow {
  name: string;
  title: string;
  cluster: string;
  kubeconfig: string;
  course?: { folder: string; text: string; topology?: string };
  scenarios: number;
  liveScenarios: number;
  mutatingScenarios: number;
}

/** An image the deploy script imports from a file (`docker import <file> <image>`) instead of pulling it. */
export interface GatedImage {
  image: string;
  file: string; // as the deploy script names it, relative to the lab's folder
  vendor: string;
}

export interface MatrixEntry {
  lab: string;
  title: string;
  folder: string; // the lab's folder in the course repository
  kubeconfig: string;
  cluster: string;
  timeoutMinutes: number;
  mutating: boolean;
  gatedImage: string; // '' when every image can be pulled; GitHub's matrix has no undefined
  gatedImageFile: string;
}

/** Images no public registry serves: the runner can only use them when the repository provides the file. */
const GATED_IMAGES: { pattern: RegExp; vendor: string }[] = [{ pattern: /(^|\/)ceos[:@]/i, vendor: 'Arista cEOS' }];

/** Deploying a Kind cluster with Calico takes up to 25 minutes on a runner; each scenario a few seconds. */
const DEPLOY_MINUTES = 25;
const SCENARIOS_PER_MINUTE = 6;
const DESTROY_MINUTES = 5;

export type ReadCourseFile = (folder: string, file: string) => string | undefined;

export function courseMatrix(rows: LabRow[], readCourseFile: ReadCourseFile): { include: MatrixEntry[] } {
  if (!rows.length) throw new LabgateError('no lab to put in the matrix', 'labgate labs --json lists none');
  return { include: rows.map((row) => matrixEntry(row, readCourseFile)) };
}

function matrixEntry(row: LabRow, readCourseFile: ReadCourseFile): MatrixEntry {
  if (!row.course)
    throw new LabgateError(
      `lab ${row.name} names no course folder, so CI cannot deploy it`,
      `add course.dir to features/${row.name}/lab.yaml`,
    );
  const deploy = readCourseFile(row.course.folder, 'deploy.sh');
  if (deploy === undefined)
    throw new LabgateError(
      `lab ${row.name}: no deploy.sh in the course folder ${row.course.folder}`,
      'CI deploys each lab with its own deploy script',
    );
  const topology = row.course.topology ? (readCourseFile(row.course.folder, row.course.topology) ?? '') : '';
  const gated = gatedImages(topology, deploy)[0];
  return {
    lab: row.name,
    title: row.title,
    folder: row.course.folder,
    kubeconfig: row.kubeconfig,
    cluster: row.cluster,
    timeoutMinutes: DEPLOY_MINUTES + DESTROY_MINUTES + Math.ceil(row.scenarios / SCENARIOS_PER_MINUTE),
    mutating: row.mutatingScenarios > 0,
    gatedImage: gated ? `${gated.image} (${gated.vendor})` : '',
    gatedImageFile: gated?.file ?? '',
  };
}

/** The topology's images no registry serves, with the file the deploy script imports each from. */
export function gatedImages(topologyText: string, deployText: string): GatedImage[] {
  const images = [...topologyText.matchAll(/^\s*image:\s*["']?([^\s"'#]+)/gm)].map((m) => m[1]!);
  const imports = new Map(
    [...deployText.matchAll(/docker\s+import\s+(\S+)\s+(\S+)/g)].map((m) => [m[2]!, m[1]!] as const),
  );
  const out: GatedImage[] = [];
  for (const image of new Set(images)) {
    const gate = GATED_IMAGES.find((g) => g.pattern.test(image));
    if (!gate) continue;
    const file = imports.get(image);
    if (!file)
      throw new LabgateError(
        `the topology runs ${image} (${gate.vendor}), which no registry serves, and deploy.sh imports no file for it`,
        'the deploy script must `docker import <file> <image>`',
      );
    out.push({ image, file, vendor: gate.vendor });
  }
  return out;
}
