import { Then } from '@cucumber/cucumber';
import { expect } from 'chai';
import { kubeconfigPresent, leftoverContainers, networkPresent } from '../support/cluster/afterDestroy.ts';
import type { LabWorld } from '../support/world.ts';

Then("no Docker container carries the lab's Kind cluster label", async function (this: LabWorld) {
  const f = await this.report(await leftoverContainers(this.target.clusterName));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then('there is no Docker network named {string}', async function (this: LabWorld, name: string) {
  const f = await this.report(await networkPresent(name));
  expect(f.observed, f.message).to.equal(f.expected);
});

Then("the lab's kubeconfig file no longer exists", async function (this: LabWorld) {
  const f = await this.report(kubeconfigPresent(this.target.kubeconfigPath));
  expect(f.observed, f.message).to.equal(f.expected);
});
