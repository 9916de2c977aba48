/**
 * A containerlab topology and the Kind clusters it makes: the container names each node really gets.
 * containerlab names its own containers `clab-<topology>-<node>` (the `prefix` setting changes that),
 * a `k8s-kind` node makes a Kind cluster named after the node, and an `ext-container` node is an existing
 * container (a Kind node) that keeps its own name.
 */
import { asRecord, asString, readYamlDocs } from './yamlDocs.ts';

export interface TopologyNode {
  name: string;
  kind: string;
  image?: string;
  startupConfig?: string;
  line: number;
}

export interface Topology {
  file: string;
  name: string;
  prefix?: string;
  nodes: TopologyNode[];
}

export function parseTopology(text: string, file: string): Topology | undefined {
  const doc = readYamlDocs(text)[0];
  const top = asRecord(doc?.value);
  const name = asString(top?.name);
  if (!doc || !top || !name) return undefined;
  const nodes = asRecord(asRecord(top.topology)?.nodes) ?? {};
  return {
    file,
    name,
    prefix: 'prefix' in top ? (asString(top.prefix) ?? '') : undefined,
    nodes: Object.entries(nodes).map(([nodeName, raw]) => {
      const n = asRecord(raw) ?? {};
      return {
        name: nodeName,
        kind: asString(n.kind) ?? '',
        image: asString(n.image),
        startupConfig: asString(n['startup-config']),
        line: doc.lineOf(['topology', 'nodes', nodeName]),
      };
    }),
  };
}

/** The container a topology node runs as; undefined for a k8s-kind node (its Kind nodes are the containers). */
export function containerOf(topo: Topology, node: TopologyNode): string | undefined {
  if (node.kind === 'k8s-kind') return undefined;
  if (node.kind === 'ext-container') return node.name;
  if (topo.prefix === undefined) return `clab-${topo.name}-${node.name}`;
  if (topo.prefix === '') return node.name;
  if (topo.prefix === '__lab-name') return `${topo.name}-${node.name}`;
  return `${topo.prefix}-${topo.name}-${node.name}`;
}

export interface KindConfig {
  name?: string;
  roles: string[]; // one per node, in order
  images: string[];
}

export function parseKindConfig(text: string): KindConfig | undefined {
  for (const doc of readYamlDocs(text)) {
    const top = asRecord(doc.value);
    if (top?.kind !== 'Cluster' || !String(top.apiVersion ?? '').startsWith('kind.x-k8s.io')) continue;
    const nodes = Array.isArray(top.nodes) ? top.nodes.map(asRecord) : [];
    return {
      name: asString(top.name),
      roles: nodes.length ? nodes.map((n) => asString(n?.role) ?? 'control-plane') : ['control-plane'],
      images: nodes.map((n) => asString(n?.image)).filter((i): i is string => !!i),
    };
  }
  return undefined;
}

/** Kind's node container names: <cluster>-control-plane, -control-plane2, ..., -worker, -worker2, ... */
export function kindNodeNames(cluster: string, roles: string[]): string[] {
  const counts: Record<string, number> = {};
  const names = roles.map((role) => {
    const n = (counts[role] = (counts[role] ?? 0) + 1);
    return `${cluster}-${role}${n > 1 ? n : ''}`;
  });
  if ((counts['control-plane'] ?? 0) > 1) names.push(`${cluster}-external-load-balancer`);
  return names;
}
