/** What `explain` must report for the declared Services of test/fixtures/explain/scenarios.ts, checked field by field. */
import assert from 'node:assert/strict';
import type { ExplainResult, ServiceView } from '../../../support/kubeproxy/index.ts';
import type { ServiceSpec } from '../../fixtures/explain/scenarios.ts';

const bracket = (ip: string) => (ip.includes(':') ? `[${ip}]` : ip);

export function findService(result: ExplainResult, name: string, family?: 'ipv4' | 'ipv6'): ServiceView {
  const found = result.services.find((s) => s.name === name && (!family || s.family === family));
  assert.ok(found, `${name} explained; got ${result.services.map((s) => `${s.name} ${s.family}`).join(', ')}`);
  return found;
}

/** Every way in the spec declares, as "kind shownAs", sorted. */
export function expectedWays(spec: ServiceSpec, options: { externalKind?: string } = {}): string[] {
  const ways = [`clusterIP ${bracket(spec.clusterIP)}:${spec.port}`];
  for (const ip of spec.externalIPs ?? [])
    ways.push(`${options.externalKind ?? 'externalIP'} ${bracket(ip)}:${spec.port}`);
  for (const ip of spec.loadBalancerIPs ?? []) {
    const kind = spec.sourceRanges?.length ? 'loadBalancer' : (options.externalKind ?? 'loadBalancer');
    ways.push(`${kind} ${bracket(ip)}:${spec.port}`);
  }
  if (spec.nodePort) ways.push(`nodePort node port ${spec.nodePort}`);
  return ways.sort();
}

export function actualWays(view: ServiceView): string[] {
  return (view.waysIn ?? []).map((w) => `${w.kind} ${w.shownAs}`).sort();
}

/** The service as the spec declares it: addresses, endpoints with equal shares, Local endpoints, policies, affinity. */
export function assertMatchesSpec(
  view: ServiceView,
  spec: ServiceSpec,
  label: string,
  options: { externalKind?: string } = {},
): void {
  const where = `${label}: ${spec.name}`;
  assert.equal(view.protocol, spec.protocol, where);
  assert.equal(view.clusterIP, spec.clusterIP, where);
  assert.equal(view.port, spec.port, where);
  assert.deepEqual(actualWays(view), expectedWays(spec, options), `${where} ways in`);
  if (spec.endpoints.length === 0) {
    assert.equal(view.noEndpoints, 'rejected', where);
    assert.deepEqual(view.endpoints, [], where);
    return;
  }
  assert.equal(view.noEndpoints, undefined, where);
  assert.deepEqual(
    view.endpoints.map((e) => e.address),
    spec.endpoints,
    `${where} endpoints`,
  );
  for (const endpoint of view.endpoints) {
    assert.ok(
      Math.abs(endpoint.share - 1 / spec.endpoints.length) < 1e-4,
      `${where} share of ${endpoint.address}: ${endpoint.share}`,
    );
    assert.equal(endpoint.chainMatchesKubeProxyHash, true, `${where} ${endpoint.chain}`);
  }
  assert.equal(view.chainMatchesKubeProxyHash, true, where);
  if (spec.externalTrafficPolicy) assert.equal(view.externalTrafficPolicy, spec.externalTrafficPolicy, where);
  if (spec.externalTrafficPolicy === 'Local') {
    assert.deepEqual(
      (view.localEndpoints ?? []).map((e) => e.address),
      spec.local ?? [],
      `${where} local endpoints`,
    );
    const terminating = (spec.local ?? []).filter((e) => !spec.endpoints.includes(e));
    assert.deepEqual(
      (view.localEndpoints ?? []).filter((e) => e.terminating).map((e) => e.address),
      terminating,
      `${where} terminating`,
    );
  }
  if (spec.affinitySeconds) {
    assert.equal(view.sessionAffinity, true, where);
    assert.equal(view.sessionAffinityTimeoutSeconds, spec.affinitySeconds, where);
  } else assert.equal(view.sessionAffinity, undefined, where);
  for (const way of view.waysIn ?? []) {
    const lastTo = way.routes.at(-1)?.to;
    if (way.kind === 'clusterIP') assert.equal(lastTo, 'endpoints', `${where} ${way.shownAs}`);
    else if (spec.externalTrafficPolicy === 'Local') {
      assert.equal(
        lastTo,
        spec.local?.length ? (way.sourceRanges ? 'dropped' : 'localEndpoints') : 'dropped',
        `${where} ${way.shownAs}`,
      );
    } else
      assert.ok(
        way.routes.some((r) => r.to === 'endpoints' && r.masquerade),
        `${where} ${way.shownAs} masqueraded to all endpoints`,
      );
    if (way.kind === 'loadBalancer' && spec.sourceRanges?.length)
      assert.deepEqual(way.sourceRanges, spec.sourceRanges, where);
  }
}
