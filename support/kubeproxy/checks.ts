/**
 * kube-proxy rule checks: a node's iptables NAT rules for a Service port against the Service and its EndpointSlices.
 */
import {
  counterDeltas,
  expectedRuleProbabilities,
  SKEW_FACTOR,
  spreadAcceptance,
  kubeProxyEndpointChain,
  kubeProxyServiceChain,
  probabilityMatches,
  servicePortName,
  traceNewConnection,
  type NatRule,
  type NatTable,
} from './index.ts';
import type { NatDump } from './natReader.ts';
import type { NodeNat } from './facts.ts';
import type { ServicePortFacts } from '../services/portFacts.ts';
import { finding, textEvidence, type Evidence, type Finding } from '../floor/finding.ts';

export function portNameOf(f: ServicePortFacts): string {
  return servicePortName(f.namespace, f.service, f.portName);
}

export function expectedServiceChain(f: ServicePortFacts): string {
  return kubeProxyServiceChain(portNameOf(f), f.protocol);
}

function kubeProxyHint(node: string): string {
  return (
    `check kube-proxy on ${node}: \`kubectl -n kube-system logs -l k8s-app=kube-proxy --field-selector ` +
    `spec.nodeName=${node}\`, and \`docker exec ${node} iptables-save -t nat\``
  );
}

/** The lines of the dump that concern this Service (its comment or its chains), as evidence. */
export function natEvidence(
  nat: NodeNat,
  f: ServicePortFacts,
  title = `NAT rules for ${f.service} on ${nat.node}`,
): Evidence {
  const svcChain = serviceJump(nat.table, f)?.target;
  const chains = new Set<string>([svcChain ?? '', ...endpointRules(nat.table, svcChain).map((r) => r.target ?? '')]);
  const lines = nat.text
    .split('\n')
    .filter((l) => l.includes(`${f.namespace}/${f.service}`) || [...chains].some((c) => c && l.includes(c)));
  return textEvidence(
    title,
    [`$ ${nat.command.join(' ')}  # lines for ${f.namespace}/${f.service}`, ...lines].join('\n'),
  );
}

/** The KUBE-SERVICES rule that sends the VIP:port to a service chain. */
export function serviceJump(table: NatTable, f: ServicePortFacts): NatRule | undefined {
  return table.chains.get('KUBE-SERVICES')?.rules.find(
    (r) =>
      r.destination?.cidr === `${f.clusterIP}/32` &&
      !r.destination.negated &&
      r.dport === f.port &&
      // one VIP and port can carry two Service ports that differ only in protocol (DNS: 53/UDP and 53/TCP)
      (r.protocol === undefined || r.protocol === f.protocol) &&
      r.target?.startsWith('KUBE-SVC-'),
  );
}

function endpointRules(table: NatTable, svcChain: string | undefined): NatRule[] {
  if (!svcChain) return [];
  return (table.chains.get(svcChain)?.rules ?? []).filter((r) => r.target?.startsWith('KUBE-SEP-') && !r.recentModule);
}

export interface JumpShape {
  destination: string;
  protocol: string;
  dport: number;
  target: string;
}

export function kubeServicesJump(
  nat: NodeNat,
  f: ServicePortFacts,
  expectedProtocol: string,
  expectedPort: number,
): Finding<JumpShape | null> {
  const rule = serviceJump(nat.table, f);
  const expected = {
    destination: `${f.clusterIP}/32`,
    protocol: expectedProtocol,
    dport: expectedPort,
    target: expectedServiceChain(f),
  };
  const observed = rule
    ? {
        destination: rule.destination?.cidr ?? '',
        protocol: rule.protocol ?? 'all',
        dport: rule.dport ?? 0,
        target: rule.target ?? '',
      }
    : null;
  return finding<JumpShape | null>(
    expected,
    observed,
    rule
      ? `The lab shows KUBE-SERVICES on every node jumping to ${f.service}'s chain for ${f.clusterIP}/32 ` +
          `${f.protocol} dport ${f.port}; on ${nat.node} the rule is ${rule.raw.trim()}. Expected chain ` +
          `${expected.target} (kube-proxy's hash of "${portNameOf(f)}" + ${f.protocol}); ` +
          `${kubeProxyHint(nat.node)}.`
      : `The lab shows KUBE-SERVICES on every node jumping to ${f.service}'s chain for ${f.clusterIP}/32 ` +
          `${f.protocol} dport ${f.port}; on ${nat.node} there is no such rule. ${kubeProxyHint(nat.node)}.`,
    [natEvidence(nat, f)],
  );
}

export function serviceChainNamedByHash(nat: NodeNat, f: ServicePortFacts): Finding<string> {
  const observed = serviceJump(nat.table, f)?.target ?? '(no jump for the VIP)';
  const expected = expectedServiceChain(f);
  return finding(
    expected,
    observed,
    `kube-proxy names a Service's chain KUBE-SVC- + base32(sha256("${portNameOf(f)}" + "${f.protocol}"))[:16] ` +
      `= ${expected}; on ${nat.node} the VIP jumps to ${observed}. ${kubeProxyHint(nat.node)}.`,
    [natEvidence(nat, f)],
  );
}

export function serviceChainMasqueradesOutsiders(
  nat: NodeNat,
  f: ServicePortFacts,
  podCidr: string,
): Finding<{ target: string; source: string }> {
  const chain = serviceJump(nat.table, f)?.target;
  const first = chain ? nat.table.chains.get(chain)?.rules[0] : undefined;
  const observed = {
    target: first?.target ?? '(none)',
    source: first?.source ? `${first.source.negated ? '!' : ''}${first.source.cidr}` : '(any)',
  };
  return finding(
    { target: 'KUBE-MARK-MASQ', source: `!${podCidr}` },
    observed,
    `The lab shows the first rule of ${f.service}'s service chain marking for masquerade traffic not from ` +
      `${podCidr}; on ${nat.node} rule 1 of ${chain ?? '(no chain)'} is ${first?.raw.trim() ?? 'missing'}. ` +
      `${kubeProxyHint(nat.node)}.`,
    [natEvidence(nat, f)],
  );
}

/** What a check over a Service port without ready endpoints expects: something to look at. */
export const NO_ENDPOINTS = '(the EndpointSlices list no ready endpoint: nothing to check the rules against)';

function noEndpointsNote(f: ServicePortFacts): string {
  if (f.endpoints.length) return '';
  return (
    ` The EndpointSlices of ${f.service} list no ready endpoint, so there is nothing to check the rules against: ` +
    `check \`kubectl get endpointslice -l kubernetes.io/service-name=${f.service}\` and the pods behind it.`
  );
}

function formatProbability(p: number | null | undefined): string {
  return p === null || p === undefined ? 'none' : p.toFixed(5);
}

/** One rule per endpoint; rule i of n has probability 1/(n-i), the last has none. */
export function endpointRuleProbabilities(nat: NodeNat, f: ServicePortFacts): Finding<string[]> {
  const rules = endpointRules(nat.table, serviceJump(nat.table, f)?.target);
  const wanted = expectedRuleProbabilities(f.endpoints.length);
  // show what matched as the expected spelling, so chai's diff points only at real differences
  const observed = rules.map((r, i) =>
    i < wanted.length && probabilityMatches(r.probability, wanted[i] ?? null)
      ? formatProbability(wanted[i])
      : formatProbability(r.probability),
  );
  return finding(
    wanted.length ? wanted.map(formatProbability) : [NO_ENDPOINTS],
    observed,
    `The lab shows one rule per endpoint in ${f.service}'s service chain, rule i of n taking probability ` +
      `1/(n-i) and the last none (0.5 then none for two endpoints). With ${f.endpoints.length} endpoint(s) in ` +
      `the EndpointSlices, ${nat.node} has ${rules.length} rule(s) with probabilities ` +
      `${rules.map((r) => formatProbability(r.probability)).join(', ') || 'none'}.${noEndpointsNote(f)} ` +
      `${kubeProxyHint(nat.node)}.`,
    [natEvidence(nat, f)],
  );
}

export function firstEndpointProbability(
  nat: NodeNat,
  f: ServicePortFacts,
  count: number,
  probability: number,
): Finding<{ endpoints: number; first: string }> {
  const rules = endpointRules(nat.table, serviceJump(nat.table, f)?.target);
  const first = rules[0]?.probability;
  return finding(
    { endpoints: count, first: formatProbability(probability) },
    {
      endpoints: rules.length,
      first: probabilityMatches(first, probability) ? formatProbability(probability) : formatProbability(first),
    },
    `The lab shows ${count} endpoint rules in ${f.service}'s chain, the first with probability ${probability}; ` +
      `${nat.node} has ${rules.length}, the first with ${formatProbability(first)}. Check \`kubectl get ` +
      `endpointslice -l kubernetes.io/service-name=${f.service}\` (${count} endpoints expected) and ` +
      `${kubeProxyHint(nat.node)}.`,
    [natEvidence(nat, f)],
  );
}

function dnatOf(table: NatTable, sepChain: string): NatRule | undefined {
  return table.chains.get(sepChain)?.rules.find((r) => r.target === 'DNAT');
}

/**
 * The endpoint chains are exactly the ones kube-proxy names for the EndpointSlices' endpoints, each DNATing to
 * the endpoint it is named for: expected from the slices and the hash, never from the chains themselves.
 */
export function endpointChainsNamedByHash(nat: NodeNat, f: ServicePortFacts): Finding<string[]> {
  const rules = endpointRules(nat.table, serviceJump(nat.table, f)?.target);
  const observed = rules
    .map((r) => `${r.target ?? ''} -> ${dnatOf(nat.table, r.target ?? '')?.dnatTo ?? '(no DNAT)'}`)
    .sort();
  const named = f.endpoints.map((ep) => `${kubeProxyEndpointChain(portNameOf(f), f.protocol, ep)} -> ${ep}`).sort();
  const expected = named.length ? named : [NO_ENDPOINTS];
  return finding(
    expected,
    observed,
    `kube-proxy names each endpoint chain KUBE-SEP- + base32(sha256("${portNameOf(f)}" + "${f.protocol}" + ` +
      `"ip:port"))[:16] ` +
      `and DNATs it to that endpoint; for the EndpointSlices' endpoints that gives ${named.join(', ') || 'nothing'}; ` +
      `on ${nat.node} the chains are ${observed.join(', ') || 'none'}.${noEndpointsNote(f)} ` +
      `${kubeProxyHint(nat.node)}.`,
    [natEvidence(nat, f)],
  );
}

export interface EndpointChainShape {
  hairpinMasqFrom: string;
  dnatProtocol: string;
  dnatTo: string;
}

/**
 * Endpoint chain number `index` (1-based, in the service chain's order): it must be named for an endpoint of the
 * EndpointSlices, and mark hairpin traffic from that endpoint's pod and DNAT to it. The expected pod is the
 * EndpointSlice endpoint whose hash names the chain; a chain named for none has no expected pod, and fails.
 */
export function endpointChainShape(
  nat: NodeNat,
  f: ServicePortFacts,
  index: number,
  targetPort: number,
): Finding<EndpointChainShape | null> {
  const rules = endpointRules(nat.table, serviceJump(nat.table, f)?.target);
  const sep = rules[index - 1]?.target;
  const chain = sep ? nat.table.chains.get(sep) : undefined;
  const dnat = sep ? dnatOf(nat.table, sep) : undefined;
  const namedFor = f.endpoints.find((ep) => kubeProxyEndpointChain(portNameOf(f), f.protocol, ep) === sep);
  const ip = namedFor?.split(':')[0];
  const masq = chain?.rules.find((r) => r.target === 'KUBE-MARK-MASQ');
  const observed = chain
    ? {
        hairpinMasqFrom: masq?.source ? `${masq.source.negated ? '!' : ''}${masq.source.cidr}` : '(no hairpin mark)',
        dnatProtocol: dnat?.protocol ?? '(no DNAT)',
        dnatTo: dnat?.dnatTo ?? '(no DNAT)',
      }
    : null;
  const pod = ip ?? `(the pod of an EndpointSlice endpoint: ${f.endpoints.join(', ') || 'none listed'})`;
  const expected = {
    hairpinMasqFrom: ip ? `${ip}/32` : pod,
    dnatProtocol: f.protocol,
    dnatTo: ip ? `${ip}:${targetPort}` : pod,
  };
  const seen = observed
    ? `marks ${observed.hairpinMasqFrom} and DNATs ${observed.dnatProtocol} to ${observed.dnatTo}`
    : '';
  const stranger = namedFor
    ? ''
    : ` Its name is the hash of no endpoint in the EndpointSlices (${f.endpoints.join(', ') || 'none'}): ` +
      'kube-proxy wrote it for a pod that is gone, or someone else wrote it.';
  return finding<EndpointChainShape | null>(
    expected,
    observed,
    chain
      ? `The lab shows endpoint chain ${index} (${sep}) marking for masquerade hairpin traffic from its own pod and ` +
          `DNATing ${f.protocol} to that pod on port ` +
          `${targetPort}${ip ? ` (${ip}, the endpoint its name is the hash of)` : ''}; ` +
          `on ${nat.node} it ${seen}.${stranger} ${kubeProxyHint(nat.node)}.`
      : `The lab shows at least ${index} endpoint chain(s) behind ${f.service}; ${nat.node} has ${rules.length}. ` +
          `Check \`kubectl get endpointslice -l kubernetes.io/service-name=${f.service}\` and ` +
          `${kubeProxyHint(nat.node)}.`,
    [natEvidence(nat, f)],
  );
}

export function dnatTargetsEqualEndpoints(nat: NodeNat, f: ServicePortFacts): Finding<string[]> {
  const rules = endpointRules(nat.table, serviceJump(nat.table, f)?.target);
  const observed = rules.map((r) => dnatOf(nat.table, r.target ?? '')?.dnatTo ?? `(no DNAT in ${r.target})`).sort();
  return finding(
    f.endpoints.length ? f.endpoints : [NO_ENDPOINTS],
    observed,
    `The lab's flow ends in DNAT to the pods the EndpointSlices list (${f.endpoints.join(', ') || 'none'}); on ` +
      `${nat.node} the endpoint chains DNAT to ${observed.join(', ') || 'nothing'}.${noEndpointsNote(f)} If they ` +
      `differ, kube-proxy has not caught up: ${kubeProxyHint(nat.node)}.`,
    [natEvidence(nat, f)],
  );
}

export const SHARE_DECIMALS = 4;

/** Follows a new connection to VIP:port through the rules: each endpoint should get 1/n of them. */
export function tracedShares(nat: NodeNat, f: ServicePortFacts, clientIp?: string): Finding<Record<string, number>> {
  const outcomes = traceNewConnection(nat.table, {
    destination: f.clusterIP,
    port: f.port,
    protocol: f.protocol,
    source: clientIp,
  });
  const round = (x: number) => Number(x.toFixed(SHARE_DECIMALS));
  const observed: Record<string, number> = {};
  for (const o of outcomes) observed[o.address] = round((observed[o.address] ?? 0) + o.share);
  const expected: Record<string, number> = f.endpoints.length
    ? Object.fromEntries(f.endpoints.map((ep) => [ep, round(1 / f.endpoints.length)]))
    : { [NO_ENDPOINTS]: 1 };
  const shares =
    Object.entries(observed)
      .map(([a, s]) => `${a}=${s}`)
      .join(', ') || 'no endpoint';
  return finding(
    expected,
    observed,
    `Following a new ${f.protocol} connection to ${f.clusterIP}:${f.port} through KUBE-SERVICES on ${nat.node} ` +
      `should reach each of the ${f.endpoints.length} endpoints with share 1/${f.endpoints.length}; ` +
      `the rules give ${shares}.${noEndpointsNote(f)} ${kubeProxyHint(nat.node)}.`,
    [natEvidence(nat, f)],
  );
}

export interface SpreadObservation {
  connections: number;
  counted: number;
  outside: string[];
}

/** The run's false-alarm budget for the spread check, and how many bursts share it. */
export interface SpreadBudget {
  runRate: number;
  bursts: number;
}

/**
 * New connections counted by each endpoint's DNAT rule between two counter readings, against the
 * equal-tailed binomial interval for share 1/n; the run's false-alarm rate is shared by every endpoint of every
 * burst (Bonferroni), so a healthy run is flagged at most `budget.runRate` of the time. A count is outside when
 * below `low` or above `high` (both accepted); a chain DNATing to an address the slices do not list is outside
 * whatever it counted.
 */
export function observedSpread(
  before: NodeNat,
  after: NodeNat,
  f: ServicePortFacts,
  connections: number,
  budget: SpreadBudget,
): Finding<SpreadObservation> {
  // Every endpoint the EndpointSlices promise is counted, so one the rules lost shows as 0, not as absent.
  const rules = endpointRules(after.table, serviceJump(after.table, f)?.target);
  const deltas = counterDeltas(before.table, after.table);
  const n = f.endpoints.length;
  if (n === 0) {
    return finding(
      { connections, counted: connections, outside: [] },
      { connections, counted: 0, outside: [NO_ENDPOINTS] },
      `The lab promises load balancing over the endpoints of ${f.service}; ${noEndpointsNote(f).trim()} ` +
        `${kubeProxyHint(after.node)}.`,
      [natEvidence(after, f)],
    );
  }
  const bounds = spreadAcceptance(connections, n, budget.runRate, budget.bursts);
  const chainOf = new Map(rules.map((r) => [dnatOf(after.table, r.target ?? '')?.dnatTo, r.target ?? '']));
  const strays = rules.filter((r) => !f.endpoints.includes(dnatOf(after.table, r.target ?? '')?.dnatTo ?? ''));
  const perEndpoint = [
    ...f.endpoints.map((address) => ({
      address,
      count: chainOf.has(address) ? (deltas.get(chainOf.get(address)!) ?? 0) : 0,
    })),
    ...strays.map((r) => ({
      address: `${dnatOf(after.table, r.target ?? '')?.dnatTo ?? r.target} (not an endpoint)`,
      count: deltas.get(r.target ?? '') ?? 0,
    })),
  ];
  const counted = perEndpoint.reduce((s, e) => s + e.count, 0);
  const outside = perEndpoint
    .filter((e, i) => i >= n || e.count < bounds.low || e.count > bounds.high)
    .map((e) => `${e.address}=${e.count}`);
  const summary = perEndpoint.map((e) => `${e.address}: ${e.count}`).join(', ') || 'no endpoint chains';
  const stats =
    `binomial, share 1/${n}, false-alarm rate ${budget.runRate.toExponential()} per run shared by ` +
    `${n} endpoints x ${budget.bursts} burst(s): ${bounds.endpointRate.toExponential(3)} each; ` +
    `an endpoint getting ${SKEW_FACTOR}/${n} of them is caught with probability ${bounds.power.toFixed(4)}`;
  return finding(
    { connections, counted: connections, outside: [] },
    { connections, counted, outside },
    `The lab promises load balancing over the ${n} endpoints: of ${connections} new connections each should ` +
      `get between ${bounds.low} and ${bounds.high} (${stats}); the DNAT counters on ${after.node} counted ` +
      `${summary} (total ${counted}). ${kubeProxyHint(after.node)}.`,
    [
      textEvidence(
        `DNAT counters on ${after.node}`,
        [
          `bounds: [${bounds.low}, ${bounds.high}] of ${connections} (${stats})`,
          `a healthy run is flagged with probability at most ${bounds.runFalseAlarmBound.toExponential(3)}`,
          ...perEndpoint.map((e) => `${e.address}: +${e.count}`),
        ].join('\n'),
      ),
      natEvidence(before, f, `NAT rules with counters on ${before.node}, before`),
      natEvidence(after, f, `NAT rules with counters on ${after.node}, after`),
    ],
  );
}

/** sessionAffinity None: no `-m recent` rule in the Service's chains. */
export function noAffinityRules(nat: NodeNat, f: ServicePortFacts): Finding<string[]> {
  const svcChain = serviceJump(nat.table, f)?.target;
  const chains = [svcChain, ...endpointRules(nat.table, svcChain).map((r) => r.target)].filter((c): c is string => !!c);
  const recent = chains.flatMap((c) =>
    (nat.table.chains.get(c)?.rules ?? []).filter((r) => r.recentModule).map((r) => r.raw.trim()),
  );
  // no service chain means nothing was looked at, not that no rule pins clients
  const observed = svcChain ? recent : [`(no service chain for ${f.clusterIP}:${f.port}/${f.protocol})`];
  return finding(
    [],
    observed,
    `With sessionAffinity None, kube-proxy writes no "-m recent" rules for ${f.service}; on ${nat.node} ` +
      (svcChain
        ? `found: ${recent.join(' | ') || 'none'}.`
        : `KUBE-SERVICES has no jump for ${f.clusterIP}:${f.port}, so there is no chain to look in.`) +
      ` Check \`kubectl get svc ${f.service} -o jsonpath='{.spec.sessionAffinity}'\` and ${kubeProxyHint(nat.node)}.`,
    [natEvidence(nat, f)],
  );
}

/** IPv6 rules that mention the Service (a single-stack IPv4 cluster has none). */
export function noIpv6Rules(node: string, ip6Text: string, command: string[], f: ServicePortFacts): Finding<string[]> {
  const lines = ip6Text.split('\n').filter((l) => l.includes(`${f.namespace}/${f.service}`));
  return finding(
    [],
    lines,
    `A single-stack IPv4 cluster has no IPv6 rules for ${f.service}; ${command.join(' ')} on ${node} shows: ` +
      `${lines.join(' | ') || 'none'}. Check the Service's ipFamilies and kube-proxy's mode on ${node}.`,
    [textEvidence(`IPv6 NAT rules for ${f.service} on ${node}`, [`$ ${command.join(' ')}`, ...lines].join('\n'))],
  );
}

/** Single-stack check over every node's IPv6 NAT dump (LabSession.ipv6Nat reads them). */
export function ipv6RulesOnNodes(dumps: NatDump[], f: ServicePortFacts): Finding<Record<string, string[]>> {
  const expected: Record<string, string[]> = {};
  const observed: Record<string, string[]> = {};
  const evidence = [];
  const messages = [];
  for (const dump of dumps) {
    const node = dump.node;
    const one = noIpv6Rules(node, dump.text, dump.result.command, f);
    expected[node] = one.expected;
    observed[node] = one.observed;
    evidence.push(...one.evidence);
    if (one.observed.length) messages.push(one.message);
  }
  if (dumps.length === 0) {
    expected['(every node)'] = [];
    observed['(every node)'] = ["(no node's IPv6 NAT table was read)"];
    messages.push(
      `No node's IPv6 NAT table was read, so nothing shows that ${f.service} has no IPv6 rules. ` +
        'Check `kubectl get nodes`.',
    );
  }
  return {
    expected,
    observed,
    message: messages.join(' ') || `no IPv6 rules for ${f.service}`,
    evidence,
  };
}
