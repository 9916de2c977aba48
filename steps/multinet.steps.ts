/** Secondary networks (Multus): the definition, pods' net1, their routes, the node's parent, the ToR's view. */
import { type DataTable, Then, When } from '@cucumber/cucumber';
import { expect } from 'chai';
import { clabContainer, labTopologyFile, topologyPeer, torPing, torShow } from '../support/fabric/readers.ts';
import {
  addressOn,
  type AttachedPod,
  hasAddressOn,
  definitionIs,
  distinctAddresses,
  holdsFirstAddress,
  macOn,
  parentsUp,
  podAttached,
  podRoutesSplit,
  routersBetween,
  subnetPing,
  torArpEntry,
  torLearnedMac,
} from '../support/multinet/checks.ts';
import { onSubnet } from '../support/multinet/model.ts';
import {
  delegatingConfig,
  firstConfig,
  listDir,
  pluginOnEveryNode,
  readNodeFile,
} from '../support/multinet/cniFiles.ts';
import { LINUX_INITIAL_TTL } from '../support/podnet/checks/ttl.ts';
import { parsePing } from '../support/podnet/ping.ts';
import { pingFrom } from '../support/podnet/podReader.ts';
import {
  attachedPod,
  attachmentNamed,
  firstNetworkOf,
  nodeLink,
  nodesLinks,
  podsAttachedTo,
  workloadPodOn,
  workloadPods,
} from '../support/session/multinet.ts';
import { need } from '../support/session/podNetwork.ts';
import type { Evidence } from '../support/floor/finding.ts';
import type { LabWorld } from '../support/world.ts';

Then("every node's interface {string} is UP", async function (this: LabWorld, ifname: string) {
  const { nodes, evidence } = await nodesLinks(this.session);
  const f = await this.report(parentsUp(nodes, ifname, evidence));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  'the NetworkAttachmentDefinition {string} configures:',
  async function (this: LabWorld, name: string, table: DataTable) {
    const { attachment, evidence } = await attachmentNamed(this.session, name);
    const f = await this.report(definitionIs(attachment, table.hashes()[0]!, evidence));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

/** Asserts the pod has an address on the interface (a Finding, so a missing one fails as the lab's promise). */
async function requireAddress(
  world: LabWorld,
  pod: AttachedPod,
  ifname: string,
  evidence: Evidence[],
): Promise<string> {
  const f = await world.report(hasAddressOn(pod, ifname, evidence));
  expect(f.observed, f.message).to.equal(f.expected);
  return addressOn(pod, ifname)!.ip;
}

async function everyPodAttached(world: LabWorld, workload: string, ifname: string, network: string): Promise<void> {
  const { attachment, evidence } = await attachmentNamed(world.session, network);
  await world.evidence(evidence);
  for (const p of await workloadPods(world.session, workload)) {
    const r = await attachedPod(world.session, p);
    const node = await nodeLink(r.pod.node, attachment.master ?? '');
    const f = await world.report(
      podAttached(r.pod, attachment, ifname, node.parent, [...r.evidence, ...node.evidence]),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  }
}

Then(
  'the pod {string} has eth0 on the pod network and a macvlan {word} from {string} with a MAC of its own',
  async function (this: LabWorld, pod: string, ifname: string, network: string) {
    await everyPodAttached(this, pod, ifname, network);
  },
);

Then(
  'every pod of {string} has eth0 on the pod network and a macvlan {word} from {string} with a MAC of its own',
  async function (this: LabWorld, workload: string, ifname: string, network: string) {
    await everyPodAttached(this, workload, ifname, network);
  },
);

Then(
  'the pod {string} holds the first address of the range of {string} on {word}',
  async function (this: LabWorld, pod: string, network: string, ifname: string) {
    const { attachment, evidence } = await attachmentNamed(this.session, network);
    const r = await attachedPod(this.session, (await workloadPods(this.session, pod))[0]!);
    const f = await this.report(holdsFirstAddress(r.pod, attachment, ifname, [...evidence, ...r.evidence]));
    expect(f.observed, f.message).to.equal(f.expected);
  },
);

Then(
  'no two pods attached to {string} share a {word} address',
  async function (this: LabWorld, network: string, ifname: string) {
    const { attachment, evidence } = await attachmentNamed(this.session, network);
    const read = await Promise.all(
      (await podsAttachedTo(this.session, attachment)).map((p) => attachedPod(this.session, p)),
    );
    const f = await this.report(
      distinctAddresses(
        read.map((r) => r.pod),
        attachment,
        ifname,
        [...evidence, ...read.flatMap((r) => r.evidence)],
      ),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
    expect(read.length, `no pod is attached to ${network}`).to.be.greaterThan(1);
  },
);

Then(
  'the pod {string} routes by default on eth0 and the subnet of {string} on {word}',
  async function (this: LabWorld, pod: string, network: string, ifname: string) {
    const { attachment, evidence } = await attachmentNamed(this.session, network);
    const r = await attachedPod(this.session, (await workloadPods(this.session, pod))[0]!);
    const f = await this.report(podRoutesSplit(r.pod, r.routes, attachment, ifname, [...evidence, ...r.evidence]));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

When(
  'the ToR {string} pings the {word} address of the pod {string} {int} times',
  async function (this: LabWorld, tor: string, ifname: string, pod: string, count: number) {
    const target = (await workloadPods(this.session, pod))[0]!;
    const r = await attachedPod(this.session, target);
    const attachment = await firstNetworkOf(this.session, target);
    const toIp = await requireAddress(this, r.pod, ifname, r.evidence);
    const container = await clabContainer(labTopologyFile(this.target), tor);
    const svis = await torShow(container, 'show ip interface brief');
    const fromIp =
      svis.state.interfaces
        .flatMap((i) => i.addresses.map((a) => a.split('/')[0]!))
        .find((a) => onSubnet(attachment, a)) ?? 'none';
    const ping = await torPing(container, toIp, count);
    await this.evidence([...r.evidence, ...svis.evidence, ...ping.evidence]);
    this.net.subnetPing = {
      from: `the ToR ${tor} (${fromIp})`,
      to: `pod ${pod}'s ${ifname} (${toIp})`,
      fromIp,
      toIp,
      attachment,
      run: parsePing(ping.text).value,
      sent: count,
    };
  },
);

When(
  'the pod {string} pings the gateway of {string} from {word} {int} times',
  async function (this: LabWorld, pod: string, network: string, ifname: string, count: number) {
    const { attachment } = await attachmentNamed(this.session, network);
    const r = await attachedPod(this.session, (await workloadPods(this.session, pod))[0]!);
    const gateway = need(attachment.ipam.gateway, `a gateway in ${network}`);
    const fromIp = await requireAddress(this, r.pod, ifname, r.evidence);
    const ping = await pingFrom(this.session.kube.kc, r.pod, gateway, count);
    await this.evidence([...r.evidence, ...ping.evidence]);
    this.net.subnetPing = {
      from: `pod ${pod} (${fromIp})`,
      to: `the gateway ${gateway}`,
      fromIp,
      toIp: gateway,
      attachment,
      run: ping.value,
      sent: count,
    };
  },
);

When(
  'the pod of {string} on the {nodeRole} node pings the {word} address of its pod on the {nodeRole} node {int} times',
  async function (this: LabWorld, workload: string, fromRole: string, ifname: string, toRole: string, count: number) {
    const source = await attachedPod(this.session, await workloadPodOn(this.session, workload, fromRole));
    const dest = await attachedPod(this.session, await workloadPodOn(this.session, workload, toRole));
    const attachment = await firstNetworkOf(this.session, (await workloadPods(this.session, workload))[0]!);
    const fromIp = await requireAddress(this, source.pod, ifname, source.evidence);
    const toIp = await requireAddress(this, dest.pod, ifname, dest.evidence);
    const ping = await pingFrom(this.session.kube.kc, source.pod, toIp, count);
    await this.evidence([...source.evidence, ...dest.evidence, ...ping.evidence]);
    this.net.subnetPing = {
      from: `pod ${source.pod.name} on ${source.pod.node} (${fromIp})`,
      to: `pod ${dest.pod.name} on ${dest.pod.node} (${toIp})`,
      fromIp,
      toIp,
      attachment,
      run: ping.value,
      sent: count,
    };
  },
);

Then(
  'every echo request is answered with TTL {int}, {int} less one per router between them',
  async function (this: LabWorld, ttl: number, initial: number) {
    const p = need(this.net.subnetPing, 'a ping on the secondary network');
    const routers = routersBetween(p.attachment, p.fromIp, p.toIp);
    expect(
      initial - routers,
      `The lab says TTL ${ttl}; ${initial} less ${routers} router(s) gives ${initial - routers}.`,
    ).to.equal(ttl);
    const f = await this.report(subnetPing(p.from, p.to, p.run, p.sent, initial ?? LINUX_INITIAL_TTL, routers, []));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'the ToR {string} shows with {string} the {word} MAC of the pod {string} in VLAN {int} ' +
    "on the port linked to its node's {string}",
  async function (
    this: LabWorld,
    tor: string,
    command: string,
    ifname: string,
    pod: string,
    vlan: number,
    parent: string,
  ) {
    const r = await attachedPod(this.session, (await workloadPods(this.session, pod))[0]!);
    await requireAddress(this, r.pod, ifname, r.evidence);
    const mac = macOn(r.pod, ifname)!;
    const file = labTopologyFile(this.target);
    const peer = topologyPeer(file, r.pod.node, parent);
    const shown = await torShow(await clabContainer(file, tor), command);
    const port = peer.ifname.replace(/^eth/, 'Ethernet');
    const f = await this.report(torLearnedMac(shown.state, vlan, mac, port, pod, [...r.evidence, ...shown.evidence]));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'the ToR {string} shows with {string} the {word} address of the pod {string} at its MAC on {string}',
  async function (this: LabWorld, tor: string, command: string, ifname: string, pod: string, svi: string) {
    const r = await attachedPod(this.session, (await workloadPods(this.session, pod))[0]!);
    const ip = await requireAddress(this, r.pod, ifname, r.evidence);
    const mac = macOn(r.pod, ifname)!;
    const shown = await torShow(await clabContainer(labTopologyFile(this.target), tor), command);
    const f = await this.report(torArpEntry(shown.state, ip, mac, svi, pod, [...r.evidence, ...shown.evidence]));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  "the {nodeRole} node's first CNI config in {string} is {string}",
  async function (this: LabWorld, role: string, dir: string, file: string) {
    const node = await this.session.cluster.nodeForRole(role);
    const { entries, evidence } = await listDir(node, dir);
    const f = await this.report(firstConfig(node, dir, entries, file, evidence));
    expect(f.observed, f.message).to.equal(f.expected);
  },
);

Then(
  "the {nodeRole} node's CNI config {string} is of type {string}, its first delegate {string} " +
    'with {string} IPAM, chained with {string}',
  async function (
    this: LabWorld,
    role: string,
    path: string,
    type: string,
    primary: string,
    ipam: string,
    chained: string,
  ) {
    const node = await this.session.cluster.nodeForRole(role);
    const { text, evidence } = await readNodeFile(node, path);
    const f = await this.report(delegatingConfig(node, path, text, { type, primary, ipam, chained }, evidence));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'every node has the CNI plugin {string} in {string}',
  async function (this: LabWorld, plugin: string, dir: string) {
    const names = (await this.session.cluster.nodes()).map((n) => n.metadata?.name ?? '');
    const listings = await Promise.all(names.map(async (node) => ({ node, ...(await listDir(node, dir)) })));
    const f = await this.report(
      pluginOnEveryNode(
        listings,
        dir,
        plugin,
        listings.flatMap((l) => l.evidence),
      ),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);
