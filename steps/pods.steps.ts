import { Then } from '@cucumber/cucumber';
import { expect } from 'chai';
import { servicePortsAndExposure, serviceTypeAndVip } from '../support/services/checks.ts';
import {
  oneDaemonPodPerNode,
  podIpsInside,
  podsOnDistinctNodes,
  podsReady,
  podsShareNodeBlock,
} from '../support/workloads/checks.ts';
import type { LabWorld } from '../support/world.ts';

Then('every pod of {string} is Running and Ready', async function (this: LabWorld, workload: string) {
  const f = await this.report(
    podsReady(await this.session.cluster.requireWorkload(workload), await this.session.cluster.podsOf(workload)),
  );
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  'the DaemonSet {string} has one pod on each of the {int} nodes',
  async function (this: LabWorld, name: string, count: number) {
    const nodes = (await this.session.cluster.nodes()).map((n) => n.metadata?.name ?? '');
    expect(nodes, `the lab has ${count} nodes; the cluster has ${nodes.join(', ')}`).to.have.length(count);
    const f = await this.report(
      oneDaemonPodPerNode(
        await this.session.cluster.requireWorkload(name),
        await this.session.cluster.podsOf(name),
        nodes,
      ),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'the {int} pods of {string} run on different nodes',
  async function (this: LabWorld, count: number, workload: string) {
    const f = await this.report(
      podsOnDistinctNodes(
        await this.session.cluster.requireWorkload(workload),
        await this.session.cluster.podsOf(workload),
      ),
    );
    expect({ pods: f.expected, nodes: f.observed }, f.message).to.deep.equal({ pods: count, nodes: count });
  },
);

Then('every pod address is inside {cidr}', async function (this: LabWorld, cidr: string) {
  const f = await this.report(podIpsInside(await this.session.cluster.allPods(), cidr));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  'pods on the same node share one block of size {int}, and no block spans two nodes',
  async function (this: LabWorld, prefix: number) {
    const f = await this.report(podsShareNodeBlock(await this.session.cluster.allPods(), prefix));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  '{string} is a ClusterIP Service with its VIP inside {cidr}',
  async function (this: LabWorld, name: string, cidr: string) {
    this.serviceName = name;
    const f = await this.report(serviceTypeAndVip(name, await this.session.cluster.service(name), cidr));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'it exposes port {int}\\/TCP named {string} and has no external IP',
  async function (this: LabWorld, port: number, portName: string) {
    const name = this.requireServiceName();
    const f = await this.report(
      servicePortsAndExposure(name, await this.session.cluster.service(name), { port, protocol: 'TCP', portName }),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);
