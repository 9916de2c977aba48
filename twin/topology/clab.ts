/**
 * A lab's containerlab topology (`*.clab.yaml`), read and validated: its nodes (k8s-kind, ext-container, linux,
 * arista_ceos: image, exec lines, startup-config, binds), its links as endpoint pairs `node:iface`, and its
 * management network. A field the twin cannot read is a one-line error naming the file and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { LabgateError } from '../shared.ts';

export const CLAB_NODE_KINDS = ['k8s-kind', 'ext-container', 'linux', 'arista_ceos'] as const;
export type ClabNodeKind = (typeof CLAB_NODE_KINDS)[number];

export interface ClabNode {
  name: string;
  kind: ClabNodeKind;
  image?: string;
  /** commands containerlab runs in the node once it is up, in order */
  exec: string[];
  /** exec lines the twin does not run: they configure a link to a node the lab's descriptor leaves out */
  leftOutExec?: string[];
  /** for k8s-kind, the Kind config; for arista_ceos, the EOS startup configuration (relative to the topology) */
  startupConfig?: string;
  /** host paths mounted into the node, `host:container[:options]` */
  binds: string[];
}

export interface ClabEndpoint {
  node: string;
  iface: string;
}

export interface ClabLink {
  a: ClabEndpoint;
  b: ClabEndpoint;
}

export interface ClabTopology {
  /** the file as shown in messages */
  file: string;
  /** the folder the file is in, absolute: the startup configs are relative to it */
  dir?: string;
  name: string;
  /** containerlab's management network: `clab` on 172.20.20.0/24 unless the topology says otherwise */
  mgmt: { network: string; ipv4Subnet: string; ipv6Subnet?: string };
  nodes: ClabNode[];
  links: ClabLink[];
}

const DEFAULT_MGMT = { network: 'clab', ipv4Subnet: '172.20.20.0/24' };
const NODE_FIELDS = new Set(['kind', 'image', 'exec', 'startup-config', 'binds', 'extras', 'labels', 'env']);
/** kinds containerlab runs from an image of their own (a k8s-kind node's image is Kind's, ext-container has none) */
const NEEDS_IMAGE = new Set<ClabNodeKind>(['linux', 'arista_ceos']);
const IFACE = /^[A-Za-z][\w.-]{0,14}$/;

type Raw = Record<string, unknown>;

function isMap(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads fields of one YAML document, each error naming the file and the field. */
class Fields {
  constructor(readonly file: string) {}

  fail(field: string, problem: string): never {
    throw new LabgateError(`${this.file}: field ${field}: ${problem}`);
  }

  map(v: unknown, field: string): Raw {
    return isMap(v) ? v : this.fail(field, 'must be a mapping');
  }

  text(v: unknown, field: string): string {
    return typeof v === 'string' && v.trim() !== '' ? v : this.fail(field, 'must be a non-empty string');
  }

  optionalText(v: unknown, field: string): string | undefined {
    return v === undefined || v === null ? undefined : this.text(v, field);
  }

  texts(v: unknown, field: string): string[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) return this.fail(field, 'must be a list of strings');
    return v.map((item, i) => this.text(item, `${field}[${i}]`));
  }
}

function readNode(f: Fields, name: string, raw: unknown): ClabNode {
  const field = `topology.nodes.${name}`;
  const node = f.map(raw, field);
  for (const key of Object.keys(node)) {
    if (!NODE_FIELDS.has(key))
      f.fail(`${field}.${key}`, `not a node field the twin reads (${[...NODE_FIELDS].join(', ')})`);
  }
  const kindText = f.text(node.kind, `${field}.kind`);
  if (!(CLAB_NODE_KINDS as readonly string[]).includes(kindText)) {
    f.fail(`${field}.kind`, `"${kindText}" is not a kind the twin reads (${CLAB_NODE_KINDS.join(', ')})`);
  }
  const kind = kindText as ClabNodeKind;
  const image = f.optionalText(node.image, `${field}.image`);
  if (NEEDS_IMAGE.has(kind) && !image) f.fail(`${field}.image`, `a ${kind} node needs an image`);
  const startupConfig = f.optionalText(node['startup-config'], `${field}.startup-config`);
  return {
    name,
    kind,
    ...(image ? { image } : {}),
    exec: f.texts(node.exec, `${field}.exec`),
    ...(startupConfig ? { startupConfig } : {}),
    binds: f.texts(node.binds, `${field}.binds`),
  };
}

function readEndpoint(f: Fields, text: string, field: string, nodes: Set<string>): ClabEndpoint {
  const colon = text.lastIndexOf(':');
  const node = text.slice(0, colon);
  const iface = text.slice(colon + 1);
  if (colon <= 0 || !IFACE.test(iface)) f.fail(field, `"${text}" is not an endpoint node:iface`);
  if (!nodes.has(node)) f.fail(field, `"${text}" names no node of the topology`);
  return { node, iface };
}

function readLinks(f: Fields, raw: unknown, nodes: Set<string>): ClabLink[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return f.fail('topology.links', 'must be a list');
  const used = new Set<string>();
  return raw.map((item, i) => {
    const field = `topology.links[${i}].endpoints`;
    const endpoints = f.texts(f.map(item, `topology.links[${i}]`).endpoints, field);
    if (endpoints.length !== 2) f.fail(field, `a link has two endpoints; it has ${endpoints.length}`);
    const [a, b] = endpoints.map((e, j) => readEndpoint(f, e, `${field}[${j}]`, nodes)) as [ClabEndpoint, ClabEndpoint];
    for (const e of [a, b]) {
      const key = `${e.node}:${e.iface}`;
      if (used.has(key)) f.fail(field, `${key} is the endpoint of another link too`);
      used.add(key);
    }
    return { a, b };
  });
}

function readMgmt(f: Fields, raw: unknown): ClabTopology['mgmt'] {
  if (raw === undefined || raw === null) return { ...DEFAULT_MGMT };
  const mgmt = f.map(raw, 'mgmt');
  const ipv6Subnet = f.optionalText(mgmt['ipv6-subnet'], 'mgmt.ipv6-subnet');
  return {
    network: f.optionalText(mgmt.network, 'mgmt.network') ?? DEFAULT_MGMT.network,
    ipv4Subnet: f.optionalText(mgmt['ipv4-subnet'], 'mgmt.ipv4-subnet') ?? DEFAULT_MGMT.ipv4Subnet,
    ...(ipv6Subnet ? { ipv6Subnet } : {}),
  };
}

/** Parses topology text; `file` names it in errors. */
export function parseTopology(text: string, file: string): ClabTopology {
  const f = new Fields(file);
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new LabgateError(`${file}: not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const root = f.map(doc.toJS(), '(top level)');
  const topology = f.map(root.topology, 'topology');
  for (const key of ['kinds', 'defaults']) {
    if (topology[key] !== undefined)
      f.fail(`topology.${key}`, 'not read by the twin yet: give each node its own fields');
  }
  const rawNodes = f.map(topology.nodes, 'topology.nodes');
  const nodes = Object.entries(rawNodes).map(([name, raw]) => readNode(f, name, raw));
  if (nodes.length === 0) f.fail('topology.nodes', 'has no node');
  return {
    file,
    name: f.text(root.name, 'name'),
    mgmt: readMgmt(f, root.mgmt),
    nodes,
    links: readLinks(f, topology.links, new Set(nodes.map((n) => n.name))),
  };
}

export function readTopology(file: string, shown = file): ClabTopology {
  if (!existsSync(file)) throw new LabgateError(`${shown}: no such topology file`);
  return { ...parseTopology(readFileSync(file, 'utf8'), shown), dir: dirname(resolve(file)) };
}
