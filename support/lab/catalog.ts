/**
 * The labs labgate gates: one folder per lab under features/, each with its descriptor (lab.yaml). Finds,
 * loads and chooses labs; the node layout and subnets come from the lab's own Kind config in its manifests.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { LabgateError } from '../floor/errors.ts';
import { isDns1123Label } from '../floor/names.ts';
import { readDescriptor, type Descriptor } from './descriptor.ts';

/** The labgate checkout: descriptor paths are relative to it. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DESCRIPTOR_FILE = 'lab.yaml';
const LABS_DIR = 'features';

export type NodeRole = 'control-plane' | 'worker';

export interface Lab extends Descriptor {
  descriptorFile: string;
  featuresDir: string;
  manifestsDir: string;
  /** the published lab folder and its text, when the descriptor names them and they are on this machine */
  courseDir?: string;
  textFile?: string;
  topologyFile?: string;
  /** from the lab's Kind config */
  nodes: { name: string; role: NodeRole }[];
  podSubnet: string;
  serviceSubnet: string;
}

/** The names of every lab folder that holds a descriptor, sorted. */
export function labNames(root = REPO_ROOT): string[] {
  const dir = path.join(root, LABS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => existsSync(path.join(dir, d, DESCRIPTOR_FILE)))
    .sort();
}

export function loadLab(name: string, root = REPO_ROOT): Lab {
  if (!isDns1123Label(name))
    throw new LabgateError(
      `"${name}" is not a lab name (lower-case letters, digits and "-")`,
      `labs: ${labNames(root).join(', ') || 'none'}`,
    );
  const file = path.join(root, LABS_DIR, name, DESCRIPTOR_FILE);
  if (!existsSync(file))
    throw new LabgateError(
      `unknown lab "${name}"`,
      `labs: ${labNames(root).join(', ') || 'none'} (each is a folder features/<lab>/ with a ${DESCRIPTOR_FILE})`,
    );
  const shown = path.relative(root, file);
  const d = readDescriptor(file, shown);
  if (d.name !== name)
    throw new LabgateError(`lab descriptor ${shown}: field name: "${d.name}" differs from its folder "${name}"`);
  const inRoot = (field: string, rel: string) => {
    const abs = path.resolve(root, rel);
    if (!existsSync(abs) || !statSync(abs).isDirectory())
      throw new LabgateError(`lab descriptor ${shown}: field ${field}: no folder ${rel}`);
    return abs;
  };
  const featuresDir = inRoot('features', d.features);
  const manifestsDir = inRoot('manifests', d.manifests);
  const kind = readKindConfig(manifestsDir, d.cluster.name);
  if (kind.name !== d.cluster.name) {
    throw new LabgateError(
      `lab descriptor ${shown}: field cluster.name: "${d.cluster.name}" differs from the Kind config's name ` +
        `"${kind.name}" in ${d.manifests}`,
    );
  }
  const lab: Lab = { ...d, descriptorFile: file, featuresDir, manifestsDir, ...kind.layout };
  if (d.course) {
    const courseDir = path.resolve(root, d.course.dir);
    if (existsSync(courseDir)) {
      lab.courseDir = courseDir;
      lab.textFile = path.join(courseDir, d.course.text);
      if (d.course.topology) lab.topologyFile = path.join(courseDir, d.course.topology);
    }
  }
  return lab;
}

export function loadLabs(root = REPO_ROOT): Lab[] {
  return labNames(root).map((n) => loadLab(n, root));
}

/**
 * The lab a command works on: the one asked for (--lab or LABGATE_LAB); else the only lab; else the one whose
 * deploy script left its kubeconfig in the working directory. Anything else is ambiguous: say which labs exist.
 */
export function chooseLab(
  requested: string | undefined,
  env: Record<string, string | undefined>,
  cwd: string,
  root = REPO_ROOT,
): Lab {
  const asked = requested ?? env.LABGATE_LAB;
  if (asked) return loadLab(asked, root);
  const names = labNames(root);
  if (names.length === 0)
    throw new LabgateError('no lab found', `add one: features/<lab>/${DESCRIPTOR_FILE} (see docs/adding-a-lab.md)`);
  if (names.length === 1) return loadLab(names[0]!, root);
  const labs = names.map((n) => loadLab(n, root));
  const deployed = labs.filter((l) => existsSync(path.resolve(cwd, l.cluster.kubeconfig)));
  if (deployed.length === 1) return deployed[0]!;
  throw new LabgateError(
    `which lab? ${deployed.length > 1 ? 'several labs have a kubeconfig here' : 'no lab is named'}`,
    `give --lab <name> (or LABGATE_LAB); labs: ${names.join(', ')}`,
  );
}

type KindCluster = {
  kind?: string;
  name?: string;
  networking?: { podSubnet?: string; serviceSubnet?: string };
  nodes?: { role?: string }[];
};

/** The Kind Cluster document among the lab's manifests; Kind's own defaults where it leaves things out. */
function readKindConfig(
  dir: string,
  fallbackName: string,
): { name: string; layout: Pick<Lab, 'nodes' | 'podSubnet' | 'serviceSubnet'> } {
  for (const file of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    for (const doc of parseAllDocuments(readFileSync(path.join(dir, file), 'utf8'))) {
      const obj = doc.toJS() as KindCluster | null;
      if (obj?.kind !== 'Cluster') continue;
      const name = obj.name ?? 'kind';
      const roles = (obj.nodes?.length ? obj.nodes : [{ role: 'control-plane' }]).map(
        (n) => (n.role === 'worker' ? 'worker' : 'control-plane') as NodeRole,
      );
      return {
        name,
        layout: {
          nodes: kindNodeNames(name, roles),
          podSubnet: obj.networking?.podSubnet ?? '10.244.0.0/16',
          serviceSubnet: obj.networking?.serviceSubnet ?? '10.96.0.0/16',
        },
      };
    }
  }
  // no Kind config: what `kind create cluster` makes without one
  return {
    name: fallbackName,
    layout: {
      nodes: kindNodeNames(fallbackName, ['control-plane']),
      podSubnet: '10.244.0.0/16',
      serviceSubnet: '10.96.0.0/16',
    },
  };
}

/** Kind names nodes <cluster>-control-plane, <cluster>-control-plane2, <cluster>-worker, <cluster>-worker2, ... */
export function kindNodeNames(cluster: string, roles: NodeRole[]): { name: string; role: NodeRole }[] {
  const seen: Record<NodeRole, number> = { 'control-plane': 0, worker: 0 };
  return roles.map((role) => {
    const n = ++seen[role];
    return { name: `${cluster}-${role}${n === 1 ? '' : n}`, role };
  });
}
