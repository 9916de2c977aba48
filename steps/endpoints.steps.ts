import { Then } from '@cucumber/cucumber';
import { expect } from 'chai';
import { legacyEndpointsAgree, sliceRefsPointAtPods, slicesListReadyPods } from '../support/services/endpointChecks.ts';
import type { LabWorld } from '../support/world.ts';

Then(
  'the EndpointSlices of {string} list exactly the ready {string} pod IPs on port {int}',
  async function (this: LabWorld, service: string, workload: string, port: number) {
    const f = await this.report(
      slicesListReadyPods(
        service,
        workload,
        await this.session.cluster.slices(service),
        await this.session.cluster.podsOf(workload),
        port,
      ),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'the EndpointSlices of {string} list exactly the ready {string} pod IPs on ports {portList}',
  async function (this: LabWorld, service: string, workload: string, ports: string[]) {
    const f = await this.report(
      slicesListReadyPods(
        service,
        workload,
        await this.session.cluster.slices(service),
        await this.session.cluster.podsOf(workload),
        ports,
      ),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  "every endpoint of {string} points at its {string} pod and that pod's node",
  async function (this: LabWorld, service: string, workload: string) {
    const f = await this.report(
      sliceRefsPointAtPods(
        service,
        await this.session.cluster.slices(service),
        await this.session.cluster.podsOf(workload),
      ),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'the Endpoints object of {string} lists the same addresses and port as its EndpointSlices',
  async function (this: LabWorld, service: string) {
    const f = await this.report(
      legacyEndpointsAgree(
        service,
        await this.session.cluster.endpoints(service),
        await this.session.cluster.slices(service),
      ),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);
