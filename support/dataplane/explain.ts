/** The nat table read as kube-proxy's services: which VIP goes to which endpoints, with what share, and what is wrong. */
import type { EndpointView, ExplainResult, LooseEndpointChain, NatChain, NatRule, NatTable, ServiceView } from './types.ts';
import { chainMatchesKubeProxyHash } from './kubeProxyNames.ts';
import { expectedRuleProbabilities, probabilityMatches, shares } from './probability.ts';
import { hostOf } from './normalise.ts';

const CLUSTER_IP_COMMENT = /^(.+) cluster IP$/;
const ENDPOINT_COMMENT = /^(.+) -> (\S+)$/;
const KNOWN_PROTOCOLS = ['tcp', 'udp', 'sctp'];

function formatProbability(value: number | null | undefined): string {
  return value === null || value === undefined ? 'none' : String(value);
}

/** Collects problems (the rules are wrong) apart from notes (the input left something out). */
class Findings {
  readonly problems: string[] = [];
  readonly notes: string[] = [];
  constructor(private readonly wholeTable: boolean) {}
  problem(sentence: string): void {
    this.problems.push(sentence);
  }
  /** A chain the rules point to but the input lacks: wrong in a whole-table listing, expected in a partial one. */
  absent(chain: string, pointedFrom: string): void {
    if (this.wholeTable) this.problems.push(`${pointedFrom} jumps to ${chain}, but there is no such chain.`);
    else this.notes.push(`${chain} (used by ${pointedFrom}) is not in this input, so what it does is not shown.`);
  }
}

interface ServiceEntry {
  name: string;
  protocol: string;
  clusterIP: string;
  port: number;
  chain: string;
  from: 'KUBE-SERVICES' | 'service chain';
}

export function explainNat(table: NatTable): ExplainResult {
  const findings = new Findings(table.wholeTable === true);
  for (const problem of table.problems ?? []) findings.problem(`Could not read ${problem}`);
  const entries = serviceEntries(table, findings);
  const services = entries.map((entry) => explainService(table, entry, findings));
  const result: ExplainResult = { format: table.format, services, problems: findings.problems };
  if (table.wholeTable) reportUnusedChains(table, services, findings);
  else {
    const loose = looseEndpointChains(table, services);
    if (loose.length > 0) result.looseEndpointChains = loose;
  }
  if (findings.notes.length > 0) result.notes = findings.notes;
  return result;
}

function serviceEntries(table: NatTable, findings: Findings): ServiceEntry[] {
  const entries: ServiceEntry[] = [];
  for (const rule of table.chains.get('KUBE-SERVICES')?.rules ?? []) {
    const comment = CLUSTER_IP_COMMENT.exec(rule.comment ?? '');
    if (!comment || !rule.target?.startsWith('KUBE-SVC-')) continue;
    entries.push({
      name: comment[1]!,
      protocol: rule.protocol ?? 'all',
      clusterIP: rule.destination ? hostOf(rule.destination.cidr) : '',
      port: rule.dport ?? 0,
      chain: rule.target,
      from: 'KUBE-SERVICES',
    });
    if (!rule.destination || rule.dport === undefined) {
      findings.problem(`The KUBE-SERVICES rule for ${comment[1]} does not match one destination address and port.`);
    }
  }
  // A partial input (one -L KUBE-SVC-... listing) still names its service in the chain's own rules;
  // in a whole table, a service chain nothing jumps to is reported as unused instead.
  if (table.wholeTable) return entries;
  for (const chain of table.chains.values()) {
    if (!chain.name.startsWith('KUBE-SVC-') || entries.some((entry) => entry.chain === chain.name)) continue;
    const derived = serviceFromOwnChain(table, chain);
    if (derived) entries.push(derived);
    else findings.problem(`${chain.name} has no rule whose comment names its service.`);
  }
  return entries;
}

function serviceFromOwnChain(table: NatTable, chain: NatChain): ServiceEntry | null {
  const masq = chain.rules.find((rule) => rule.target === 'KUBE-MARK-MASQ' && rule.destination);
  let name: string | undefined;
  for (const rule of chain.rules) {
    const comment = rule.comment ?? '';
    name = CLUSTER_IP_COMMENT.exec(comment)?.[1] ?? ENDPOINT_COMMENT.exec(comment)?.[1] ?? (comment || undefined);
    if (name) break;
  }
  if (!name) return null;
  let protocol = masq?.protocol && masq.protocol !== 'all' ? masq.protocol : undefined;
  protocol ??= endpointDnatProtocol(table, chain);
  // Still unknown: the chain name itself tells, since the protocol is part of the hash.
  protocol ??= KNOWN_PROTOCOLS.find((candidate) => chainMatchesKubeProxyHash(chain.name, 'service', name, candidate));
  return {
    name,
    protocol: protocol ?? 'all',
    clusterIP: masq?.destination ? hostOf(masq.destination.cidr) : '',
    port: masq?.dport ?? 0,
    chain: chain.name,
    from: 'service chain',
  };
}

function endpointDnatProtocol(table: NatTable, chain: NatChain): string | undefined {
  for (const rule of chain.rules) {
    const dnat = table.chains.get(rule.target ?? '')?.rules.find((r) => r.target === 'DNAT');
    if (dnat?.protocol && dnat.protocol !== 'all') return dnat.protocol;
  }
  return undefined;
}

function explainService(table: NatTable, entry: ServiceEntry, findings: Findings): ServiceView {
  const chain = table.chains.get(entry.chain);
  const label = `Service ${entry.name}`;
  const chainMatches = chainMatchesKubeProxyHash(entry.chain, 'service', entry.name, entry.protocol);
  if (!chainMatches) {
    findings.problem(
      `${label}: chain ${entry.chain} is not the name kube-proxy derives from "${entry.name}" and ${entry.protocol}.`,
    );
  }
  const view: ServiceView = {
    name: entry.name,
    protocol: entry.protocol,
    clusterIP: entry.clusterIP,
    port: entry.port,
    chain: entry.chain,
    chainMatchesKubeProxyHash: chainMatches,
    masqueradeUnlessFrom: masqueradeSource(table, entry, chain),
    endpoints: [],
  };
  if (!chain) {
    findings.absent(entry.chain, `the KUBE-SERVICES rule for ${entry.name}`);
    return view;
  }
  if (chain.rules.some((rule) => rule.recentAction === 'rcheck')) view.sessionAffinity = true;
  const endpointRules = chain.rules.filter(
    (rule) => rule.target?.startsWith('KUBE-SEP-') && rule.recentAction !== 'rcheck',
  );
  if (endpointRules.length === 0) {
    findings.problem(`${label}: ${entry.chain} has no endpoint rules, so new connections to it are not translated.`);
  }
  const expected = expectedRuleProbabilities(endpointRules.length);
  const endpointShares = shares(endpointRules.map((rule) => rule.probability ?? null));
  view.endpoints = endpointRules.map((rule, index) =>
    explainEndpoint(table, entry, rule, endpointShares[index]!, findings),
  );
  endpointRules.forEach((rule, index) => {
    const want = expected[index]!;
    if (probabilityMatches(rule.probability, want)) return;
    const n = endpointRules.length;
    findings.problem(
      want === null
        ? `${label}: the last endpoint rule (${rule.target}) has probability ${formatProbability(rule.probability)}; ` +
            'kube-proxy leaves it without one so that every new connection gets an endpoint.'
        : `${label}: endpoint rule ${index + 1} of ${n} (${rule.target}) has probability ` +
            `${formatProbability(rule.probability)}; kube-proxy writes 1/${n - index} = ${want.toFixed(5)}.`,
    );
  });
  return view;
}

function masqueradeSource(table: NatTable, entry: ServiceEntry, chain: NatChain | undefined): string | null {
  const isMasqUnlessFrom = (rule: NatRule) => rule.target === 'KUBE-MARK-MASQ' && rule.source?.negated === true;
  const inChain = chain?.rules.find(isMasqUnlessFrom);
  if (inChain?.source) return inChain.source.cidr;
  // kube-proxy before v1.23 wrote this rule in KUBE-SERVICES, next to the service's jump
  const legacy = table.chains
    .get('KUBE-SERVICES')
    ?.rules.find(
      (rule) =>
        isMasqUnlessFrom(rule) &&
        rule.dport === entry.port &&
        rule.destination !== undefined &&
        hostOf(rule.destination.cidr) === entry.clusterIP,
    );
  return legacy?.source?.cidr ?? null;
}

function explainEndpoint(
  table: NatTable,
  entry: ServiceEntry,
  rule: NatRule,
  share: number,
  findings: Findings,
): EndpointView {
  const sepName = rule.target!;
  const label = `Service ${entry.name}, endpoint chain ${sepName}`;
  const comment = ENDPOINT_COMMENT.exec(rule.comment ?? '');
  if (comment && comment[1] !== entry.name) {
    findings.problem(`${label}: the jump's comment names ${comment[1]}, not ${entry.name}.`);
  }
  const sep = table.chains.get(sepName);
  const dnat = sep?.rules.find((r) => r.target === 'DNAT');
  if (!sep) findings.absent(sepName, `${entry.chain} (${entry.name})`);
  else if (!dnat) findings.problem(`${label} has no DNAT rule, so connections sent there keep the service address.`);
  else if (!dnat.dnatTo) findings.problem(`${label}: its DNAT rule has no destination.`);
  const fromComment = comment?.[2];
  if (fromComment && dnat?.dnatTo && fromComment !== dnat.dnatTo) {
    findings.problem(`${label}: the jump's comment says ${fromComment} but the DNAT goes to ${dnat.dnatTo}.`);
  }
  if (dnat?.protocol && entry.protocol !== 'all' && dnat.protocol !== 'all' && dnat.protocol !== entry.protocol) {
    findings.problem(`${label}: the DNAT rule matches ${dnat.protocol}, the service is ${entry.protocol}.`);
  }
  const address = dnat?.dnatTo ?? fromComment ?? '';
  if (!address && sep) findings.problem(`${label}: no endpoint address in its comment or DNAT rule.`);
  const chainMatches =
    address !== '' && chainMatchesKubeProxyHash(sepName, 'endpoint', entry.name, entry.protocol, address);
  if (address && !chainMatches) {
    findings.problem(`${label}: the chain name is not the one kube-proxy derives for ${address}.`);
  }
  const view: EndpointView = {
    address,
    chain: sepName,
    chainMatchesKubeProxyHash: chainMatches,
    ruleProbability: rule.probability ?? null,
    share,
  };
  const hairpin = sep?.rules.find((r) => r.target === 'KUBE-MARK-MASQ' && r.source && !r.source.negated);
  if (hairpin?.source) {
    view.hairpinMasqFrom = hostOf(hairpin.source.cidr);
    const endpointIp = address.replace(/:\d+$/, '');
    if (address && view.hairpinMasqFrom !== endpointIp) {
      findings.problem(`${label}: it marks traffic from ${view.hairpinMasqFrom} for masquerade, not from the endpoint ${endpointIp}.`);
    }
  } else if (sep && dnat) {
    findings.problem(`${label} has no rule marking the endpoint's own traffic for masquerade (hairpin).`);
  }
  if (dnat?.counters) view.counters = dnat.counters;
  return view;
}

function reportUnusedChains(table: NatTable, services: ServiceView[], findings: Findings): void {
  const used = new Set<string>();
  for (const service of services) {
    used.add(service.chain);
    for (const endpoint of service.endpoints) used.add(endpoint.chain);
  }
  for (const name of table.chains.keys()) {
    if (/^KUBE-(SVC|SEP)-/.test(name) && !used.has(name)) {
      findings.problem(`${name} is not used by any service: a stale chain kube-proxy should have removed.`);
    }
  }
}

function looseEndpointChains(table: NatTable, services: ServiceView[]): LooseEndpointChain[] {
  const reached = new Set(services.flatMap((service) => service.endpoints.map((endpoint) => endpoint.chain)));
  const loose: LooseEndpointChain[] = [];
  for (const chain of table.chains.values()) {
    if (!chain.name.startsWith('KUBE-SEP-') || reached.has(chain.name)) continue;
    const dnat = chain.rules.find((rule) => rule.target === 'DNAT');
    const service = chain.rules.find((rule) => rule.comment)?.comment ?? '';
    const protocol = dnat?.protocol ?? 'all';
    const address = dnat?.dnatTo ?? '';
    const view: LooseEndpointChain = {
      chain: chain.name,
      service,
      protocol,
      address,
      chainMatchesKubeProxyHash:
        service !== '' && address !== '' && chainMatchesKubeProxyHash(chain.name, 'endpoint', service, protocol, address),
    };
    const hairpin = chain.rules.find((rule) => rule.target === 'KUBE-MARK-MASQ' && rule.source && !rule.source.negated);
    if (hairpin?.source) view.hairpinMasqFrom = hostOf(hairpin.source.cidr);
    if (dnat?.counters) view.counters = dnat.counters;
    loose.push(view);
  }
  return loose;
}
