/**
 * Readers of the fabric: the containerlab topology's containers by containerlab's labels (what `containerlab
 * inspect` lists; the binary itself when it is installed), the ToR's answers to EOS commands through its `Cli`,
 * and a node's network state through `ip -j` and `bridge -j`.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { commandFailure, runHost, runOnNode, succeeded } from '../access/nodeRunner.ts';
import { LabgateError } from '../floor/errors.ts';
import { commandEvidence, type Evidence } from '../floor/finding.ts';
import { loadLab } from '../lab/catalog.ts';
import type { Target } from '../lab/target.ts';
import { readRouterOutput, type RouterState } from '../routers/index.ts';
import type { NodeNet, TopologyRow } from './model.ts';

const KIND_CLUSTER_LABEL = 'io.x-k8s.kind.cluster';

/** The lab's containerlab topology file: LABGATE_TOPOLOGY's, else the one its descriptor names. */
export function labTopologyFile(target: Pick<Target, 'topologyFile' | 'labName'>): string {
  const file = target.topologyFile ?? loadLab(target.labName).topologyFile;
  if (!file)
    throw new LabgateError(`lab ${target.labName} has no containerlab topology`, 'set course.topology in lab.yaml');
  return file;
}

export function topologyName(topologyFile: string): string {
  let doc: { name?: unknown } | undefined;
  try {
    doc = parse(readFileSync(topologyFile, 'utf8')) as { name?: unknown };
  } catch (err) {
    throw new LabgateError(`cannot read the topology file ${topologyFile}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (typeof doc?.name !== 'string') throw new LabgateError(`${topologyFile}: field name: must be a string`);
  return doc.name;
}

async function dockerPs(filter: string, format: string) {
  const command = await runHost(['docker', 'ps', '-a', '--filter', `label=${filter}`, '--format', format]);
  if (!succeeded(command)) throw new LabgateError(`cannot list the lab's containers: ${commandFailure(command)}`);
  return {
    command,
    rows: command.stdout
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => l.split('\t')),
  };
}

/**
 * The topology's rows as `containerlab inspect` shows them: the nodes containerlab made (its labels) and the
 * Kind cluster's nodes, each once as the k8s-kind cluster's node and once as the ext-container wrapping it.
 */
export async function inspectTopology(
  topologyFile: string,
  cluster: string,
): Promise<{ rows: TopologyRow[]; evidence: Evidence[] }> {
  const name = topologyName(topologyFile);
  const clab = await dockerPs(
    `containerlab=${name}`,
    '{{.Names}}\t{{.Label "clab-node-name"}}\t{{.Label "clab-node-kind"}}\t{{.State}}',
  );
  const kind = await dockerPs(`${KIND_CLUSTER_LABEL}=${cluster}`, '{{.Names}}\t{{.State}}');
  const rows: TopologyRow[] = [
    ...clab.rows.map(([n = '', node = '', k = '', state = '']) => ({ name: n, node, kind: k, state })),
    ...kind.rows.flatMap(([n = '', state = '']) => [
      { name: n, node: n, kind: 'ext-container', state },
      { name: n, node: cluster, kind: 'k8s-kind', state },
    ]),
  ].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  return {
    rows,
    evidence: [commandEvidence('containerlab nodes', clab.command), commandEvidence('Kind nodes', kind.command)],
  };
}

/** The container of a topology node containerlab made, found by its labels. */
export async function clabContainer(topologyFile: string, node: string): Promise<string> {
  const name = topologyName(topologyFile);
  const found = await dockerPs(`containerlab=${name}`, '{{.Names}}\t{{.Label "clab-node-name"}}');
  const row = found.rows.find(([, n]) => n === node);
  if (!row) throw new LabgateError(`no container of topology ${name} is its node ${node}`, 'containerlab inspect');
  return row[0]!;
}

/** The ToR's answer to one EOS command, read into the router model. */
export async function torShow(
  container: string,
  command: string,
): Promise<{ state: RouterState; text: string; evidence: Evidence[] }> {
  const r = await runOnNode(container, ['Cli', '-c', command]);
  if (!succeeded(r)) throw new LabgateError(`${container}: Cli -c "${command}" failed: ${commandFailure(r)}`);
  return {
    state: readRouterOutput(command, r.stdout),
    text: r.stdout,
    evidence: [commandEvidence(`Cli on ${container}: ${command}`, r)],
  };
}

async function json<T>(container: string, args: string[], evidence: Evidence[]): Promise<T> {
  const r = await runOnNode(container, args);
  if (!succeeded(r)) throw new LabgateError(`${container}: ${args.join(' ')} failed: ${commandFailure(r)}`);
  evidence.push(commandEvidence(`${container}: ${args.join(' ')}`, r));
  try {
    return JSON.parse(r.stdout || '[]') as T;
  } catch {
    throw new LabgateError(`${container}: ${args.join(' ')} did not print JSON`);
  }
}

type RawLink = {
  ifname: string;
  ifindex?: number;
  mtu: number;
  flags: string[];
  address?: string;
  linkinfo?: { info_kind?: string; info_data?: { id?: number; port?: number; learning?: boolean; local?: string } };
};

/** A node's links, addresses, routes, neighbours and FDB as the kernel holds them. */
export async function readNodeNet(container: string): Promise<{ net: NodeNet; evidence: Evidence[] }> {
  const evidence: Evidence[] = [];
  const links = await json<RawLink[]>(container, ['ip', '-j', '-d', 'link', 'show'], evidence);
  const addrs = await json<{ ifname: string; addr_info: { local: string; prefixlen: number }[] }[]>(
    container,
    ['ip', '-j', '-4', 'addr', 'show'],
    evidence,
  );
  const routes = await json<NodeNet['routes']>(container, ['ip', '-j', '-4', 'route', 'show'], evidence);
  const neighbours = await json<NodeNet['neighbours']>(container, ['ip', '-j', '-4', 'neigh', 'show'], evidence);
  const fdb = await json<NodeNet['fdb']>(container, ['bridge', '-j', 'fdb', 'show'], evidence);
  const net: NodeNet = {
    node: container,
    links: links.map((l) => ({
      ifname: l.ifname,
      ...(l.ifindex !== undefined ? { ifindex: l.ifindex } : {}),
      mtu: l.mtu,
      flags: l.flags,
      ...(l.address ? { address: l.address } : {}),
      ...(l.linkinfo?.info_kind === 'vxlan' ? { vxlan: { ...l.linkinfo.info_data } } : {}),
    })),
    addresses: addrs.flatMap((a) =>
      a.addr_info.map((i) => ({ ifname: a.ifname, local: i.local, prefixlen: i.prefixlen })),
    ),
    routes: routes.map((r) => ({ ...r, flags: r.flags ?? [] })),
    neighbours: neighbours.map((n) => ({ ...n, state: n.state ?? [] })),
    fdb: fdb.map((f) => ({ ...f, flags: f.flags ?? [] })),
  };
  return { net, evidence };
}

/** The far end of a node's interface in the topology's links (`["ceos01:eth5", "k01-worker:eth2"]`). */
export function topologyPeer(topologyFile: string, node: string, ifname: string): { node: string; ifname: string } {
  const doc = parse(readFileSync(topologyFile, 'utf8')) as { topology?: { links?: { endpoints?: string[] }[] } };
  for (const link of doc.topology?.links ?? []) {
    const [a, b] = link.endpoints ?? [];
    if (!a || !b) continue;
    if (a === `${node}:${ifname}` || b === `${node}:${ifname}`) {
      const [peerNode = '', peerIf = ''] = (a === `${node}:${ifname}` ? b : a).split(':');
      return { node: peerNode, ifname: peerIf };
    }
  }
  throw new LabgateError(`the topology ${topologyFile} links nothing to ${node}:${ifname}`);
}

/** The ToR's `ping repeat N ADDR` through its Cli, as text (a lost reply is for the checks, not an error). */
export async function torPing(
  container: string,
  ip: string,
  count: number,
): Promise<{ text: string; evidence: Evidence[] }> {
  const command = `ping repeat ${count} ${ip}`;
  const r = await runOnNode(container, ['Cli', '-c', command]);
  return { text: r.stdout, evidence: [commandEvidence(`Cli on ${container}: ${command}`, r)] };
}
