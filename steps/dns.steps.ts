import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { expect } from 'chai';
import { endpointsHaveNoNotReady } from '../support/services/endpointChecks.ts';
import { serviceAtAddress, servicePortsAndExposure } from '../support/services/checks.ts';
import { podsCountAndLabel } from '../support/workloads/checks.ts';
import {
  corefileForwardsToNodeResolver,
  corefileServesClusterDomain,
  lookupAnswersExactly,
  lookupGetsNoAddress,
  nodeResolvConfUsesGateway,
  podResolvConfIsClusterFirst,
} from '../support/dns/checks.ts';
import { freshLookup, podResolvConf, readCorefile, runDig } from '../support/dns/lookups.ts';
import { clusterDnsAddress } from '../support/dns/names.ts';
import { parseResolvConf } from '../support/dns/resolvConf.ts';
import { finding } from '../support/floor/finding.ts';
import { dockerNetworkGateway, readNodeResolvConf } from '../support/dns/nodeResolver.ts';
import type { LabWorld } from '../support/world.ts';

Then(
  '{string} is a ClusterIP Service at the tenth address of {cidr}',
  async function (this: LabWorld, name: string, cidr: string) {
    this.serviceName = name;
    const f = await this.report(
      serviceAtAddress(
        name,
        await this.session.cluster.service(name),
        clusterDnsAddress(cidr),
        `the tenth address of ${cidr}`,
      ),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then('it exposes exactly these ports and has no external IP:', async function (this: LabWorld, table: DataTable) {
  const name = this.requireServiceName();
  const ports = table
    .hashes()
    .map((r) => ({ portName: r.name ?? '', port: Number(r.port), protocol: r.protocol ?? 'TCP' }));
  const f = await this.report(servicePortsAndExposure(name, await this.session.cluster.service(name), ports));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then('the Endpoints object of {string} has no not-ready address', async function (this: LabWorld, service: string) {
  const f = await this.report(endpointsHaveNoNotReady(service, await this.session.cluster.endpoints(service)));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  '{string} has {int} pods, each labelled {string}',
  async function (this: LabWorld, workload: string, count: number, label: string) {
    const f = await this.report(
      podsCountAndLabel(
        await this.session.cluster.requireWorkload(workload),
        await this.session.cluster.podsOf(workload),
        count,
        label,
      ),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Given('the Corefile in the ConfigMap {string}', async function (this: LabWorld, ref: string) {
  const [namespace, name] = ref.includes('/')
    ? (ref.split('/', 2) as [string, string])
    : [this.target.namespaces[0]!, ref];
  const c = await readCorefile(this.session.kube, namespace, name);
  await this.evidence(c.evidence);
  this.corefile = c;
});

Then(
  'it serves {string} from the kubernetes plugin with ttl {int}',
  async function (this: LabWorld, domain: string, ttl: number) {
    const f = await this.report(corefileServesClusterDomain(this.requireCorefile().text, domain, ttl));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then("it forwards every other name to the node's resolver", async function (this: LabWorld) {
  const f = await this.report(corefileForwardsToNodeResolver(this.requireCorefile().text));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Given('the resolv.conf of the {nodeRole} node', async function (this: LabWorld, role: string) {
  const file = await readNodeResolvConf(await this.session.cluster.nodeForRole(role));
  await this.evidence(file.evidence);
  this.nodeResolvConf = file;
});

Then(
  'its nameserver is the gateway of the Docker network {string} and it sets ndots:{int}',
  async function (this: LabWorld, network: string, ndots: number) {
    const file = this.requireNodeResolvConf();
    const { gateway, evidence } = await dockerNetworkGateway(network);
    await this.evidence(evidence);
    const f = await this.report(nodeResolvConfUsesGateway(file.text, file.node, gateway));
    expect(f.expected.ndots, `the feature's ndots:${ndots} is the one Kind sets`).to.equal(ndots);
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'its resolv.conf names the Service {string} as its nameserver, with ndots:{int} and the search list of its ' +
    "namespace in {string} followed by the node's",
  async function (this: LabWorld, service: string, ndots: number, domain: string) {
    const pod = this.requirePod();
    const podFile = await podResolvConf(this.session.kube.kc, pod);
    const nodeFile = await readNodeResolvConf(pod.node);
    await this.evidence([...podFile.evidence, ...nodeFile.evidence]);
    const dnsVip = (await this.session.cluster.requireService(service)).spec?.clusterIP ?? '';
    const f = await this.report(
      podResolvConfIsClusterFirst(podFile.stdout, {
        where: `pod ${pod.name} (${pod.namespace}) on ${pod.node}`,
        namespace: pod.namespace,
        domain,
        dnsVip,
        nodeSearch: parseResolvConf(nodeFile.text).search,
      }),
    );
    expect(f.expected.ndots, `the feature's ndots:${ndots} is the one kubelet sets`).to.equal(ndots);
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

When('it runs {string}', async function (this: LabWorld, command: string) {
  const r = await runDig(this.session.kube.kc, this.requirePod(), command);
  await this.evidence(r.evidence);
  this.dig = r.lookup;
});

Then(
  'dig gets no address for {string}, and the report says whether it was SERVFAIL or NXDOMAIN',
  async function (this: LabWorld, name: string) {
    const f = await this.report(lookupGetsNoAddress(this.requireDig(), name));
    this.log(`labgate: ${name}: ${f.observed.status}`);
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then('its answer status is {word}, as the lab shows', async function (this: LabWorld, status: string) {
  const observed = lookupGetsNoAddress(this.requireDig(), '').observed.status;
  const f = await this.report(
    finding(
      status,
      observed,
      `The lab shows ${status} for \`${this.requireDig().command}\` (what its cluster's upstream resolver ` +
        `answers); here the cluster DNS answered ${observed}. A different upstream (a machine with ` +
        `internet access answers NXDOMAIN) changes this, not the cluster.`,
    ),
  );
  expect(f.observed, f.message).to.equal(f.expected);
});

Then(
  'dig asks for {string} and gets the ClusterIP of {string} with TTL {int}',
  async function (this: LabWorld, name: string, service: string, ttl: number) {
    const vip = (await this.session.cluster.requireService(service)).spec?.clusterIP ?? '';
    const fresh = await freshLookup(this.session.kube.kc, this.requirePod(), this.requireDig(), ttl);
    await this.evidence(fresh.evidence);
    const f = await this.report(
      lookupAnswersExactly(fresh.lookup, { name, addresses: [vip], ttl, what: `the ClusterIP of ${service}` }),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);
