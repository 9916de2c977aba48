import { Then, When } from '@cucumber/cucumber';
import { expect } from 'chai';
import {
  installationHasPool,
  nodeContainerCounts,
  nodesReady,
  tigeraAvailable,
  tigeraNotDegraded,
} from '../support/cluster/checks.ts';
import { getTigeraObject } from '../support/access/kubeQueries.ts';
import type { LabWorld } from '../support/world.ts';

When('I inspect the lab topology', async function (this: LabWorld) {
  this.inventory = await this.session.cluster.containers();
});

Then(
  '{int} node containers are running: {int} control-plane and {int} workers',
  async function (this: LabWorld, total: number, cp: number, workers: number) {
    const f = await this.report(
      nodeContainerCounts(this.inventory ?? (await this.session.cluster.containers()), total),
    );
    expect(f.observed, f.message).to.deep.equal({ running: total, controlPlanes: cp, workers });
  },
);

Then('the cluster has {int} nodes and every one is Ready', async function (this: LabWorld, count: number) {
  const f = await this.report(nodesReady(await this.session.cluster.nodes(), count));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then('the Calico tigerastatus {string} is Available', async function (this: LabWorld, name: string) {
  const f = await this.report(tigeraAvailable(name, await getTigeraObject(this.session.kube, 'tigerastatuses', name)));
  expect(f.observed, f.message).to.equal(f.expected);
});

Then('the Calico tigerastatus {string} is not Degraded', async function (this: LabWorld, name: string) {
  const f = await this.report(
    tigeraNotDegraded(name, await getTigeraObject(this.session.kube, 'tigerastatuses', name)),
  );
  expect(f.observed, f.message).to.equal(f.expected);
});

Then(
  'the Calico Installation {string} has the IP pool {cidr} with block size {int}',
  async function (this: LabWorld, name: string, cidr: string, blockSize: number) {
    const f = await this.report(
      installationHasPool(name, await getTigeraObject(this.session.kube, 'installations', name), { cidr, blockSize }),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);
