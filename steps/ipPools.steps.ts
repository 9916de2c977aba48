/** Lab 09: several IP pools, the blocks each node takes from them, the LoadBalancer pool's block and address. */
import { Then } from '@cucumber/cucumber';
import { expect } from 'chai';
import {
  everyNodeHoldsBlockOfPool,
  loadBalancerBlocks,
  nodeBlocksFromPool,
  poolAsConfigured,
  poolNames,
  podsInsidePool,
  serviceIngressFromLoadBalancerBlock,
} from '../support/ipam/index.ts';
import { readIpam } from '../support/session/ipam.ts';
import type { LabWorld } from '../support/world.ts';

Then('Calico has exactly the IP pools {string}', async function (this: LabWorld, names: string) {
  const ipam = this.net.ipam ?? (await readIpam(this.session));
  const f = await this.report(poolNames(ipam.pools, names.split(/\s*,\s*/)));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  'the IP pool {string} is {cidr} with \\/{int} blocks and node selector {string}',
  async function (this: LabWorld, name: string, cidr: string, blockSize: number, nodeSelector: string) {
    const ipam = this.net.ipam ?? (await readIpam(this.session));
    const f = await this.report(poolAsConfigured(ipam.pools, name, { cidr, blockSize, nodeSelector }));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  /^every node holds (\d+) blocks? of the IP pool "([^"]+)" and none of another pool$/,
  async function (this: LabWorld, count: string, pool: string) {
    const ipam = this.net.ipam ?? (await readIpam(this.session));
    const f = await this.report(nodeBlocksFromPool(ipam.nodes, ipam.affinities, ipam.pools, pool, Number(count)));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then("the LoadBalancer pool's block is held by Calico's load-balancer host", async function (this: LabWorld) {
  const ipam = this.net.ipam ?? (await readIpam(this.session));
  const f = await this.report(loadBalancerBlocks(ipam.pools, ipam.affinities));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  'every pod of the namespace {string} has an address from the IP pool {string}',
  async function (this: LabWorld, namespace: string, pool: string) {
    const ipam = this.net.ipam ?? (await readIpam(this.session));
    const f = await this.report(podsInsidePool(ipam.pods, ipam.pools, pool, namespace));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  "the LoadBalancer Service {string} has an address from the load-balancer host's block",
  async function (this: LabWorld, service: string) {
    const ipam = this.net.ipam ?? (await readIpam(this.session));
    const svc = await this.session.cluster.requireService(service);
    const ingress = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '');
    const f = await this.report(serviceIngressFromLoadBalancerBlock(service, ingress, ipam.affinities));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then('every node holds a block of the IP pool {string}', async function (this: LabWorld, pool: string) {
  const ipam = this.net.ipam ?? (await readIpam(this.session));
  const f = await this.report(everyNodeHoldsBlockOfPool(ipam.nodes, ipam.affinities, ipam.pools, pool));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});
