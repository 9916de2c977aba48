/**
 * The lab's topology as the twin plans it: the containerlab nodes beside the Kind cluster, each marked with what
 * it is to the twin. The Kind cluster's own node (k8s-kind) and the ext-container entries that name its Kind
 * nodes (containerlab configures those existing containers) keep Kind's names. Building nodes beyond Kind (a ToR
 * switch, a Linux router, a client) and the links and exec lines of Kind nodes is a later step: until then
 * `twin up` stops with one line naming what it cannot build, never ignoring it.
 */
import { LabgateError } from '../shared.ts';
import { TOPOLOGY_NODE_BUILDERS } from './builders.ts';
import type { ClabLink, ClabNode, ClabTopology } from './clab.ts';
import type { KubeObject } from '../api/types.ts';
import { nodeAddresses, type NodeAddress } from './nodeAddresses.ts';

export { parseTopology, readTopology, type ClabTopology } from './clab.ts';

export type TopologyRole =
  /** the k8s-kind node that makes the lab's Kind cluster */
  | 'kind-cluster'
  /** an ext-container that is one of the Kind cluster's nodes */
  | 'kind-node'
  /** a node of its own: a router, a switch, a host, another cluster */
  | 'extra';

export interface TopologyNode extends ClabNode {
  role: TopologyRole;
  /** the links with an end on this node, as `iface -> peer:iface` */
  interfaces: string[];
}

export interface TwinTopology {
  file: string;
  /** the topology file's folder, absolute */
  dir?: string;
  name: string;
  mgmt: ClabTopology['mgmt'];
  nodes: TopologyNode[];
  links: ClabLink[];
  /** the Kind nodes' node-ip (from the Kind config) and the interface the exec lines put it on */
  nodeAddresses: Record<string, NodeAddress>;
}

function interfacesOf(node: string, links: ClabLink[]): string[] {
  return links
    .flatMap(
      (l) =>
        [
          [l.a, l.b],
          [l.b, l.a],
        ] as const,
    )
    .filter(([mine]) => mine.node === node)
    .map(([mine, peer]) => `${mine.iface} -> ${peer.node}:${peer.iface}`);
}

/**
 * The topology without the nodes the lab's descriptor leaves out of its twin: each node, every link with an end
 * on it, and on the other nodes the exec lines that name an interface of those links (they configure a link that
 * is gone). A name the topology lacks is a one-line error.
 */
export function leaveOut(topology: ClabTopology, names: string[]): ClabTopology {
  for (const name of names) {
    if (!topology.nodes.some((n) => n.name === name))
      throw new LabgateError(
        `${topology.file}: the lab's descriptor leaves out node ${name}, which the topology does not have`,
      );
  }
  const out = new Set(names);
  const cut = topology.links.filter((l) => out.has(l.a.node) || out.has(l.b.node));
  const cutIfaces = (node: string) =>
    cut
      .flatMap((l) => [l.a, l.b])
      .filter((e) => e.node === node)
      .map((e) => e.iface);
  const mentions = (line: string, iface: string) => new RegExp(`(^|[^\\w.-])${iface}([^\\w.-]|$)`).test(line);
  return {
    ...topology,
    nodes: topology.nodes
      .filter((n) => !out.has(n.name))
      .map((n) => {
        const cutLine = (line: string) => cutIfaces(n.name).some((i) => mentions(line, i));
        const leftOutExec = n.exec.filter(cutLine);
        return { ...n, exec: n.exec.filter((line) => !cutLine(line)), ...(leftOutExec.length ? { leftOutExec } : {}) };
      }),
    links: topology.links.filter((l) => !cut.includes(l)),
  };
}

/** The topology's nodes marked against the lab's Kind cluster (its name and its nodes' names). */
export function planTopology(
  topology: ClabTopology,
  cluster: string,
  kindNodes: string[],
  manifests: KubeObject[] = [],
): TwinTopology {
  const kinds = new Set(kindNodes);
  const nodes = topology.nodes.map((n): TopologyNode => {
    const role: TopologyRole =
      n.kind === 'k8s-kind' && n.name === cluster
        ? 'kind-cluster'
        : n.kind === 'ext-container' && kinds.has(n.name)
          ? 'kind-node'
          : 'extra';
    return { ...n, role, interfaces: interfacesOf(n.name, topology.links) };
  });
  if (!nodes.some((n) => n.role === 'kind-cluster')) {
    const clusters = topology.nodes.filter((n) => n.kind === 'k8s-kind').map((n) => n.name);
    throw new LabgateError(
      `${topology.file}: field topology.nodes: no k8s-kind node named ${cluster}, the lab's Kind ` +
        `cluster (k8s-kind nodes: ${clusters.join(', ') || 'none'})`,
    );
  }
  return {
    file: topology.file,
    ...(topology.dir ? { dir: topology.dir } : {}),
    name: topology.name,
    mgmt: topology.mgmt,
    nodes,
    links: topology.links,
    nodeAddresses: nodeAddresses(manifests, kindNodes, topology.nodes, topology.file),
  };
}

/**
 * What the twin cannot build beyond its Kind nodes, one phrase per node: nodes whose kind has no builder
 * (builders.ts), binds, and links or exec lines on a node that is neither a Kind node nor built. Empty when it
 * builds it all.
 */
export function beyondKind(topology: TwinTopology): string[] {
  return topology.nodes.flatMap((n) => {
    if (n.role === 'extra') {
      const builder = TOPOLOGY_NODE_BUILDERS[n.kind];
      if (!builder) return [`${n.name} (${n.kind}${n.image ? `, ${n.image}` : ''})`];
      const own = builder.cannotBuild?.(topology, n);
      if (own) return [`${n.name} (${n.kind}: ${own})`];
      return n.binds.length > 0 ? [`${n.name} (${n.kind} with binds)`] : [];
    }
    const extras = [
      ...(n.role === 'kind-cluster' && n.exec.length > 0 ? ['exec lines'] : []),
      ...(n.role === 'kind-cluster' && n.interfaces.length > 0
        ? [`links on ${n.interfaces.map((i) => i.split(' ')[0]).join(', ')}`]
        : []),
      ...(n.binds.length > 0 ? ['binds'] : []),
    ];
    const what = n.role === 'kind-node' ? 'Kind node' : 'Kind cluster';
    return extras.length > 0 ? [`${n.name} (${what} with ${extras.join(', ')})`] : [];
  });
}

/** Stops `twin up` of a lab whose topology needs nodes the twin cannot build yet, naming them. */
export function assertTwinCanBuild(lab: string, topology: TwinTopology | undefined): void {
  const missing = topology ? beyondKind(topology) : [];
  if (missing.length === 0) return;
  throw new LabgateError(
    `the twin of ${lab} cannot build these nodes of ${topology!.file} yet: ${missing.join('; ')}`,
    'the twin builds Kind nodes, their links and exec lines, ToRs (arista_ceos) and Linux nodes',
  );
}
