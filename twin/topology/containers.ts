/**
 * Containers of the topology's own nodes, named and labelled as containerlab names and labels them
 * (`clab-<topology>-<node>`; labels containerlab, clab-node-name, clab-node-longname, clab-node-kind, clab-node-type,
 * clab-node-group, clab-node-lab-dir, clab-topo-file, clab-owner, as containerlab's constants/labels.go spells
 * them), on containerlab's management network (`clab`, 172.20.20.0/24 unless the topology says otherwise). The
 * network is the twin's own: labelled for it, with no route off the machine beyond what Docker gives any bridge.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { Address4 } from 'ip-address';
import { docker } from '../docker.ts';
import { TWIN_CONTAINER_CAPABILITIES, TWIN_LABEL, networkState } from '../dataplane/nodes.ts';
import { LabgateError, REPO_ROOT } from '../shared.ts';
import type { TwinPlan } from '../plan.ts';
import type { TopologyNode, TwinTopology } from './index.ts';

export const CLAB_LABELS = {
  lab: 'containerlab',
  nodeName: 'clab-node-name',
  longName: 'clab-node-longname',
  kind: 'clab-node-kind',
  type: 'clab-node-type',
  group: 'clab-node-group',
  labDir: 'clab-node-lab-dir',
  topoFile: 'clab-topo-file',
  owner: 'clab-owner',
} as const;

const RUN_FLAGS = [...TWIN_CONTAINER_CAPABILITIES, '--init'];

/** containerlab's name for a node's container. */
export function clabContainerName(topology: Pick<TwinTopology, 'name'>, node: string): string {
  return `clab-${topology.name}-${node}`;
}

export function clabLabels(topology: TwinTopology, node: TopologyNode): string[] {
  const topoFile = topology.dir ? join(topology.dir, basename(topology.file)) : resolve(REPO_ROOT, topology.file);
  const labels: Record<string, string> = {
    [CLAB_LABELS.lab]: topology.name,
    [CLAB_LABELS.nodeName]: node.name,
    [CLAB_LABELS.longName]: clabContainerName(topology, node.name),
    [CLAB_LABELS.kind]: node.kind,
    [CLAB_LABELS.type]: '',
    [CLAB_LABELS.group]: '',
    [CLAB_LABELS.labDir]: join(dirname(topoFile), `clab-${topology.name}`, node.name),
    [CLAB_LABELS.topoFile]: topoFile,
    [CLAB_LABELS.owner]: 'root',
  };
  return Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
}

/** containerlab's management network, made by the twin (and removed with it) unless it is there already. */
export async function createMgmtNetwork(plan: TwinPlan, topology: TwinTopology): Promise<void> {
  const state = await networkState(topology.mgmt.network);
  if (state === 'foreign') {
    throw new LabgateError(
      `a Docker network named ${topology.mgmt.network} exists and was not made by the twin`,
      'a real containerlab lab may be running here; destroy it or point labgate at it',
    );
  }
  if (state === 'twin') return;
  const subnet = new Address4(topology.mgmt.ipv4Subnet);
  const gateway = Address4.fromBigInt(subnet.startAddress().bigInt() + 1n).correctForm();
  await docker([
    'network',
    'create',
    '--subnet',
    topology.mgmt.ipv4Subnet,
    '--gateway',
    gateway,
    '--label',
    `${TWIN_LABEL}=${plan.lab}`,
    topology.mgmt.network,
  ]);
}

/** Starts a node's container from the twin's image on the management network; `extra` are further run flags. */
export async function createClabContainer(
  plan: TwinPlan,
  topology: TwinTopology,
  node: TopologyNode,
  image: string,
  extra: string[] = [],
): Promise<string> {
  const name = clabContainerName(topology, node.name);
  await docker([
    'run',
    '-d',
    '--name',
    name,
    '--network',
    topology.mgmt.network,
    ...clabLabels(topology, node),
    '--label',
    `${TWIN_LABEL}=${plan.lab}`,
    ...RUN_FLAGS,
    ...extra,
    image,
  ]);
  return name;
}

/** The container that stands for a topology node: a Kind node keeps Kind's name, any other containerlab's. */
export function containerOf(topology: TwinTopology, nodeName: string): string {
  const node = topology.nodes.find((n) => n.name === nodeName);
  if (!node) throw new LabgateError(`${topology.file}: no node ${nodeName}`);
  return node.role === 'extra' ? clabContainerName(topology, node.name) : node.name;
}
