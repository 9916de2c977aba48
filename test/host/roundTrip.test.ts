/**
 * render -> real iptables (in a throwaway network namespace) -> every listing format -> parse -> explain.
 * Needs root, iproute2 and iptables (test/host-packages.sh installs them); without them it fails, saying which is missing.
 * The captured fixtures cover parsing without root in test/unit/dataplane/.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  binomialAcceptance,
  counterDeltas,
  explainNat,
  parseIptables,
  traceNewConnection,
} from '../../support/kubeproxy/index.ts';
import { planKubeProxySync } from '../../twin/proxy/rules.ts';
import type { KubeProxyNatInput } from '../../twin/proxy/rules.ts';
import { netnsUnavailableReason, prepareLoopback, sendNewConnections, withNetns } from './netns.ts';
import type { Netns } from './netns.ts';
import { listingShape } from '../unit/dataplane/listingShape.ts';
import { recording } from '../unit/dataplane/paths.ts';
import { LAB_CLUSTER_CIDR, mixedServices, nginxService } from '../unit/dataplane/scenarios.ts';

before(() => assert.equal(netnsUnavailableReason(), null));

function sync(ns: Netns, input: KubeProxyNatInput): void {
  ns.run(['iptables-restore', '--noflush'], planKubeProxySync(ns.run(['iptables-save', '-t', 'nat']), input));
}

const servicePortNameOf = (s: KubeProxyNatInput['services'][number]) =>
  s.portName ? `${s.namespace}/${s.name}:${s.portName}` : `${s.namespace}/${s.name}`;

test('rules applied twice with real iptables explain cleanly from every listing format', async () => {
  await withNetns((ns) => {
    sync(ns, mixedServices);
    sync(ns, mixedServices);
    const listings = {
      save: ns.run(['iptables-save', '-t', 'nat']),
      saveCounters: ns.run(['iptables-save', '-c', '-t', 'nat']),
      s: ns.run(['iptables', '-t', 'nat', '-S']),
      list: ns.run(['iptables', '-t', 'nat', '-L', '-n']),
      listVerbose: ns.run(['iptables', '-t', 'nat', '-L', '-n', '-v', '--line-numbers']),
    };
    for (const chain of ['PREROUTING', 'OUTPUT', 'POSTROUTING']) {
      const jumps = listings.save.split('\n').filter((line) => line.startsWith(`-A ${chain} `));
      assert.equal(jumps.length, 1, `${chain} has its kube-proxy jump once after two applies`);
    }
    for (const [format, text] of Object.entries(listings)) {
      const result = explainNat(parseIptables(text));
      assert.deepEqual(result.problems, [], format);
      for (const given of mixedServices.services.filter((s) => s.endpoints.length > 0)) {
        const view = result.services.find((s) => s.name === servicePortNameOf(given));
        assert.ok(view, `${format}: ${given.name}`);
        assert.equal(view.clusterIP, given.clusterIP);
        assert.deepEqual(
          view.endpoints.map((e) => e.address),
          given.endpoints.map((e) => `${e.ip}:${e.port}`),
        );
        assert.ok(view.chainMatchesKubeProxyHash && view.endpoints.every((e) => e.chainMatchesKubeProxyHash));
      }
    }
  });
});

test("a twin nginx-service on other addresses still lists in the lab's shape, and stale chains go away", async () => {
  const moved: KubeProxyNatInput = {
    clusterCidr: LAB_CLUSTER_CIDR,
    services: [
      {
        ...nginxService,
        clusterIP: '10.96.7.7',
        endpoints: [
          { ip: '192.168.1.10', port: 80 },
          { ip: '192.168.2.20', port: 80 },
        ],
      },
    ],
  };
  await withNetns((ns) => {
    sync(ns, mixedServices);
    sync(ns, moved);
    const result = explainNat(parseIptables(ns.run(['iptables-save', '-t', 'nat'])));
    assert.deepEqual(result.problems, [], 'no stale chains left behind');
    assert.equal(result.services.length, 1);
    const view = result.services[0]!;
    assert.deepEqual(
      view.endpoints.map((e) => e.address),
      ['192.168.1.10:80', '192.168.2.20:80'],
    );
    const listing = (chain: string) => ns.run(['iptables', '-t', 'nat', '-L', chain, '-n', '-v', '--line-numbers']);
    assert.deepEqual(listingShape(listing(view.chain)), listingShape(recording('iptables-L-KUBE-SVC.txt')));
    assert.deepEqual(
      listingShape(listing(view.endpoints[0]!.chain)),
      listingShape(recording('iptables-L-KUBE-SEP-1.txt')),
    );
    assert.deepEqual(
      listingShape(listing(view.endpoints[1]!.chain)),
      listingShape(recording('iptables-L-KUBE-SEP-2.txt')),
    );
  });
});

test('connections to the VIP are split as the trace predicts, within the binomial acceptance interval', async () => {
  const sent = 400;
  await withNetns((ns) => {
    sync(ns, mixedServices);
    const before = parseIptables(ns.run(['iptables-save', '-c', '-t', 'nat']));
    prepareLoopback(
      ns,
      nginxService.endpoints.map((e) => e.ip),
      '10.96.0.0/16',
    );
    sendNewConnections(ns, nginxService.clusterIP, nginxService.port, 'tcp', sent);
    const after = parseIptables(ns.run(['iptables-save', '-c', '-t', 'nat']));
    const deltas = counterDeltas(before, after);
    const predicted = traceNewConnection(after, {
      destination: nginxService.clusterIP,
      port: nginxService.port,
      protocol: 'tcp',
    });
    assert.equal(predicted.length, 2);
    const counts = predicted.map((outcome) => deltas.get(outcome.chain) ?? 0);
    assert.equal(counts[0]! + counts[1]!, sent);
    for (const [i, outcome] of predicted.entries()) {
      const { low, high } = binomialAcceptance(sent, outcome.share, 1e-6);
      assert.ok(
        counts[i]! >= low && counts[i]! <= high,
        `${outcome.address}: ${counts[i]} of ${sent} not in [${low}, ${high}]`,
      );
    }
  });
});
