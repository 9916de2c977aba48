/** Steps of WireGuard encryption between nodes (lab 13): the setting, the devices, wg show, routing, captures. */
import { Then, When } from '@cucumber/cucumber';
import { expect } from 'chai';
import {
  devicesOnEveryNode,
  felixWireguardLines,
  noWireguardDevice,
  onlyEncrypted,
  podsApart,
  policyRule,
  secretsInClear,
  tunnelRoutes,
  wgShowMatchesCluster,
} from '../support/encryption/checks.ts';
import {
  captureWithTraffic,
  clusterNodes,
  felixConfigurationYaml,
  nodeDevice,
  nodeLines,
  podNode,
  wgShow,
} from '../support/encryption/readers.ts';
import { wireguardUpWithin } from '../support/encryption/waits.ts';
import type { Evidence } from '../support/floor/finding.ts';
import { settleBound } from '../support/floor/wait.ts';
import type { LabWorld } from '../support/world.ts';

const NS = 'default';
const CALICO = 'crd.projectcalico.org/v1';
/** how long a capture is repeated while nothing crosses the interface (the pods' traffic not flowing yet) */
const TRAFFIC_SETTLE_MS = 30_000;

/** the lab's grep pattern (`password|secret|Bearer`) as words */
const words = (pattern: string) => pattern.split('|').filter(Boolean);

When(
  'the lab patches the FelixConfiguration {string} with {string}',
  async function (this: LabWorld, name: string, patch: string) {
    if (!this.changes) throw new Error('this step changes the lab: tag its scenario @mutating');
    const felix = { apiVersion: CALICO, kind: 'FelixConfiguration', metadata: { name } };
    await this.changes.patch(felix, JSON.parse(patch), 'merge');
    this.log(`patched FelixConfiguration ${name} with ${patch}`);
  },
);

When(
  'WireGuard {string} is up on every node within {int} seconds',
  async function (this: LabWorld, device: string, s: number) {
    const nodes = await clusterNodes(this.session.kube);
    const up = await wireguardUpWithin(
      nodes.map((n) => n.name),
      device,
      s,
    );
    this.log(`${device} up with peers on every node after ${(up.waitedMs / 1000).toFixed(1)} s`);
  },
);

Then('the pods {string} and {string} run on different nodes', async function (this: LabWorld, a: string, b: string) {
  const k = this.session.kube;
  const f = await this.report(podsApart(a, await podNode(k, NS, a), b, await podNode(k, NS, b)));
  expect(f.observed, f.message).to.equal(f.expected);
});

Then('the FelixConfiguration {string} shows no WireGuard setting', async function (this: LabWorld, name: string) {
  const f = await this.report(felixWireguardLines(await felixConfigurationYaml(this.session.kube, name), []));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then('the FelixConfiguration {string} shows {string}', async function (this: LabWorld, name: string, line: string) {
  const f = await this.report(felixWireguardLines(await felixConfigurationYaml(this.session.kube, name), [line]));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

async function devices(world: LabWorld, device: string) {
  const nodes = await clusterNodes(world.session.kube);
  const reads = await Promise.all(nodes.map((n) => nodeDevice(n.name, device)));
  return { nodes, devices: reads.map((r) => r.value), evidence: reads.flatMap((r) => r.evidence) as Evidence[] };
}

Then('no node has the WireGuard interface {string}', async function (this: LabWorld, device: string) {
  const d = await devices(this, device);
  const f = await this.report(noWireguardDevice(device, d.devices, d.evidence));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  'within {int} seconds no node has the WireGuard interface {string}',
  async function (this: LabWorld, s: number, device: string) {
    const until = Date.now() + s * 1000;
    let d = await devices(this, device);
    while (noWireguardDevice(device, d.devices, []).observed.length > 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 1000));
      d = await devices(this, device);
    }
    const f = await this.report(noWireguardDevice(device, d.devices, d.evidence));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'every node has the WireGuard interface {string} with MTU {int} and a \\/32 from its block',
  async function (this: LabWorld, device: string, mtu: number) {
    const d = await devices(this, device);
    const f = await this.report(devicesOnEveryNode(device, mtu, d.nodes, d.devices, d.evidence));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'wg show on every node lists {string} on port {int} with fwmark {word} and one peer per other node',
  async function (this: LabWorld, device: string, port: number, fwmark: string) {
    const nodes = await clusterNodes(this.session.kube);
    const shows = await Promise.all(nodes.map((n) => wgShow(n.name)));
    const keys = new Map<string, string>();
    nodes.forEach((n, i) => {
      const own = shows[i]!.value.find((x) => x.name === device)?.publicKey;
      if (own) keys.set(own, n.name);
    });
    const failures: string[] = [];
    for (const [i, n] of nodes.entries()) {
      const r = shows[i]!;
      const others = nodes.filter((o) => o.name !== n.name);
      const want = { device, port, fwmark };
      const f = await this.report(wgShowMatchesCluster(n, others, r.value, keys, want, r.evidence));
      if (JSON.stringify(f.observed) !== JSON.stringify(f.expected)) failures.push(f.message);
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
  },
);

Then('ip rule on every node shows {int}: {string}', async function (this: LabWorld, priority: number, rule: string) {
  const nodes = await clusterNodes(this.session.kube);
  const failures: string[] = [];
  for (const n of nodes) {
    const r = await nodeLines(n.name, ['ip', 'rule']);
    const f = await this.report(policyRule(n.name, r.value, priority, rule, r.evidence));
    if (JSON.stringify(f.observed) !== JSON.stringify(f.expected)) failures.push(f.message);
  }
  expect(failures, failures.join('\n')).to.deep.equal([]);
});

Then(
  "table {int} on every node routes the other nodes' blocks into {string}",
  async function (this: LabWorld, table: number, device: string) {
    const nodes = await clusterNodes(this.session.kube);
    const failures: string[] = [];
    for (const n of nodes) {
      const r = await nodeLines(n.name, ['ip', 'route', 'show', 'table', String(table)]);
      const others = nodes.filter((o) => o.name !== n.name);
      const f = await this.report(tunnelRoutes(n.name, r.value, device, others, r.evidence));
      if (JSON.stringify(f.observed) !== JSON.stringify(f.expected)) failures.push(f.message);
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
  },
);

Then(
  'a {int}-second capture on {word} of the node of the pod {string} shows some of {string} in clear',
  async function (this: LabWorld, s: number, iface: string, pod: string, pattern: string) {
    const node = await podNode(this.session.kube, NS, pod);
    const c = await captureWithTraffic(node, iface, s, settleBound(TRAFFIC_SETTLE_MS));
    const f = await this.report(secretsInClear(`${iface} of ${node}`, c.value, words(pattern), c.evidence));
    expect(f.observed, f.message).to.equal(f.expected);
  },
);

Then(
  'a {int}-second capture on {word} of the node of the pod {string} shows only UDP {int} between nodes, ' +
    'encrypted data both ways with the node of the pod {string}, and none of {string}',
  async function (
    this: LabWorld,
    s: number,
    iface: string,
    server: string,
    port: number,
    client: string,
    pattern: string,
  ) {
    const k = this.session.kube;
    const nodes = await clusterNodes(k);
    const address = async (pod: string) => {
      const name = await podNode(k, NS, pod);
      return nodes.find((n) => n.name === name)?.address ?? name;
    };
    const serverNode = await podNode(k, NS, server);
    const pair = { client: await address(client), server: await address(server) };
    const c = await captureWithTraffic(serverNode, iface, s, settleBound(TRAFFIC_SETTLE_MS));
    const f = await this.report(
      onlyEncrypted(`${iface} of ${serverNode}`, c.value, nodes, port, pair, words(pattern), c.evidence),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);
