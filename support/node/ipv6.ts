/** Single-stack check: IPv6 NAT rules on every node that mention the Service. */
import { noIpv6Rules, type ServicePortFacts } from './kubeProxy.ts';
import { readNatTable } from './iptables.ts';
import type { Finding } from '../report/evidence.ts';

export async function ipv6RulesOnNodes(nodes: string[], f: ServicePortFacts): Promise<Finding<Record<string, string[]>>> {
  const expected: Record<string, string[]> = {};
  const observed: Record<string, string[]> = {};
  const evidence = [];
  const messages = [];
  for (const node of nodes) {
    const dump = await readNatTable(node, { ipv6: true });
    const one = noIpv6Rules(node, dump.text, dump.result.command, f);
    expected[node] = one.expected;
    observed[node] = one.observed;
    evidence.push(...one.evidence);
    if (one.observed.length) messages.push(one.message);
  }
  return {
    expected,
    observed,
    message: messages.join(' ') || `no IPv6 rules for ${f.service}`,
    evidence,
  };
}
