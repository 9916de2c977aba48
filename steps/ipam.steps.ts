/** Lab 01 (and the block checks of labs 02-03): Calico IPAM from the cluster's pools, block affinities and pods. */
import { Given, Then } from '@cucumber/cucumber';
import { expect } from 'chai';
import {
  blocksAreBlocksOfPool,
  blocksConfirmed,
  cidrSize,
  everyNodeHasBlock,
  ipamPoolPicture,
  noBlockShared,
  podsInsideTheirNodeBlocks,
  renderIpamPicture,
} from '../support/ipam/index.ts';
import { readIpam } from '../support/session/ipam.ts';
import { need } from '../support/session/podNetwork.ts';
import { textEvidence } from '../support/floor/finding.ts';
import type { LabWorld } from '../support/world.ts';

Given(
  "the IPAM picture computed from the cluster's IP pools, block affinities, pods and nodes",
  async function (this: LabWorld) {
    this.net.ipam = await readIpam(this.session);
    await this.evidence(this.net.ipam.evidence);
  },
);

Then(
  'the IP pool {cidr} holds {int} addresses, and every address in use lies inside it',
  async function (this: LabWorld, cidr: string, total: number) {
    expect(
      cidrSize(cidr),
      `The lab says ${cidr} holds ${total} addresses; a /${cidr.split('/')[1]} holds ${cidrSize(cidr)}.`,
    ).to.equal(total);
    const f = await this.report(ipamPoolPicture(cidr, need(this.net.ipam, 'the IPAM picture').picture));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then('the IPAM picture is attached to the report', async function (this: LabWorld) {
  const picture = need(this.net.ipam, 'the IPAM picture').picture;
  await this.evidence([
    textEvidence('IPAM picture (as calicoctl ipam show --show-blocks lays it out)', renderIpamPicture(picture)),
  ]);
  expect(picture.pools, 'the cluster has no IP pool to picture').to.not.be.empty;
});

Then('every node has exactly one block affinity', async function (this: LabWorld) {
  const ipam = this.net.ipam ?? (await readIpam(this.session));
  const f = await this.report(everyNodeHasBlock(ipam.nodes, ipam.affinities, { exactlyOne: true }));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  "every block affinity's block is a \\/{int} on a block boundary inside the IP pool {cidr}",
  async function (this: LabWorld, prefix: number, cidr: string) {
    const ipam = this.net.ipam ?? (await readIpam(this.session));
    const pools = ipam.pools.filter((p) => p.cidr === cidr);
    expect(
      pools.map((p) => `${p.cidr} /${p.blockSize}`),
      `The lab's pool is ${cidr} with /${prefix} blocks; Calico has ` +
        `${ipam.pools.map((p) => `${p.cidr} /${p.blockSize}`).join(', ') || 'no pool'}.`,
    ).to.deep.equal([`${cidr} /${prefix}`]);
    const f = await this.report(blocksAreBlocksOfPool(ipam.affinities, pools));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then('every block affinity is confirmed and not marked deleted', async function (this: LabWorld) {
  const ipam = this.net.ipam ?? (await readIpam(this.session));
  const f = await this.report(blocksConfirmed(ipam.affinities));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then("no block belongs to two nodes, and no two nodes' blocks overlap", async function (this: LabWorld) {
  const ipam = this.net.ipam ?? (await readIpam(this.session));
  const f = await this.report(noBlockShared(ipam.affinities));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then('every pod on the pod network has an address from a block of its own node', async function (this: LabWorld) {
  const ipam = this.net.ipam ?? (await readIpam(this.session));
  const f = await this.report(podsInsideTheirNodeBlocks(ipam.pods, ipam.affinities));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});
