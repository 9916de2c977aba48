/** An ExplainResult in plain sentences, for people reading a terminal. */
import type { ExplainResult, ServiceView } from './types.ts';

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function describeService(service: ServiceView): string[] {
  const vip = service.clusterIP ? `${service.clusterIP}:${service.port}` : 'an unknown address';
  const lines = [
    `Service ${service.name} (${service.protocol.toUpperCase()}): new connections to ${vip} go to chain ${service.chain}` +
      (service.chainMatchesKubeProxyHash ? ' (the name kube-proxy gives it).' : ' (not the name kube-proxy would give it).'),
  ];
  if (service.masqueradeUnlessFrom) {
    lines.push(`  Clients outside ${service.masqueradeUnlessFrom} are marked for masquerade (source NAT).`);
  }
  if (service.sessionAffinity) lines.push('  Returning clients stick to their endpoint (session affinity).');
  if (service.endpoints.length === 0) lines.push('  No endpoints are listed.');
  service.endpoints.forEach((endpoint, index) => {
    const rule =
      endpoint.ruleProbability === null
        ? 'takes whatever reaches it'
        : `is taken with probability ${endpoint.ruleProbability}`;
    const counted = endpoint.counters ? `, ${endpoint.counters.packets} packets so far` : '';
    lines.push(
      `  ${index + 1}. ${endpoint.address || '(address unknown)'} via ${endpoint.chain}: the rule ${rule}, ` +
        `so it gets ${percent(endpoint.share)} of new connections${counted}.`,
    );
  });
  return lines;
}

export function describeExplanation(result: ExplainResult): string {
  const lines: string[] = [`Read ${result.format} output.`];
  if (result.services.length === 0 && !result.looseEndpointChains?.length) {
    lines.push('No kube-proxy services found in it.');
  }
  for (const service of result.services) lines.push('', ...describeService(service));
  for (const loose of result.looseEndpointChains ?? []) {
    lines.push(
      '',
      `Endpoint chain ${loose.chain} of ${loose.service || 'an unnamed service'} (no service chain in this input): ` +
        `DNAT to ${loose.address || '(no address)'}` +
        (loose.chainMatchesKubeProxyHash ? ', the name kube-proxy gives this endpoint.' : ', not the name kube-proxy would give it.'),
    );
    if (loose.hairpinMasqFrom) lines.push(`  Traffic from ${loose.hairpinMasqFrom} itself is marked for masquerade (hairpin).`);
  }
  if (result.notes?.length) lines.push('', 'Not in this input:', ...result.notes.map((note) => `  - ${note}`));
  lines.push('', result.problems.length === 0 ? 'No problems found.' : 'Problems:');
  lines.push(...result.problems.map((problem) => `  - ${problem}`));
  return lines.join('\n');
}
