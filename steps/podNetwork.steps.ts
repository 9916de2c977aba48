/** Labs 01-03: a pod's network from inside it and from its node, and traffic between pods. */
import { Given, Then, When } from '@cucumber/cucumber';
import { expect } from 'chai';
import {
  everyCaliInterfaceHasMac,
  everyNodeRoutesItsPods,
  expectedMtuFor,
  namedPod,
  need,
  nodeBlocks,
  nodeInternalIp,
  placeOf,
  readHostSide,
} from '../support/session/podNetwork.ts';
import {
  captureShowsSourcePod,
  expectedReplyTtl,
  pingAnswered,
  pingReplyTtl,
  podAddressInNodeBlock,
  podDefaultRoute,
  podEth0IsVethToNode,
  podHostRoute,
  podInterfaceMtu,
  podVethHasNoIpv4,
  podVethMac,
  podVethMtu,
  routeToRemotePodViaItsNode,
} from '../support/podnet/index.ts';
import { nodeRouteGet } from '../support/podnet/nodeReader.ts';
import { captureWhilePinging, pingFrom, podInterfaces, podRoutes } from '../support/podnet/podReader.ts';
import type { LabWorld } from '../support/world.ts';

Given('the pod {string}', async function (this: LabWorld, name: string) {
  this.pod = await namedPod(this.session, name);
});

Given('the destination is the {string} pod on the same node', async function (this: LabWorld, workload: string) {
  const source = this.requirePod();
  this.net.destination = placeOf(await this.session.traffic.podOnNode(workload, source.node));
});

Given(
  'the destination is the {string} pod on the {nodeRole} node',
  async function (this: LabWorld, workload: string, role: string) {
    this.net.destination = placeOf(await this.session.traffic.podOn(workload, role));
  },
);

When('I read its interfaces inside the pod', async function (this: LabWorld) {
  const r = await podInterfaces(this.session.kube.kc, this.requirePod());
  await this.evidence(r.evidence);
  this.net.podInterfaces = r.value;
});

When('I read its routes inside the pod', async function (this: LabWorld) {
  const r = await podRoutes(this.session.kube.kc, this.requirePod());
  await this.evidence(r.evidence);
  this.net.podRoutes = r.value;
});

Then("eth0 holds the pod's IP as a \\/32 inside a block of the pod's node", async function (this: LabWorld) {
  const pod = placeOf(this.requirePod());
  const f = await this.report(
    podAddressInNodeBlock(
      pod,
      need(this.net.podInterfaces, "the pod's interfaces"),
      await nodeBlocks(this.session, pod.node),
      [],
    ),
  );
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  "eth0's MTU is {int}, the node's uplink MTU less the overhead of the pool's encapsulation",
  async function (this: LabWorld, mtu: number) {
    const pod = placeOf(this.requirePod());
    const expected = await expectedMtuFor(this.session, pod);
    await this.evidence(expected.evidence);
    expect(expected.mtu, `The lab says ${mtu}; Calico computes ${expected.mtu} (${expected.reason}).`).to.equal(mtu);
    const f = await this.report(
      podInterfaceMtu(pod, need(this.net.podInterfaces, "the pod's interfaces"), expected, []),
    );
    expect(f.observed, f.message).to.equal(f.expected);
  },
);

Then('eth0 is paired with an interface in another network namespace', async function (this: LabWorld) {
  const f = await this.report(
    podEth0IsVethToNode(placeOf(this.requirePod()), need(this.net.podInterfaces, "the pod's interfaces"), []),
  );
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  'its default route is via {ip} on eth0, with that gateway on the link',
  async function (this: LabWorld, gateway: string) {
    const f = await this.report(
      podDefaultRoute(placeOf(this.requirePod()), need(this.net.podRoutes, "the pod's routes"), gateway, []),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Given('the network as seen from the pod and from its node', async function (this: LabWorld) {
  this.net.hostSide = await readHostSide(this.session, placeOf(this.requirePod()));
  await this.evidence(this.net.hostSide.evidence);
});

When('I read the network of the destination pod and of its node', async function (this: LabWorld) {
  this.net.hostSide = await readHostSide(this.session, need(this.net.destination, 'a destination pod'));
  await this.evidence(this.net.hostSide.evidence);
});

Then(
  "the pod's node has a \\/32 route for the pod's IP on the cali interface paired with its eth0",
  async function (this: LabWorld) {
    const h = need(this.net.hostSide, 'the network of a pod and its node');
    const f = await this.report(podHostRoute(h.pod, h.podEth0, h.nodeRoutes, h.nodeInterfaces, []));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then('that cali interface has the MAC {mac}', async function (this: LabWorld, mac: string) {
  const h = need(this.net.hostSide, 'the network of a pod and its node');
  const f = await this.report(podVethMac(h.pod, h.podEth0, h.nodeInterfaces, mac, []));
  expect(f.observed, f.message).to.equal(f.expected);
});

Then("that cali interface has the same MTU as the pod's eth0", async function (this: LabWorld) {
  const h = need(this.net.hostSide, 'the network of a pod and its node');
  const f = await this.report(podVethMtu(h.pod, h.podEth0, h.nodeInterfaces, h.podEth0?.mtu ?? Number.NaN, []));
  expect(f.observed, f.message).to.equal(f.expected);
});

Then('that cali interface has no IPv4 address', async function (this: LabWorld) {
  const h = need(this.net.hostSide, 'the network of a pod and its node');
  const f = await this.report(podVethHasNoIpv4(h.pod, h.podEth0, h.nodeInterfaces, []));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  'every node has a \\/32 route on a cali interface for each pod of the lab it runs',
  async function (this: LabWorld) {
    const f = await this.report(await everyNodeRoutesItsPods(this.session));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then('every cali interface on every node has the MAC {mac}', async function (this: LabWorld, mac: string) {
  const f = await this.report(await everyCaliInterfaceHasMac(this.session, mac));
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

When('the source pod pings the destination pod {int} times', async function (this: LabWorld, count: number) {
  const r = await pingFrom(
    this.session.kube.kc,
    this.requirePod(),
    need(this.net.destination, 'a destination pod').ip,
    count,
  );
  await this.evidence(r.evidence);
  this.net.ping = { run: r.value, sent: count };
});

Then('every echo request is answered', async function (this: LabWorld) {
  const p = need(this.net.ping, 'a ping');
  const f = await this.report(
    pingAnswered(placeOf(this.requirePod()), need(this.net.destination, 'a destination pod'), p.run, p.sent, []),
  );
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

Then(
  'every reply carries TTL {int}, {int} less one per node that routed it',
  async function (this: LabWorld, ttl: number, initial: number) {
    const [source, destination] = [placeOf(this.requirePod()), need(this.net.destination, 'a destination pod')];
    expect(
      expectedReplyTtl(source, destination, initial),
      `The lab says TTL ${ttl}; ${initial} less the nodes on the path gives ` +
        `${expectedReplyTtl(source, destination, initial)}.`,
    ).to.equal(ttl);
    const f = await this.report(pingReplyTtl(source, destination, need(this.net.ping, 'a ping').run, [], initial));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

When("I ask the source pod's node for its route to the destination pod", async function (this: LabWorld) {
  const node = this.requirePod().node;
  const r = await nodeRouteGet(node, need(this.net.destination, 'a destination pod').ip);
  await this.evidence(r.evidence);
  this.net.routeLookup = { node, value: r.value };
});

Then("the route goes via the internal address of the destination pod's node", async function (this: LabWorld) {
  const lookup = need(this.net.routeLookup, 'a route lookup');
  const destination = need(this.net.destination, 'a destination pod');
  const f = await this.report(
    routeToRemotePodViaItsNode(
      lookup.node,
      destination,
      await nodeInternalIp(this.session, destination.node),
      lookup.value,
      [],
    ),
  );
  expect(f.observed, f.message).to.deep.equal(f.expected);
});

When(
  'the destination pod captures at most {int} ICMP packets for up to {int} seconds while the source pod pings it',
  async function (this: LabWorld, packets: number, seconds: number) {
    const r = await captureWhilePinging(
      this.session.kube.kc,
      this.requirePod(),
      need(this.net.destination, 'a destination pod'),
      packets,
      seconds,
    );
    await this.evidence(r.evidence);
    this.net.capture = r.value;
  },
);

Then(
  "the capture shows echo requests from the source pod's own address and replies back to it",
  async function (this: LabWorld) {
    const f = await this.report(
      captureShowsSourcePod(
        placeOf(this.requirePod()),
        need(this.net.destination, 'a destination pod'),
        need(this.net.capture, 'a capture'),
        [],
      ),
    );
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);
