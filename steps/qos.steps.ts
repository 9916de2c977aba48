/** DSCP marking and shaping: the pods' classes, iperf3 through the router, the TOS on the wire, the router's HTB. */
import type { V1Pod } from '@kubernetes/client-node';
import { type DataTable, Then } from '@cucumber/cucumber';
import { expect } from 'chai';
import type { PodRef } from '../support/access/podExec.ts';
import { clabContainer, labTopologyFile } from '../support/fabric/readers.ts';
import {
  echoRequestsTos,
  farAboveClasses,
  htbShaping,
  podAnnotation,
  podsOnNode,
  shapedRate,
} from '../support/qos/checks.ts';
import { tcRate } from '../support/qos/htb.ts';
import { captureWhilePinging, fabricAddress, iperf3FromPod, readShaper } from '../support/qos/readers.ts';
import { readRoutes, routeVia } from '../support/qos/routes.ts';
import type { LabWorld } from '../support/world.ts';

async function podOf(world: LabWorld, name: string): Promise<{ pod: V1Pod; ref: PodRef }> {
  const pods = await world.session.cluster.podsOf(name);
  const pod = pods[0];
  if (!pod) throw new Error(`pod ${name} has no running pod`);
  const ref: PodRef = {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? name,
    container: pod.spec?.containers[0]?.name ?? '',
    node: pod.spec?.nodeName ?? '',
    ...(pod.status?.podIP ? { ip: pod.status.podIP } : {}),
  };
  return { pod, ref };
}

const host = (world: LabWorld, node: string) => clabContainer(labTopologyFile(world.target), node);

async function internalIp(world: LabWorld, role: string): Promise<string> {
  const name = await world.session.cluster.nodeForRole(role);
  const node = (await world.session.cluster.nodes()).find((n) => n.metadata?.name === name);
  const ip = node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  if (!ip) throw new Error(`node ${name} reports no InternalIP`);
  return ip;
}

Then('the pods {string} run on the {nodeRole} node', async function (this: LabWorld, names: string, role: string) {
  const node = await this.session.cluster.nodeForRole(role);
  const pods = await Promise.all(
    names.split(',').map(async (n) => ({ name: n.trim(), node: (await podOf(this, n.trim())).ref.node })),
  );
  const f = await this.report(podsOnNode(pods, node));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  'the pod {string} carries the annotation {string} with the value {string}',
  async function (this: LabWorld, name: string, key: string, value: string) {
    const { pod } = await podOf(this, name);
    const f = await this.report(podAnnotation(name, pod.metadata?.annotations ?? {}, key, value));
    expect(f.observed, f.message).to.equal(f.expected);
  },
);

Then('the pod {string} carries no annotation {string}', async function (this: LabWorld, name: string, key: string) {
  const { pod } = await podOf(this, name);
  const f = await this.report(podAnnotation(name, pod.metadata?.annotations ?? {}, key, undefined));
  expect(f.observed, f.message).to.equal(f.expected);
});

async function iperf3(world: LabWorld, podName: string, server: string, seconds: number) {
  const { ref } = await podOf(world, podName);
  const container = await host(world, server);
  const { address, evidence } = await fabricAddress(container);
  const r = await iperf3FromPod(world.session.kube.kc, ref, container, address, seconds);
  return { run: r.run, evidence: [...evidence, ...r.evidence], who: `${podName} -> ${server} (${address})` };
}

Then(
  'iperf3 from the pod {string} to {string} for {int} seconds is received at about {float} Mbit\\/s',
  async function (this: LabWorld, pod: string, server: string, seconds: number, mbit: number) {
    const { run, evidence, who } = await iperf3(this, pod, server, seconds);
    const f = await this.report(shapedRate(who, run, mbit, evidence));
    expect(f.observed, f.message).to.equal(f.expected);
  },
);

Then(
  'iperf3 from the pod {string} to {string} for {int} seconds is received far above the fastest class, ' +
    '{float} Mbit\\/s',
  async function (this: LabWorld, pod: string, server: string, seconds: number, mbit: number) {
    const { run, evidence, who } = await iperf3(this, pod, server, seconds);
    const f = await this.report(farAboveClasses(who, run, mbit, evidence));
    expect(f.observed, f.message).to.equal(f.expected);
  },
);

async function seesTos(world: LabWorld, container: string, where: string, iface: string, pod: string, dst: string) {
  const { ref } = await podOf(world, pod);
  return captureWhilePinging(world.session.kube.kc, container, iface, ref, dst, 3).then((c) => ({
    ...c,
    where: `on ${where} ${iface}`,
  }));
}

Then(
  '{string} sees tos {word} on {word} in the echo requests from the pod {string} to {string}',
  async function (this: LabWorld, node: string, tos: string, iface: string, pod: string, to: string) {
    const dst = (await fabricAddress(await host(this, to))).address;
    const c = await seesTos(this, await host(this, node), node, iface, pod, dst);
    const f = await this.report(echoRequestsTos(c.where, c.capture, dst, Number(tos), c.evidence));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'the {nodeRole} node sees tos {word} on {word} in the echo requests from the pod {string} to {string}',
  async function (this: LabWorld, role: string, tos: string, iface: string, pod: string, to: string) {
    const dst = (await fabricAddress(await host(this, to))).address;
    const node = await this.session.cluster.nodeForRole(role);
    const c = await seesTos(this, node, node, iface, pod, dst);
    const f = await this.report(echoRequestsTos(c.where, c.capture, dst, Number(tos), c.evidence));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'the {nodeRole} node sees tos {word} on {word} in the echo requests from the pod {string} ' +
    'to the InternalIP of the {nodeRole} node',
  async function (this: LabWorld, role: string, tos: string, iface: string, pod: string, toRole: string) {
    const dst = await internalIp(this, toRole);
    const node = await this.session.cluster.nodeForRole(role);
    const c = await seesTos(this, node, node, iface, pod, dst);
    const f = await this.report(echoRequestsTos(c.where, c.capture, dst, Number(tos), c.evidence));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then('{string} shapes {word} with HTB:', async function (this: LabWorld, node: string, iface: string, t: DataTable) {
  const shaper = await readShaper(await host(this, node), iface);
  const rows = t.hashes().map((r) => ({ tos: Number(r.tos), rate: tcRate(r.rate ?? ''), ceil: tcRate(r.ceil ?? '') }));
  const f = await this.report(
    htbShaping(`${node} ${iface}`, shaper.classes, shaper.filters, shaper.defaultClass, rows, shaper.evidence),
  );
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  '{string} routes the IP pool {cidr} via the InternalIP of the {nodeRole} node',
  async function (this: LabWorld, node: string, cidr: string, role: string) {
    const via = await internalIp(this, role);
    const { routes, evidence } = await readRoutes(await host(this, node), cidr);
    const f = await this.report(routeVia(node, routes, cidr, via, evidence));
    expect(f.observed, f.message).to.equal(f.expected);
  },
);
