/**
 * The lab's node containers, as the topology sees them: `containerlab inspect` when a topology file is
 * configured and containerlab is installed, otherwise Docker containers carrying the Kind cluster label.
 */
import { LabgateError } from '../floor/errors.ts';
import { commandFailure, runHost, succeeded } from '../access/nodeRunner.ts';
import type { CommandResult } from '../floor/command.ts';

export const KIND_CLUSTER_LABEL = 'io.x-k8s.kind.cluster';
export const KIND_ROLE_LABEL = 'io.x-k8s.kind.role';

export interface NodeContainer {
  name: string;
  /** "control-plane" | "worker" | "" when unknown */
  role: string;
  /** Docker/containerlab state: "running", "exited", ... */
  state: string;
}

export interface NodeContainerInventory {
  source: 'containerlab' | 'docker-labels';
  containers: NodeContainer[];
  command: CommandResult;
}

export async function listNodeContainers(clusterName: string, topologyFile?: string): Promise<NodeContainerInventory> {
  if (topologyFile && (await hasContainerlab())) {
    const command = await runHost(['containerlab', 'inspect', '-t', topologyFile, '--format', 'json']);
    if (!succeeded(command)) {
      throw new LabgateError(
        `containerlab inspect failed: ${commandFailure(command)}`,
        `check the topology file ${topologyFile}`,
      );
    }
    const containers = parseContainerlabInspect(command.stdout).filter((c) => c.role !== '');
    // A k8s-kind topology node may be listed as one entry for the whole cluster; then the Kind labels tell more.
    if (containers.length > 0) return { source: 'containerlab', containers, command };
  }
  return listByKindLabel(clusterName);
}

async function listByKindLabel(clusterName: string): Promise<NodeContainerInventory> {
  const command = await runHost([
    'docker',
    'ps',
    '-a',
    '--filter',
    `label=${KIND_CLUSTER_LABEL}=${clusterName}`,
    '--format',
    `{{.Names}}\t{{.State}}\t{{.Label "${KIND_ROLE_LABEL}"}}`,
  ]);
  if (!succeeded(command)) {
    throw new LabgateError(
      `cannot list the lab's containers: ${commandFailure(command)}`,
      'check that Docker is running',
    );
  }
  return { source: 'docker-labels', containers: parseDockerPs(command.stdout), command };
}

async function hasContainerlab(): Promise<boolean> {
  const r = await runHost(['containerlab', 'version']);
  return !r.spawnError;
}

export function parseDockerPs(text: string): NodeContainer[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((line) => {
      const [name = '', state = '', role = ''] = line.split('\t');
      return { name, state: state.toLowerCase(), role };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * containerlab prints `{ "<lab>": [ {name, state, labels, ...}, ... ] }` (newer) or `{ "containers": [...] }`
 * (older). Kind nodes carry the Kind role label; otherwise the role is read from the name.
 */
export function parseContainerlabInspect(text: string): NodeContainer[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new LabgateError(
      'containerlab inspect did not print JSON',
      'run `containerlab inspect -t <file> --format json` by hand',
    );
  }
  const rows: Record<string, unknown>[] = [];
  const collect = (v: unknown) => {
    if (Array.isArray(v))
      v.forEach((x) => typeof x === 'object' && x !== null && rows.push(x as Record<string, unknown>));
  };
  if (Array.isArray(doc)) collect(doc);
  else if (doc && typeof doc === 'object') Object.values(doc as Record<string, unknown>).forEach(collect);
  return rows
    .map((r) => {
      const name = String(r.name ?? r.Name ?? '').replace(/^\//, '');
      const state = String(r.state ?? r.State ?? '').toLowerCase();
      const labels = (r.labels ?? r.Labels ?? {}) as Record<string, string>;
      const role = labels[KIND_ROLE_LABEL] ?? roleFromName(name);
      return { name, state, role };
    })
    .filter((c) => c.name.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
}

function roleFromName(name: string): string {
  if (/control-plane$/.test(name)) return 'control-plane';
  if (/worker\d*$/.test(name)) return 'worker';
  return '';
}
