/** The fabric beyond the Kind network: the containerlab topology, the ToR's own view, Calico's VXLAN on the nodes. */
import { type DataTable, Then, When } from '@cucumber/cucumber';
import { expect } from 'chai';
import {
  crossSubnetRoutes,
  echoCrossesLink,
  ownBlackholes,
  poolEncapsulation,
  topologyRunning,
  torConnectedOnly,
  torPorts,
  torSvis,
  vtepDevices,
  vxlanForwarding,
  type WireEnd,
} from '../support/fabric/checks.ts';
import { clabContainer, inspectTopology, labTopologyFile, torShow } from '../support/fabric/readers.ts';
import { captureLinkWhilePinging, linkInterface } from '../support/fabric/wire.ts';
import { overlayNodes } from '../support/session/fabric.ts';
import { need, nodeInternalIp, placeOf } from '../support/session/podNetwork.ts';
import { ipPools } from '../support/session/ipam.ts';
import type { LabWorld } from '../support/world.ts';

function topologyFile(world: LabWorld): string {
  return labTopologyFile(world.target);
}

Then('the containerlab topology runs these nodes:', async function (this: LabWorld, table: DataTable) {
  const { rows, evidence } = await inspectTopology(topologyFile(this), this.target.clusterName);
  const expected = table.hashes().map((r) => `${r.kind} ${r.node}`);
  const f = await this.report(topologyRunning(rows, expected, evidence));
  expect(f.observed, f.message).to.include.members(f.expected);
});

Then(
  'the ToR {string} shows its access ports with {string}:',
  async function (this: LabWorld, node: string, command: string, table: DataTable) {
    const { state, evidence } = await torShow(await clabContainer(topologyFile(this), node), command);
    const rows = table.hashes().map((r) => ({ port: r.port!, vlan: Number(r.vlan), status: r.status! }));
    const f = await this.report(torPorts(state, rows, evidence));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'the ToR {string} shows its layer-3 interfaces with {string}:',
  async function (this: LabWorld, node: string, command: string, table: DataTable) {
    const { state, evidence } = await torShow(await clabContainer(topologyFile(this), node), command);
    const rows = table.hashes().map((r) => ({ iface: r.interface!, address: r.address!, mtu: Number(r.mtu) }));
    const f = await this.report(torSvis(state, rows, evidence));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'the ToR {string} routes only the subnets of its own interfaces, directly connected, with no gateway of last resort',
  async function (this: LabWorld, node: string) {
    const container = await clabContainer(topologyFile(this), node);
    const routes = await torShow(container, 'show ip route');
    const ifaces = await torShow(container, 'show ip interface brief');
    const f = await this.report(torConnectedOnly(routes.state, ifaces.state, [...routes.evidence, ...ifaces.evidence]));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then('the IP pool {cidr} encapsulates with {word}', async function (this: LabWorld, cidr: string, mode: string) {
  const f = await this.report(poolEncapsulation(await ipPools(this.session), cidr, mode));
  expect(f.observed, f.message).to.equal(f.expected);
});

Then(
  "every node routes the block of each node in its own subnet via that node's InternalIP, proto 80, on-link",
  async function (this: LabWorld) {
    const { nodes, evidence } = await overlayNodes(this.session);
    await this.evidence(evidence);
    const f = await this.report(crossSubnetRoutes(nodes, 'same-subnet'));
    expect(f.observed, f.message).to.deep.equal(f.expected).and.not.be.empty;
  },
);

Then(
  "every node routes the block of each node in another subnet via that node's VTEP on vxlan.calico, on-link",
  async function (this: LabWorld) {
    const { nodes, evidence } = await overlayNodes(this.session);
    await this.evidence(evidence);
    const f = await this.report(crossSubnetRoutes(nodes, 'cross-subnet'));
    expect(f.observed, f.message).to.deep.equal(f.expected).and.not.be.empty;
  },
);

Then('every node blackholes its own block with proto 80', async function (this: LabWorld) {
  const { nodes, evidence } = await overlayNodes(this.session);
  await this.evidence(evidence);
  const f = await this.report(ownBlackholes(nodes));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  "every node's vxlan.calico has MTU {int}, VNI {int}, port {int}, no learning " +
    'and the first address of its block as a \\/32',
  async function (this: LabWorld, mtu: number, vni: number, port: number) {
    const { nodes, evidence } = await overlayNodes(this.session);
    await this.evidence(evidence);
    const f = await this.report(vtepDevices(nodes, mtu, vni, port));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  "the {nodeRole} node maps every other node's VTEP to its MAC and that MAC to its InternalIP, permanently",
  async function (this: LabWorld, role: string) {
    const name = await this.session.cluster.nodeForRole(role);
    const { nodes, evidence } = await overlayNodes(this.session);
    await this.evidence(evidence);
    const node = nodes.find((n) => n.name === name)!;
    const f = await this.report(
      vxlanForwarding(
        node,
        nodes.filter((n) => n.name !== name),
      ),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

When(
  "the source pod pings the destination pod {int} times while the ToR {string} captures its link to that pod's node",
  async function (this: LabWorld, count: number, tor: string) {
    const destination = need(this.net.destination, 'a destination pod');
    const file = topologyFile(this);
    const iface = linkInterface(file, tor, destination.node);
    const r = await captureLinkWhilePinging(
      this.session.kube.kc,
      await clabContainer(file, tor),
      iface,
      this.requirePod(),
      destination.ip,
      count,
    );
    this.net.wire = { capture: r.capture, where: `${tor}'s ${iface} to ${destination.node}`, evidence: r.evidence };
  },
);

async function wireEnds(world: LabWorld): Promise<[WireEnd, WireEnd]> {
  const [source, destination] = [placeOf(world.requirePod()), need(world.net.destination, 'a destination pod')];
  const end = async (p: typeof source) => ({
    pod: p.name,
    ip: p.ip,
    nodeIp: await nodeInternalIp(world.session, p.node),
  });
  return [await end(source), await end(destination)];
}

Then(
  "the echo requests cross that link inside VXLAN on UDP port {int}, from the source pod's node to the other's",
  async function (this: LabWorld, port: number) {
    const wire = need(this.net.wire, 'a capture on a link');
    const [source, destination] = await wireEnds(this);
    const f = await this.report(echoCrossesLink(wire.capture, source, destination, port, wire.where, wire.evidence));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then("the echo requests cross that link as sent, between the pods' addresses", async function (this: LabWorld) {
  const wire = need(this.net.wire, 'a capture on a link');
  const [source, destination] = await wireEnds(this);
  const f = await this.report(echoCrossesLink(wire.capture, source, destination, undefined, wire.where, wire.evidence));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});
