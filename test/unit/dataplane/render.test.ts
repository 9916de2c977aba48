import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KUBE_PROXY_BOOTSTRAP_JUMPS,
  kubeProxyChainNames,
  planKubeProxySync,
  renderKubeProxyCleanup,
  renderKubeProxyNat,
} from '../../../twin/proxy/rules.ts';
import { explainNat, parseIptables } from '../../../support/kubeproxy/index.ts';
import type { NatTable } from '../../../support/kubeproxy/index.ts';
import { LabgateError } from '../../../support/floor/errors.ts';
import { fixture, recording } from './paths.ts';
import { LAB_CLUSTER_CIDR, mixedServices, nginxService } from './scenarios.ts';
import { listingShape } from './listingShape.ts';

const nginxOnly = { clusterCidr: LAB_CLUSTER_CIDR, services: [nginxService] };

test("the rendered KUBE-SERVICES rule for nginx-service is, character for character, the lab's recorded -S line", () => {
  const recorded = recording('iptables-S-KUBE-SERVICES.txt').trim();
  const rendered = renderKubeProxyNat(nginxOnly)
    .split('\n')
    .filter((line) => line.includes('nginx-service:http cluster IP'));
  assert.equal(rendered[0], recorded);
});

test("the twin's nginx-service chains, listed by real iptables, have the shape of the lab's recordings line for line", () => {
  const pairs = [
    ['iptables-L-KUBE-SVC.txt', 'twin-L-KUBE-SVC-6IM33IEVEEV7U3GP.txt'],
    ['iptables-L-KUBE-SEP-1.txt', 'twin-L-KUBE-SEP-M6MI3YLHVX7DA53R.txt'],
    ['iptables-L-KUBE-SEP-2.txt', 'twin-L-KUBE-SEP-MJ46KNWYZBDUIDMY.txt'],
  ];
  for (const [lab, twin] of pairs) {
    const labShape = listingShape(recording(lab!));
    assert.ok(labShape.length >= 4, lab);
    assert.deepEqual(listingShape(fixture(twin!)), labShape, `${twin} vs ${lab}`);
  }
});

test('the shape normaliser lets addresses and hashes differ but nothing else', () => {
  const lab = recording('iptables-L-KUBE-SVC.txt');
  const moved = lab.replaceAll('192.168.156.5', '10.1.2.3').replaceAll('M6MI3YLHVX7DA53R', 'ABCDEFGHIJKLMNOP');
  assert.deepEqual(listingShape(moved), listingShape(lab));
  for (const broken of [
    lab.replace('probability 0.50000000000', 'probability 0.25000000000'),
    lab.replace('/* default/nginx-service:http cluster IP */', '/* default/nginx-service:http */'),
    lab.replace('KUBE-MARK-MASQ', 'ACCEPT'),
    lab.replace('!192.168.0.0/16', '192.168.0.0/16'),
  ]) {
    assert.notDeepEqual(listingShape(broken), listingShape(lab));
  }
});

function meaning(table: NatTable, skipBuiltIns: boolean): string[] {
  const out: string[] = [];
  for (const chain of [...table.chains.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    if (skipBuiltIns && !chain.name.startsWith('KUBE-')) continue;
    out.push(`:${chain.name}`);
    for (const r of chain.rules) {
      const probability = r.probability === undefined ? '' : r.probability.toFixed(6);
      out.push(
        [
          r.position,
          r.target,
          r.protocol,
          r.source?.negated,
          r.source?.cidr,
          r.destination?.cidr,
          r.comment,
          r.dport,
          probability,
          r.dnatTo,
          r.dstType,
        ].join('|'),
      );
    }
  }
  return out;
}

test('the captured fixtures are what the current renderer installs (recapture after changing the renderer)', () => {
  const rendered = parseIptables(renderKubeProxyNat(mixedServices));
  const installed = parseIptables(fixture('twin-save.txt'));
  assert.deepEqual(meaning(installed, true), meaning(rendered, true));
  const bootstrapLines = fixture('twin-save.txt')
    .split('\n')
    .filter((line) => /^-A (PREROUTING|OUTPUT|POSTROUTING) /.test(line));
  const renderedBootstrap = renderKubeProxyNat(mixedServices, { bootstrap: true })
    .split('\n')
    .filter((line) => /^-A (PREROUTING|OUTPUT|POSTROUTING) /.test(line));
  assert.deepEqual(bootstrapLines, renderedBootstrap);
});

test('rendered text: kube-proxy comments, probabilities and chain declarations', () => {
  const text = renderKubeProxyNat(mixedServices);
  const lines = text.split('\n');
  assert.equal(lines[0], '*nat');
  assert.equal(lines.at(-2), 'COMMIT');
  // every chain a rule uses or lives in is declared, so iptables-restore --noflush flushes it on re-apply
  const declared = new Set(lines.filter((l) => l.startsWith(':')).map((l) => /^:(\S+) - \[0:0\]$/.exec(l)![1]));
  for (const line of lines.filter((l) => l.startsWith('-A '))) {
    assert.ok(declared.has(line.split(' ')[1]), line);
    const jump = / -j (KUBE-\S+)/.exec(line)?.[1];
    if (jump) assert.ok(declared.has(jump), `${line} jumps to an undeclared chain`);
  }
  assert.deepEqual(new Set(kubeProxyChainNames(mixedServices)), declared);
  assert.ok(!lines.some((l) => /^-A (PREROUTING|OUTPUT|POSTROUTING) /.test(l)), 'built-in jumps only on bootstrap');
  assert.ok(lines.includes('-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000'));
  assert.ok(
    lines.includes(
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ),
  );
  assert.match(
    lines.filter((l) => l.startsWith('-A KUBE-SERVICES')).at(-1)!,
    /nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS$/,
  );
  // three endpoints: 1/3 then 1/2 then none
  const multitool = lines.filter((l) => l.startsWith('-A KUBE-SVC-') && l.includes('multitool-1-service:http ->'));
  assert.deepEqual(
    multitool.map((l) => /--probability (\S+)/.exec(l)?.[1] ?? null),
    ['0.33333333333', '0.50000000000', null],
  );
  // unnamed port: "ns/name" without a colon, in every comment
  assert.ok(lines.some((l) => l.includes('--comment "default/plain cluster IP"')));
  assert.ok(lines.some((l) => l.includes('--comment "default/plain -> 192.168.156.7:8080"')));
  assert.ok(
    lines.some((l) =>
      /-p udp -m comment --comment "kube-system\/kube-dns:dns" -m udp -j DNAT --to-destination 192\.168\.145\.2:53$/.test(
        l,
      ),
    ),
  );
  // no endpoints: no nat rules at all
  assert.ok(!text.includes('empty-service'));
  assert.deepEqual(explainNat(parseIptables(text)).problems, []);
});

test('bootstrap jumps are added only where missing, and stale service chains are flushed and deleted', () => {
  const fresh = planKubeProxySync('', mixedServices);
  for (const [chain, comment, target] of KUBE_PROXY_BOOTSTRAP_JUMPS) {
    assert.ok(fresh.includes(`-A ${chain} -m comment --comment "${comment}" -j ${target}`), chain);
  }
  const current = fixture('twin-save.txt');
  const again = planKubeProxySync(current, mixedServices);
  assert.ok(!/^-A (PREROUTING|OUTPUT|POSTROUTING) /m.test(again), 'already installed: no second copy');
  assert.ok(!again.includes('-X '), 'nothing stale');

  const withoutMultitool = {
    ...mixedServices,
    services: mixedServices.services.filter((s) => s.name !== 'multitool-1-service'),
  };
  const shrink = planKubeProxySync(current, withoutMultitool);
  const deleted = [...shrink.matchAll(/^-X (\S+)$/gm)].map((m) => m[1]);
  const multitoolChains = explainNat(parseIptables(current))
    .services.filter((s) => s.name.includes('multitool'))
    .flatMap((s) => [s.chain, ...s.endpoints.map((e) => e.chain)]);
  assert.deepEqual(deleted.sort(), multitoolChains.sort());
  for (const chain of deleted) assert.ok(shrink.includes(`:${chain} - [0:0]`), `${chain} is flushed before -X`);

  const cleanup = renderKubeProxyCleanup(
    ['KUBE-SVC-OLD', 'KUBE-SERVICES', 'KUBE-SEP-M6MI3YLHVX7DA53R', 'DOCKER'],
    renderKubeProxyNat(nginxOnly),
  );
  assert.equal(cleanup, '*nat\n:KUBE-SVC-OLD - [0:0]\n-X KUBE-SVC-OLD\nCOMMIT\n');
  assert.equal(renderKubeProxyCleanup(['KUBE-SERVICES'], renderKubeProxyNat(nginxOnly)), '');
});

test('input that cannot become a safe rule line is refused with a LabgateError', () => {
  const bad = (change: Partial<typeof nginxService>) => ({
    clusterCidr: LAB_CLUSTER_CIDR,
    services: [{ ...nginxService, ...change }],
  });
  assert.throws(() => renderKubeProxyNat(bad({ name: 'x" -j ACCEPT' })), LabgateError);
  assert.throws(() => renderKubeProxyNat(bad({ clusterIP: '10.96.0.300' })), LabgateError);
  assert.throws(() => renderKubeProxyNat(bad({ port: 70000 })), LabgateError);
  assert.throws(() => renderKubeProxyNat(bad({ endpoints: [{ ip: 'pod', port: 80 }] })), LabgateError);
  assert.throws(() => renderKubeProxyNat({ clusterCidr: '192.168.0.0', services: [] }), LabgateError);
});
