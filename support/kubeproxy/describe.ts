/** An ExplainResult in plain sentences, for people reading a terminal. */
import type { EndpointView, ExplainResult, ServiceView, TrafficRoute, WayIn } from './types.ts';
import type { Writable } from 'node:stream';
import { joinHostPort } from '../floor/address.ts';

const KIND_NAMES: Record<WayIn['kind'], string> = {
  clusterIP: 'cluster IP',
  externalIP: 'external IP',
  loadBalancer: 'load-balancer IP',
  nodePort: 'node port',
  externalOrLoadBalancer: 'external or load-balancer IP',
  virtualServer: 'virtual server',
};

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function destination(route: TrafficRoute): string {
  switch (route.to) {
    case 'endpoints':
      return 'the endpoints';
    case 'localEndpoints':
      return "this node's endpoints only";
    case 'dropped':
      return 'dropped';
    case 'rejected':
      return 'rejected';
    case 'notShown':
      return `${route.chain ?? 'a chain'} (not in this input)`;
    case 'notTranslated':
      return 'not translated by these rules';
  }
}

function describeWay(way: WayIn): string {
  const what = way.kind === 'nodePort' ? `node port ${way.port}` : `${KIND_NAMES[way.kind]} ${way.shownAs}`;
  const ranges = way.sourceRanges ? ` (load-balancer source ranges ${way.sourceRanges.join(', ')})` : '';
  const routes = way.routes
    .map((route) => `${route.from} -> ${destination(route)}${route.masquerade ? ' (masqueraded)' : ''}`)
    .join('; ');
  const counted = way.counters ? ` [${way.counters.packets} packets so far]` : '';
  return `    - ${what}${ranges}: ${routes}${counted}`;
}

function describeEndpoint(endpoint: EndpointView, index: number): string {
  const via = endpoint.chain ? ` via ${endpoint.chain}` : '';
  const rule =
    endpoint.weight !== undefined
      ? `has weight ${endpoint.weight}`
      : endpoint.ruleProbability === null
        ? 'the rule takes whatever reaches it'
        : `the rule is taken with probability ${endpoint.ruleProbability}`;
  const counted = endpoint.counters ? `, ${endpoint.counters.packets} packets so far` : '';
  const terminating = endpoint.terminating ? ' It is terminating (serving, not ready).' : '';
  return (
    `  ${index + 1}. ${endpoint.address || '(address unknown)'}${via}: ${rule}, so it gets ` +
    `${percent(endpoint.share)} of new connections${counted}.${terminating}`
  );
}

function describeService(service: ServiceView): string[] {
  const family = service.family === 'ipv6' ? ' [IPv6]' : '';
  const vip = service.clusterIP ? joinHostPort(service.clusterIP, service.port) : 'an unknown address';
  const lines: string[] = [];
  if (service.chain) {
    lines.push(
      `Service ${service.name} (${service.protocol.toUpperCase()})${family}: new connections to ${vip} go to ` +
        `chain ${service.chain}` +
        (service.chainMatchesKubeProxyHash
          ? ' (the name kube-proxy gives it).'
          : ' (not the name kube-proxy would give it).'),
    );
  } else if (service.waysIn?.[0]?.kind === 'virtualServer') {
    lines.push(`IPVS virtual server ${service.name}${family}:`);
  } else {
    lines.push(`Service ${service.name} (${service.protocol.toUpperCase()})${family}: ${vip}, no chain of its own.`);
  }
  if (service.masqueradeUnlessFrom) {
    lines.push(`  Clients outside ${service.masqueradeUnlessFrom} are marked for masquerade (source NAT).`);
  }
  if (
    service.waysIn &&
    service.waysIn.length > 0 &&
    !(service.waysIn.length === 1 && service.waysIn[0]!.kind === 'virtualServer')
  ) {
    lines.push('  Ways in:', ...service.waysIn.map(describeWay));
  }
  if (service.externalTrafficPolicy === 'Local') {
    lines.push(
      '  externalTrafficPolicy Local: traffic from outside the node goes only to endpoints on this node, ' +
        'keeping the client address.',
    );
  }
  if (service.internalTrafficPolicy === 'Local')
    lines.push('  internalTrafficPolicy Local: the cluster IP goes only to endpoints on this node.');
  if (service.sessionAffinity) {
    const timeout =
      service.sessionAffinityTimeoutSeconds === undefined ? '' : ` for ${service.sessionAffinityTimeoutSeconds} s`;
    lines.push(`  Returning clients stick to their endpoint${timeout} (session affinity).`);
  }
  if (service.noEndpoints) {
    const what = { rejected: 'rejected', dropped: 'dropped', 'not translated': 'not translated' }[service.noEndpoints];
    lines.push(`  It has no endpoints: new connections are ${what}.`);
  } else if (service.endpointsNotShown) lines.push(`  Its endpoint rules are not in this input.`);
  else if (service.endpoints.length === 0) lines.push('  No endpoints are listed.');
  lines.push(...service.endpoints.map(describeEndpoint));
  if (service.localEndpoints && service.localChain && service.localChain !== service.chain) {
    lines.push(`  This node's endpoints (${service.localChain}), for traffic from outside:`);
    if (service.localEndpoints.length === 0) lines.push('  (none: that traffic is dropped)');
    lines.push(...service.localEndpoints.map(describeEndpoint));
  }
  return lines;
}

/** The explanation as blocks of lines, one block per part (header, each service, notes, problems). */
function* describeBlocks(result: ExplainResult): Generator<string[]> {
  const formats = result.formats ? ` (${result.formats.join(', ')} mixed)` : '';
  const head: string[] = [`Read ${result.format} output${formats}.`];
  if (result.notRules?.length) {
    head.push(
      `Set aside ${result.notRules.length} line(s) that are not rules:`,
      ...result.notRules.map((l) => `  line ${l.line}: ${l.text}`),
    );
  }
  if (result.endsMidRule) {
    head.push(`The paste ends mid-rule: line ${result.endsMidRule.line} is left out (${result.endsMidRule.text}).`);
  }
  if (result.services.length === 0 && !result.looseEndpointChains?.length)
    head.push('No kube-proxy services found in it.');
  yield head;
  for (const service of result.services) yield ['', ...describeService(service)];
  for (const loose of result.looseEndpointChains ?? []) {
    const block = [
      '',
      `Endpoint chain ${loose.chain} of ${loose.service || 'an unnamed service'} (no service chain in this input): ` +
        `DNAT to ${loose.address || '(no address)'}` +
        (loose.chainMatchesKubeProxyHash
          ? ', the name kube-proxy gives this endpoint.'
          : ', not the name kube-proxy would give it.'),
    ];
    if (loose.hairpinMasqFrom)
      block.push(`  Traffic from ${loose.hairpinMasqFrom} itself is marked for masquerade (hairpin).`);
    yield block;
  }
  const tail: string[] = [];
  if (result.notes?.length) tail.push('', 'Notes:', ...result.notes.map((note) => `  - ${note}`));
  tail.push('', result.problems.length === 0 ? 'No problems found.' : 'Problems:');
  tail.push(...result.problems.map((problem) => `  - ${problem}`));
  yield tail;
}

export function describeExplanation(result: ExplainResult): string {
  const lines: string[] = [];
  for (const block of describeBlocks(result)) lines.push(...block);
  return lines.join('\n');
}

/** The same text as describeExplanation plus a newline, written a few thousand services at a time. */
export async function writeDescription(result: ExplainResult, out: Writable): Promise<void> {
  let pending: string[] = [];
  let first = true;
  for (const block of describeBlocks(result)) {
    for (const line of block) {
      pending.push(first ? line : `\n${line}`);
      first = false;
    }
    if (pending.length > 20_000) {
      if (!out.write(pending.join(''))) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      pending = [];
    }
  }
  out.write(`${pending.join('')}\n`);
}
