/**
 * The twin reads a lab's containerlab topology beside its Kind config: real course topologies (labs 04, 06, 07, 18,
 * 21, 23), their nodes and links marked against the Kind cluster, and one-line errors for fields it cannot read.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { LabgateError } from '../../../support/floor/errors.ts';
import { kindNodeNames, loadLab, REPO_ROOT, type NodeRole } from '../../../support/lab/catalog.ts';
import { loadManifests, makePlan } from '../../../twin/plan.ts';
import {
  assertTwinCanBuild,
  beyondKind,
  leaveOut,
  parseTopology,
  planTopology,
  readTopology,
} from '../../../twin/topology/index.ts';

const COURSE = resolve(REPO_ROOT, '..', 'shared', 'course');

/** The course lab's topology planned against its own Kind config (its startup-config). */
function courseTopology(lab: string) {
  const file = join(COURSE, lab, 'topology.clab.yaml');
  const topology = readTopology(file, `${lab}/topology.clab.yaml`);
  const cluster = topology.nodes.find((n) => n.kind === 'k8s-kind')!;
  const kind = parse(readFileSync(join(COURSE, lab, cluster.startupConfig!), 'utf8')) as {
    name: string;
    nodes: { role: NodeRole }[];
  };
  const names = kindNodeNames(
    kind.name,
    kind.nodes.map((n) => n.role),
  ).map((n) => n.name);
  return planTopology(topology, kind.name, names);
}

const byName = (t: ReturnType<typeof courseTopology>, name: string) => t.nodes.find((n) => n.name === name)!;

test("lab 06: an Arista ToR and four Kind nodes on two subnets, each Kind node keeping Kind's name", () => {
  const t = courseTopology('06-calico-overlay');
  assert.equal(t.name, 'calico-overlay');
  assert.deepEqual(t.mgmt, { network: 'clab', ipv4Subnet: '172.20.20.0/24' });
  assert.deepEqual(
    t.nodes.map((n) => [n.name, n.kind, n.role]),
    [
      ['ceos01', 'arista_ceos', 'extra'],
      ['k01', 'k8s-kind', 'kind-cluster'],
      ['k01-control-plane', 'ext-container', 'kind-node'],
      ['k01-worker', 'ext-container', 'kind-node'],
      ['k01-worker2', 'ext-container', 'kind-node'],
      ['k01-worker3', 'ext-container', 'kind-node'],
    ],
  );
  const ceos = byName(t, 'ceos01');
  assert.deepEqual([ceos.image, ceos.startupConfig], ['ceos:4.34.0F', 'startup-configs/ceos01-startup-config.config']);
  assert.deepEqual(ceos.interfaces, [
    'eth1 -> k01-control-plane:eth1',
    'eth2 -> k01-worker:eth1',
    'eth3 -> k01-worker2:eth1',
    'eth4 -> k01-worker3:eth1',
  ]);
  assert.deepEqual(byName(t, 'k01-worker3').exec, [
    'ip addr add dev eth1 10.10.20.20/24',
    'ip route add 10.10.10.0/24 via 10.10.20.1',
  ]);
  assert.deepEqual(t.links[3], { a: { node: 'ceos01', iface: 'eth4' }, b: { node: 'k01-worker3', iface: 'eth1' } });
});

test('labs 07 and 18: the same ToR shape; 18 has a fourth node on another subnet', () => {
  const bgp = courseTopology('07-calico-bgp');
  assert.equal(bgp.links.length, 3);
  assert.deepEqual(
    bgp.nodes.filter((n) => n.role === 'kind-node').map((n) => n.name),
    ['k01-control-plane', 'k01-worker', 'k01-worker2'],
  );
  assert.deepEqual(byName(bgp, 'k01-worker2').exec, ['ip addr add dev eth1 10.10.10.12/24']);
  const mtu = courseTopology('18-mtu');
  assert.equal(mtu.name, 'mtu-lab');
  assert.deepEqual(byName(mtu, 'k01-worker3').interfaces, ['eth1 -> ceos01:eth4']);
});

test('lab 21: two links per Kind node (VLAN 10 and VLAN 20 for macvlan)', () => {
  const t = courseTopology('21-macvlan');
  assert.equal(t.links.length, 6);
  assert.deepEqual(byName(t, 'k01-worker').interfaces, ['eth1 -> ceos01:eth2', 'eth2 -> ceos01:eth5']);
});

test('lab 23: a Linux router and a Linux client, with their exec lines, no ToR', () => {
  const t = courseTopology('23-calico-dscp');
  const router = byName(t, 'router');
  assert.deepEqual([router.kind, router.role, router.image], ['linux', 'extra', 'nicolaka/netshoot:latest']);
  assert.equal(router.exec[0], 'ip link add name br-cluster type bridge');
  assert.ok(router.exec.includes('tc qdisc add dev eth3 root handle 1: htb default 30'));
  assert.deepEqual(router.interfaces, [
    'eth1 -> k01-control-plane:eth1',
    'eth2 -> k01-worker:eth1',
    'eth3 -> client:eth1',
  ]);
  assert.deepEqual(byName(t, 'client').interfaces, ['eth1 -> router:eth3']);
  // Kind nodes' links and exec lines and Linux nodes are built (twin/topology/build.ts, linux.ts)
  assert.deepEqual(beyondKind(t), []);
});

test('a gated lab (04): one k8s-kind node, nothing beyond Kind, and its plan carries the topology', () => {
  const lab = loadLab('04-k8s-services');
  const plan = makePlan(lab, loadManifests(lab.manifestsDir));
  assert.deepEqual(
    plan.topology?.nodes.map((n) => [n.name, n.kind, n.role, n.startupConfig]),
    [['k8-services', 'k8s-kind', 'kind-cluster', 'k8-services-no-cni.yaml']],
  );
  assert.deepEqual(beyondKind(plan.topology!), []);
  assert.doesNotThrow(() => assertTwinCanBuild(lab.name, plan.topology));
});

test('twin up of a topology with nodes beyond Kind stops with one line naming them', () => {
  const t = courseTopology('07-calico-bgp');
  // the ToR is built, but not the BGP of its startup config
  const named =
    'the twin of 07-calico-bgp cannot build these nodes of 07-calico-bgp/topology.clab.yaml yet: ' +
    "ceos01 (arista_ceos: its startup-config's router bgp 65001)";
  assert.throws(
    () => assertTwinCanBuild('07-calico-bgp', t),
    (err: unknown) => err instanceof LabgateError && !err.oneLine().includes('\n') && err.message === named,
  );
});

test("lab 09's descriptor leaves the ToR out: its links and the exec lines that configure them go, Kind stays", () => {
  const lab = loadLab('09-multi-ippool');
  assert.deepEqual(
    lab.twin?.without?.map((w) => w.node),
    ['ceos01'],
  );
  // without the descriptor's word the twin stops, naming the ToR and the Kind nodes' eth1 links and exec lines
  assert.throws(() => assertTwinCanBuild(lab.name, courseTopology('09-multi-ippool')), /ceos01 \(arista_ceos/);
  const plan = makePlan(lab, loadManifests(lab.manifestsDir));
  assert.deepEqual(
    plan.topology?.nodes.map((n) => [n.name, n.role, n.exec.length, n.interfaces.length]),
    [
      ['k01', 'kind-cluster', 0, 0],
      ['k01-control-plane', 'kind-node', 0, 0],
      ['k01-worker', 'kind-node', 0, 0],
      ['k01-worker2', 'kind-node', 0, 0],
    ],
  );
  assert.deepEqual(plan.topology?.links, []);
  assert.doesNotThrow(() => assertTwinCanBuild(lab.name, plan.topology));
  // an exec line that configures another interface stays; a node the topology lacks is a one-line error
  const raw = readTopology(join(COURSE, '09-multi-ippool', 'topology.clab.yaml'), '09/topology.clab.yaml');
  const withEth2 = {
    ...raw,
    nodes: raw.nodes.map((n) => (n.name === 'k01-worker' ? { ...n, exec: [...n.exec, 'ip link set eth2 up'] } : n)),
  };
  assert.deepEqual(leaveOut(withEth2, ['ceos01']).nodes.find((n) => n.name === 'k01-worker')!.exec, [
    'ip link set eth2 up',
  ]);
  assert.throws(
    () => leaveOut(raw, ['tor9']),
    (err: unknown) =>
      err instanceof LabgateError && /leaves out node tor9, which the topology does not have/.test(err.message),
  );
});

/** A one-line LabgateError naming the file and the field. */
function fieldError(field: string, problem: RegExp) {
  return (err: unknown) =>
    err instanceof LabgateError &&
    !err.oneLine().includes('\n') &&
    err.message.startsWith(`t.clab.yaml: field ${field}: `) &&
    problem.test(err.message);
}

test('a topology the twin cannot read is a one-line error naming the file and the field', () => {
  const top = (nodes: string, links = '') =>
    `name: t\ntopology:\n  nodes:\n${nodes}${links ? `  links:\n${links}` : ''}`;
  const kindNode = '    k:\n      kind: k8s-kind\n';
  const cases: [string, string, RegExp][] = [
    [
      top('    r:\n      kind: juniper_crpd\n      image: x\n'),
      'topology.nodes.r.kind',
      /"juniper_crpd" is not a kind the twin reads/,
    ],
    [top('    r:\n      kind: linux\n'), 'topology.nodes.r.image', /a linux node needs an image/],
    [
      top('    r:\n      kind: linux\n      image: x\n      exec: ip link\n'),
      'topology.nodes.r.exec',
      /list of strings/,
    ],
    [
      top('    r:\n      kind: linux\n      image: x\n      exec: [3]\n'),
      'topology.nodes.r.exec[0]',
      /non-empty string/,
    ],
    [
      top('    r:\n      kind: linux\n      image: x\n      ports: [80]\n'),
      'topology.nodes.r.ports',
      /not a node field/,
    ],
    [top(kindNode, '    - endpoints: ["k:eth1"]\n'), 'topology.links[0].endpoints', /two endpoints; it has 1/],
    [
      top(kindNode, '    - endpoints: ["k:eth1", "x:eth1"]\n'),
      'topology.links[0].endpoints[1]',
      /"x:eth1" names no node/,
    ],
    [
      top(kindNode, '    - endpoints: ["k:eth1", "k"]\n'),
      'topology.links[0].endpoints[1]',
      /"k" is not an endpoint node:iface/,
    ],
    [
      top(
        `${kindNode}    h:\n      kind: linux\n      image: x\n`,
        '    - endpoints: ["k:eth1", "h:eth1"]\n    - endpoints: ["h:eth1", "k:eth2"]\n',
      ),
      'topology.links[1].endpoints',
      /h:eth1 is the endpoint of another link too/,
    ],
    ['name: t\ntopology:\n  nodes: {}\n', 'topology.nodes', /has no node/],
    ['name: t\n', 'topology', /must be a mapping/],
    [
      `name: t\ntopology:\n  kinds:\n    linux: {image: x}\n  nodes:\n${kindNode}`,
      'topology.kinds',
      /not read by the twin yet/,
    ],
    [`name: t\nmgmt:\n  network: 3\ntopology:\n  nodes:\n${kindNode}`, 'mgmt.network', /non-empty string/],
  ];
  for (const [text, field, problem] of cases)
    assert.throws(() => parseTopology(text, 't.clab.yaml'), fieldError(field, problem), field);
  assert.throws(() => parseTopology('name: [\n', 't.clab.yaml'), /^LabgateError: t\.clab\.yaml: not valid YAML/);
  const other = parseTopology(top(kindNode), 't.clab.yaml');
  assert.throws(
    () => planTopology(other, 'k01', []),
    (err: unknown) =>
      err instanceof LabgateError &&
      err.message ===
        "t.clab.yaml: field topology.nodes: no k8s-kind node named k01, the lab's Kind cluster (k8s-kind nodes: k)",
  );
  assert.deepEqual(
    parseTopology(
      `name: t\nmgmt:\n  network: lab-mgmt\n  ipv4-subnet: 10.0.0.0/24\ntopology:\n  nodes:\n${kindNode}`,
      't',
    ).mgmt,
    { network: 'lab-mgmt', ipv4Subnet: '10.0.0.0/24' },
  );
});
