/**
 * The nat table read as kube-proxy's services: every way in, which endpoints get the traffic with what share, and what
 * is wrong.
 */
import type {
  EndpointView,
  ExplainResult,
  LooseEndpointChain,
  NatChain,
  NatRule,
  NatTable,
  ServiceView,
  TrafficRoute,
  WayIn,
  WayInKind,
} from './types.ts';
import { chainMatchesKubeProxyHash } from './kubeProxyNames.ts';
import { IPTABLES_NAMING, type ChainNaming } from './naming.ts';
import { probabilityMatches } from './probability.ts';
import { hostOf } from './normalise.ts';
import { canonicalIp, joinHostPort, sameEndpoint, sameIp, splitHostPort } from '../floor/address.ts';
import { marksForMasquerade } from './iptables/marks.ts';
import { isEndpointChoice, walkRoutes } from './iptables/routes.ts';
import { FilterIndex } from './iptables/filterIndex.ts';

const ENTRY_COMMENT = /^(.+) (cluster IP|external IP|loadbalancer IP)$/;
const CLUSTER_IP_COMMENT = /^(.+) cluster IP$/;
const ENDPOINT_COMMENT = /^(.+) -> (\S+)$/;
const KNOWN_PROTOCOLS = ['tcp', 'udp', 'sctp'];
const KIND_OF: Record<string, WayInKind> = {
  'cluster IP': 'clusterIP',
  'external IP': 'externalIP',
  'loadbalancer IP': 'loadBalancer',
};
const KUBE_PROXY_CHAIN = /^KUBE-(SVC|SEP|EXT|FW|SVL|XLB)-/;

export const ENDPOINTS_NOT_SHOWN = 'its endpoint rules are not in this input';

function formatProbability(value: number | null | undefined): string {
  return value === null || value === undefined ? 'none' : String(value);
}

/** Collects problems (the rules are wrong) apart from notes (the input left something out). */
export class Findings {
  readonly problems: string[] = [];
  readonly notes: string[] = [];
  constructor(private readonly wholeTable: boolean) {}
  problem(sentence: string): void {
    this.problems.push(sentence);
  }
  note(sentence: string): void {
    this.notes.push(sentence);
  }
  /** A chain the rules point to but the input lacks: wrong in a whole-table listing, expected in a partial one. */
  absent(chain: string, pointedFrom: string): void {
    if (this.wholeTable) this.problems.push(`${pointedFrom} jumps to ${chain}, but there is no such chain.`);
    else this.notes.push(`${chain} (used by ${pointedFrom}) is not in this input, so what it does is not shown.`);
  }
}

/** One way in as the entry chains list it: its rules in order (a mark rule, then the jump). */
export interface Entry {
  name: string;
  protocol: string;
  kind: WayInKind;
  address: string;
  port: number;
  rules: NatRule[];
  sourceRanges?: string[]; // nftables: from the firewall chain the LB address is checked against
  alsoUses?: string[]; // chains the way in uses outside its rules (nftables' firewall- chain)
}

/** A service port being assembled: its ways in and the chains they lead to. */
export interface Build {
  name: string;
  protocol: string;
  entries: Entry[];
  ownChain?: string; // a KUBE-SVC- chain found without an entry (partial input)
}

export function explainNat(table: NatTable): ExplainResult {
  const findings = new Findings(table.wholeTable === true);
  for (const problem of table.problems ?? []) findings.problem(`Could not read ${problem}`);
  const builds = collectBuilds(table, findings);
  return explainBuilds(table, builds, new FilterIndex(table.filter), IPTABLES_NAMING, findings);
}

/** What a backend's reader found, explained the same way whatever the backend (iptables or nftables). */
export function explainBuilds(
  table: NatTable,
  builds: Map<string, Build>,
  filter: FilterIndex,
  naming: ChainNaming,
  findings = new Findings(table.wholeTable === true),
): ExplainResult {
  const used = new UsedChains(table);
  const context: Context = { table, filter, findings, used, naming };
  const services = [...builds.values()].map((build) => explainService(context, build));
  addServicesWithoutEndpoints(table, services, filter, builds);
  const result: ExplainResult = { format: table.format, services, problems: findings.problems };
  if (table.wholeTable) reportUnusedChains(context);
  else {
    const loose = looseEndpointChains(table, used);
    if (loose.length > 0) result.looseEndpointChains = loose;
  }
  if (findings.notes.length > 0) result.notes = findings.notes;
  return result;
}

/**
 * Which chains some Service uses, marked on the chain objects themselves (100,000s of them in a big table);
 * each explanation marks with its own token, so explaining a table again starts clean.
 */
const USED = Symbol('used');
type Markable = NatChain & { [USED]?: UsedChains };

class UsedChains {
  constructor(private readonly table: NatTable) {}
  add(name: string): void {
    const chain = this.table.chains.get(name) as Markable | undefined;
    if (chain) chain[USED] = this;
  }
  mark(chain: NatChain): void {
    (chain as Markable)[USED] = this;
  }
  has(chain: NatChain): boolean {
    return (chain as Markable)[USED] === this;
  }
}

interface Context {
  table: NatTable;
  filter: FilterIndex;
  findings: Findings;
  used: UsedChains;
  naming: ChainNaming;
  legacyMasq?: Map<string, string>;
}

function serviceKey(name: string, protocol: string): string {
  return `${name}|${protocol}`;
}

function buildOf(builds: Map<string, Build>, name: string, protocol: string): Build {
  const key = serviceKey(name, protocol);
  let build = builds.get(key);
  if (!build) builds.set(key, (build = { name, protocol, entries: [] }));
  return build;
}

/** Every way in from KUBE-SERVICES and KUBE-NODEPORTS, grouped by service port, then services known only by a chain. */
function collectBuilds(table: NatTable, findings: Findings): Map<string, Build> {
  const builds = new Map<string, Build>();
  const add = (name: string, kind: WayInKind, address: string, port: number, rule: NatRule) => {
    const protocol = rule.protocol ?? 'all';
    const build = buildOf(builds, name, protocol);
    // a way in is one address and port of one build: its rules are a mark, then the jump
    let entry: Entry | undefined;
    for (const known of build.entries)
      if (known.kind === kind && known.port === port && known.address === address) entry = known;
    if (!entry) build.entries.push((entry = { name, protocol, kind, address, port, rules: [] }));
    entry.rules.push(rule);
  };
  for (const rule of table.chains.get('KUBE-SERVICES')?.rules ?? []) {
    const comment = ENTRY_COMMENT.exec(rule.comment ?? '');
    if (!comment || !rule.target) continue;
    const kind = KIND_OF[comment[2]!]!;
    if (!rule.destination || rule.dport === undefined) {
      if (kind === 'clusterIP' && rule.target.startsWith('KUBE-SVC-')) {
        findings.problem(`The KUBE-SERVICES rule for ${comment[1]} does not match one destination address and port.`);
      }
    }
    add(comment[1]!, kind, rule.destination ? hostOf(rule.destination.cidr) : '', rule.dport ?? 0, rule);
  }
  for (const rule of table.chains.get('KUBE-NODEPORTS')?.rules ?? []) {
    if (!rule.comment || !rule.target || rule.dport === undefined) continue;
    add(rule.comment.replace(/ (nodePort|node port)$/i, ''), 'nodePort', '', rule.dport, rule);
  }
  // A partial input (one -L KUBE-SVC-... listing) still names its service in the chain's own rules;
  // in a whole table, a service chain nothing jumps to is reported as unused instead.
  if (table.wholeTable) return builds;
  const reached = new Set<string>();
  for (const build of builds.values()) {
    for (const entry of build.entries) for (const rule of entry.rules) if (rule.target) reached.add(rule.target);
  }
  for (const chain of table.chains.values()) {
    if (!chain.name.startsWith('KUBE-SVC-') || reached.has(chain.name)) continue;
    const derived = serviceFromOwnChain(table, chain);
    if (!derived) {
      findings.problem(`${chain.name} has no rule whose comment names its service.`);
      continue;
    }
    const build = buildOf(builds, derived.name, derived.protocol);
    if (derived.masq)
      build.entries.push({
        name: derived.name,
        protocol: derived.protocol,
        kind: 'clusterIP',
        address: derived.clusterIP,
        port: derived.port,
        rules: [],
      });
    build.ownChain = chain.name;
  }
  return builds;
}

interface DerivedService {
  name: string;
  protocol: string;
  clusterIP: string;
  port: number;
  masq: boolean;
}

function serviceFromOwnChain(table: NatTable, chain: NatChain): DerivedService | null {
  const masq = chain.rules.find((rule) => marksForMasquerade(rule) && rule.destination);
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
    masq: masq !== undefined,
  };
}

function endpointDnatProtocol(table: NatTable, chain: NatChain): string | undefined {
  for (const rule of chain.rules) {
    const dnat = table.chains.get(rule.target ?? '')?.rules.find((r) => r.target === 'DNAT');
    if (dnat?.protocol && dnat.protocol !== 'all') return dnat.protocol;
  }
  return undefined;
}

function shownAs(kind: WayInKind, address: string, port: number): string {
  return kind === 'nodePort' ? `node port ${port}` : joinHostPort(address, port);
}

function explainService(context: Context, build: Build): ServiceView {
  const { table, filter, findings, used, naming } = context;
  const { name, protocol } = build;
  const label = `Service ${name}`;
  const clusterEntry = build.entries.find((entry) => entry.kind === 'clusterIP');
  const clusterJump = clusterEntry?.rules.find((rule) => rule.target && !marksForMasquerade(rule))?.target;
  const chainName = clusterJump ?? build.ownChain ?? firstServiceChain(build) ?? '';
  const matchedSpelling = chainName ? naming.serviceChainSpelling(chainName, name, protocol) : undefined;
  const chainMatches = matchedSpelling !== undefined;
  if (chainName && !chainMatches) {
    findings.problem(`${label}: chain ${chainName} is not the name kube-proxy derives from "${name}" and ${protocol}.`);
  }
  const spelling = matchedSpelling ?? name;
  const view: ServiceView = {
    name,
    protocol,
    clusterIP: clusterEntry?.address ?? '',
    port: clusterEntry?.port ?? 0,
    chain: chainName,
    chainMatchesKubeProxyHash: chainMatches,
    masqueradeUnlessFrom: masqueradeSource(context, clusterEntry, table.chains.get(chainName)),
    endpoints: [],
  };
  if (table.family) view.family = table.family;
  const choices: Choices = {
    name,
    spelling,
    protocol,
    view,
    firstChain: '',
    first: null,
    secondChain: '',
    second: null,
  };
  if (chainName) used.add(chainName);
  const serviceChain = chainName ? table.chains.get(chainName) : undefined;
  if (chainName && !serviceChain) {
    const from = clusterEntry && clusterEntry.rules.length > 0 ? `the KUBE-SERVICES rule for ${name}` : `${name}`;
    findings.absent(chainName, from);
    if (!table.wholeTable) view.endpointsNotShown = ENDPOINTS_NOT_SHOWN;
  } else if (serviceChain) {
    view.endpoints = endpointsOf(context, choices, chainName);
  }

  const waysIn: WayIn[] = [];
  for (const entry of build.entries) {
    const way: WayIn = {
      kind: entry.kind,
      address: entry.address,
      port: entry.port,
      shownAs: shownAs(entry.kind, entry.address, entry.port),
      chain: jumpOf(entry.rules)?.target ?? chainName,
      routes: [],
    };
    const plain = plainRoute(context, entry, chainName);
    const walk = plain
      ? null
      : walkRoutes(table, entry.rules.length > 0 ? entry.rules : [syntheticJump(chainName)], naming);
    for (const chain of entry.alsoUses ?? []) used.add(chain);
    if (walk) {
      if (entry.sourceRanges) walk.sourceRanges.push(...entry.sourceRanges);
      for (const chain of walk.chains) used.add(chain);
      way.routes = walk.routes;
      if (walk.sourceRanges.length > 0) way.sourceRanges = walk.sourceRanges;
    } else way.routes.push(plain!);
    if (walk?.fellThrough) {
      const verdict = filter.verdictFor(entry.address, entry.port, protocol);
      if (!verdict && !filter.present) {
        findings.note(
          `${name}: some traffic to ${shownAs(entry.kind, entry.address, entry.port)} leaves the nat rules ` +
            `untranslated; kube-proxy drops or rejects it in the filter table, which is not in this input.`,
        );
      }
      way.routes.push({
        from: way.routes.length > 0 ? 'other clients' : 'any client',
        to: verdict?.to ?? 'notTranslated',
        masquerade: false,
      });
    }
    const counted = jumpOf(entry.rules)?.counters;
    if (counted) way.counters = counted;
    for (const route of way.routes) {
      if (route.to === 'notShown' && route.chain && route.chain !== chainName) {
        findings.absent(
          route.chain,
          `the ${entry.kind === 'nodePort' ? 'KUBE-NODEPORTS' : 'KUBE-SERVICES'} rule for ${name}`,
        );
      }
      if ((route.to === 'endpoints' || route.to === 'localEndpoints') && route.chain && route.chain !== chainName) {
        const views = endpointsOf(context, choices, route.chain);
        if (route.to === 'localEndpoints' && !view.localChain) {
          view.localChain = route.chain;
          view.localEndpoints = views;
        }
      }
    }
    if (entry === clusterEntry && counted) view.counters = counted;
    waysIn.push(way);
  }
  view.waysIn = waysIn;
  describePolicies(view, chainName);
  if (view.endpoints.length === 0 && serviceChain && !view.endpointsNotShown && !view.localEndpoints?.length) {
    const verdict = view.clusterIP ? filter.verdictFor(view.clusterIP, view.port, protocol) : undefined;
    if (verdict) view.noEndpoints = verdict.to;
    else if (!filter.present) {
      // how kube-proxy before v1.9 wrote a Service without endpoints: an empty chain, and a REJECT in the filter table
      view.noEndpoints = 'not translated';
      findings.note(
        `${label}: ${chainName} is empty, so new connections are not translated; kube-proxy rejects them in ` +
          `the filter table, which is not in this input.`,
      );
    } else
      findings.problem(`${label}: ${chainName} has no endpoint rules, so new connections to it are not translated.`);
  }
  return view;
}

/** The endpoint choices of one service, each chain explained once (the cluster chain, a Local chain). */
interface Choices {
  name: string;
  spelling: string;
  protocol: string;
  view: ServiceView;
  firstChain: string;
  first: EndpointView[] | null;
  secondChain: string;
  second: EndpointView[] | null;
  more?: Map<string, EndpointView[]>; // a third chain or more (not a layout kube-proxy writes)
}

function endpointsOf(context: Context, choices: Choices, chain: string): EndpointView[] {
  if (choices.first && choices.firstChain === chain) return choices.first;
  if (choices.second && choices.secondChain === chain) return choices.second;
  const known = choices.more?.get(chain);
  if (known) return known;
  const views = explainChoice(context, choices.name, choices.spelling, choices.protocol, chain, choices.view);
  if (!choices.first) {
    choices.firstChain = chain;
    choices.first = views;
  } else if (!choices.second) {
    choices.secondChain = chain;
    choices.second = views;
  } else (choices.more ??= new Map()).set(chain, views);
  return views;
}

/** The rule of a way in that jumps somewhere (not its masquerade mark). */
function jumpOf(rules: NatRule[]): NatRule | undefined {
  for (const rule of rules) if (rule.target && !marksForMasquerade(rule)) return rule;
  return undefined;
}

function syntheticJump(target: string): NatRule {
  return { chain: '', position: 0, raw: '', target };
}

/** The common case without a walk: one unconditional jump straight to the service's endpoint choice. */
function plainRoute(context: Context, entry: Entry, chainName: string): TrafficRoute | null {
  const rule = entry.rules.length === 1 ? entry.rules[0]! : null;
  if (!rule || rule.target !== chainName || rule.source || rule.srcType || rule.recentAction || entry.sourceRanges)
    return null;
  if (!isEndpointChoice(context.table, chainName, context.naming)) return null;
  const to = context.naming.isLocalChoice(chainName) ? 'localEndpoints' : 'endpoints';
  return { from: 'any client', to, masquerade: false, chain: chainName };
}

function firstServiceChain(build: Build): string | undefined {
  for (const entry of build.entries) {
    for (const rule of entry.rules)
      if (rule.target && KUBE_PROXY_CHAIN.test(rule.target))
        return rule.target.replace(/^KUBE-(EXT|FW|XLB)-/, 'KUBE-SVC-');
  }
  return undefined;
}

/** Traffic policies as the chains show them; endpoints only the Local chain uses are serving-but-terminating. */
function describePolicies(view: ServiceView, chainName: string): void {
  // with Local policy, traffic from outside (the last route) goes to local endpoints only, or is dropped;
  // pods and the node itself are short-circuited to all endpoints first
  let local = false;
  let shortCircuits = false;
  let leavesForEndpoints = false;
  let leavesElsewhere = false;
  for (const way of view.waysIn ?? []) {
    if (way.kind === 'clusterIP' || way.routes.length === 0) continue;
    const last = way.routes[way.routes.length - 1]!.to;
    if (last === 'localEndpoints') local = true;
    else if (last === 'endpoints') leavesForEndpoints = true;
    else leavesElsewhere = true;
    for (const route of way.routes)
      if (route.from.startsWith('pods in') || route.from.startsWith('this node')) shortCircuits = true;
  }
  if (local || (shortCircuits && leavesElsewhere)) view.externalTrafficPolicy = 'Local';
  else if (leavesForEndpoints) view.externalTrafficPolicy = 'Cluster';
  if (chainName.startsWith('KUBE-SVL-')) view.internalTrafficPolicy = 'Local';
  if (view.localEndpoints && view.endpoints.length > 0 && view.localChain !== chainName) {
    for (const endpoint of view.localEndpoints) {
      if (!view.endpoints.some((cluster) => sameEndpoint(cluster.address, endpoint.address)))
        endpoint.terminating = true;
    }
  }
}

/** The endpoints one endpoint-choosing chain (KUBE-SVC-, KUBE-SVL-, KUBE-XLB-) picks from, with their shares. */
function explainChoice(
  context: Context,
  name: string,
  spelling: string,
  protocol: string,
  chainName: string,
  view: ServiceView,
): EndpointView[] {
  const { table, findings, used, naming } = context;
  const chain = table.chains.get(chainName);
  if (!chain) return [];
  used.add(chainName);
  const label = `Service ${name}`;
  const endpointRules: NatRule[] = [];
  for (const rule of chain.rules) {
    if (rule.recentAction === 'rcheck') {
      view.sessionAffinity = true;
      if (rule.recentSeconds !== undefined && view.sessionAffinityTimeoutSeconds === undefined) {
        view.sessionAffinityTimeoutSeconds = rule.recentSeconds;
      }
    } else if (rule.target && naming.isEndpointChain(rule.target)) endpointRules.push(rule);
  }
  const n = endpointRules.length;
  const views: EndpointView[] = new Array(n);
  let remaining = 1; // share of new connections that reaches rule i
  for (let i = 0; i < n; i++) {
    const rule = endpointRules[i]!;
    const taken = remaining * (rule.probability ?? 1);
    remaining -= taken;
    views[i] = explainEndpoint(context, name, spelling, protocol, rule, taken);
    const want = i === n - 1 ? null : 1 / (n - i);
    if (probabilityMatches(rule.probability, want)) continue;
    const where = chainName === view.chain || view.chain === '' ? '' : ` in ${chainName}`;
    findings.problem(
      want === null
        ? `${label}: the last endpoint rule${where} (${rule.target}) has probability ` +
            `${formatProbability(rule.probability)}; ` +
            'kube-proxy leaves it without one so that every new connection gets an endpoint.'
        : `${label}: endpoint rule ${i + 1} of ${n}${where} (${rule.target}) has probability ` +
            `${formatProbability(rule.probability)}; kube-proxy writes 1/${n - i} = ${want.toFixed(5)}.`,
    );
  }
  return views;
}

function masqueradeSource(context: Context, entry: Entry | undefined, chain: NatChain | undefined): string | null {
  const inChain = chain?.rules.find(isMasqUnlessFrom);
  if (inChain?.source) return inChain.source.cidr;
  if (!entry) return null;
  // kube-proxy before v1.23 wrote this rule in KUBE-SERVICES, next to the service's jump
  return legacyMasqIndex(context).get(`${canonicalIp(entry.address)}|${entry.port}`) ?? null;
}

function isMasqUnlessFrom(rule: NatRule): boolean {
  return marksForMasquerade(rule) && rule.source?.negated === true;
}

/** The "! -s CIDR -d VIP --dport P -j KUBE-MARK-MASQ" rules of KUBE-SERVICES by VIP and port, read once. */
function legacyMasqIndex(context: Context): Map<string, string> {
  if (context.legacyMasq) return context.legacyMasq;
  const index = new Map<string, string>();
  for (const rule of context.table.chains.get('KUBE-SERVICES')?.rules ?? []) {
    if (isMasqUnlessFrom(rule) && rule.destination && rule.dport !== undefined) {
      const key = `${canonicalIp(hostOf(rule.destination.cidr))}|${rule.dport}`;
      if (!index.has(key)) index.set(key, rule.source!.cidr);
    }
  }
  context.legacyMasq = index;
  return index;
}

function endpointProblem(findings: Findings, name: string, chain: string, what: string): void {
  findings.problem(`Service ${name}, endpoint chain ${chain}${what}`);
}

function explainEndpoint(
  context: Context,
  name: string,
  spelling: string,
  protocol: string,
  rule: NatRule,
  share: number,
): EndpointView {
  const { table, findings, used, naming } = context;
  const sepName = rule.target!;
  // "ns/svc:port -> ip:port" (what ENDPOINT_COMMENT matches), read without a regular expression
  const comment = rule.comment;
  let arrow = comment ? comment.lastIndexOf(' -> ') : -1;
  if (arrow > 0 && (comment!.includes(' ', arrow + 4) || arrow + 4 === comment!.length)) arrow = -1;
  if (arrow > 0 && !(arrow === name.length && comment!.startsWith(name))) {
    endpointProblem(findings, name, sepName, `: the jump's comment names ${comment!.slice(0, arrow)}, not ${name}.`);
  }
  const sep = table.chains.get(sepName);
  if (sep) used.mark(sep);
  let dnat: NatRule | undefined;
  let hairpin: NatRule | undefined;
  for (const r of sep?.rules ?? []) {
    if (!dnat && r.target === 'DNAT') dnat = r;
    else if (!hairpin && r.source && !r.source.negated && marksForMasquerade(r)) hairpin = r;
  }
  if (!sep) findings.absent(sepName, `${rule.chain} (${name})`);
  else if (!dnat)
    endpointProblem(findings, name, sepName, ' has no DNAT rule, so connections sent there keep the service address.');
  else if (!dnat.dnatTo) endpointProblem(findings, name, sepName, ': its DNAT rule has no destination.');
  // the endpoint the comment names, sliced only when it is needed (it usually equals the DNAT address)
  const commentNamesDnat =
    arrow > 0 &&
    dnat?.dnatTo !== undefined &&
    comment!.length - arrow - 4 === dnat.dnatTo.length &&
    comment!.endsWith(dnat.dnatTo);
  const fromComment = arrow > 0 && !commentNamesDnat ? comment!.slice(arrow + 4) : undefined;
  if (fromComment && dnat?.dnatTo && !sameEndpoint(fromComment, dnat.dnatTo)) {
    endpointProblem(
      findings,
      name,
      sepName,
      `: the jump's comment says ${fromComment} but the DNAT goes to ${dnat.dnatTo}.`,
    );
  }
  if (dnat?.protocol && protocol !== 'all' && dnat.protocol !== 'all' && dnat.protocol !== protocol) {
    endpointProblem(findings, name, sepName, `: the DNAT rule matches ${dnat.protocol}, the service is ${protocol}.`);
  }
  const address = dnat?.dnatTo ?? fromComment ?? '';
  if (!address && sep) endpointProblem(findings, name, sepName, ': no endpoint address in its comment or DNAT rule.');
  const chainMatches = address !== '' && naming.endpointChainMatches(sepName, spelling, protocol, address);
  if (address && !chainMatches)
    endpointProblem(findings, name, sepName, `: the chain name is not the one kube-proxy derives for ${address}.`);
  const view: EndpointView = {
    address,
    chain: sepName,
    chainMatchesKubeProxyHash: chainMatches,
    ruleProbability: rule.probability ?? null,
    share,
  };
  if (hairpin?.source) {
    const from = hostOf(hairpin.source.cidr);
    view.hairpinMasqFrom = from;
    const plainMatch =
      address.length > from.length && address.charCodeAt(from.length) === 58 && address.startsWith(from);
    if (address && !plainMatch) {
      const endpointIp = splitHostPort(address).ip;
      if (!sameIp(from, endpointIp)) {
        endpointProblem(
          findings,
          name,
          sepName,
          `: it marks traffic from ${from} for masquerade, not from the endpoint ${endpointIp}.`,
        );
      }
    }
  } else if (sep && dnat) {
    endpointProblem(
      findings,
      name,
      sepName,
      " has no rule marking the endpoint's own traffic for masquerade (hairpin).",
    );
  }
  if (dnat?.counters) view.counters = dnat.counters;
  return view;
}

/** Services whose only rules are the filter table's REJECT/DROP for "has no endpoints". */
function addServicesWithoutEndpoints(
  table: NatTable,
  services: ServiceView[],
  filter: FilterIndex,
  builds: Map<string, Build>,
): void {
  const added = new Map<string, ServiceView>();
  for (const verdict of filter.noEndpoints) {
    if (verdict.noLocalEndpoints || !verdict.name || builds.has(serviceKey(verdict.name, verdict.protocol))) continue;
    const key = serviceKey(verdict.name, verdict.protocol);
    let view = added.get(key);
    if (!view) {
      view = {
        name: verdict.name,
        protocol: verdict.protocol,
        clusterIP: '',
        port: 0,
        chain: '',
        chainMatchesKubeProxyHash: false,
        masqueradeUnlessFrom: null,
        endpoints: [],
        waysIn: [],
        noEndpoints: verdict.to,
      };
      if (table.family) view.family = table.family;
      added.set(key, view);
      services.push(view);
    }
    if (verdict.kind === 'clusterIP') {
      view.clusterIP = verdict.address;
      view.port = verdict.port;
    }
    const way: WayIn = {
      kind: verdict.kind,
      address: verdict.address,
      port: verdict.port,
      shownAs: shownAs(verdict.kind, verdict.address, verdict.port),
      chain: '',
      routes: [{ from: 'any client', to: verdict.to, masquerade: false }],
    };
    if (verdict.rule.counters) way.counters = verdict.rule.counters;
    view.waysIn!.push(way);
  }
}

function reportUnusedChains({ table, used, findings, naming }: Context): void {
  for (const [name, chain] of table.chains) {
    if (!used.has(chain) && naming.isServiceChain(name)) {
      findings.problem(`${name} is not used by any service: a stale chain kube-proxy should have removed.`);
    }
  }
}

function looseEndpointChains(table: NatTable, used: UsedChains): LooseEndpointChain[] {
  const loose: LooseEndpointChain[] = [];
  for (const chain of table.chains.values()) {
    if (!chain.name.startsWith('KUBE-SEP-') || used.has(chain)) continue;
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
        service !== '' &&
        address !== '' &&
        chainMatchesKubeProxyHash(chain.name, 'endpoint', service, protocol, address),
    };
    const hairpin = chain.rules.find((rule) => marksForMasquerade(rule) && rule.source && !rule.source.negated);
    if (hairpin?.source) view.hairpinMasqFrom = hostOf(hairpin.source.cidr);
    if (dnat?.counters) view.counters = dnat.counters;
    loose.push(view);
  }
  return loose;
}
