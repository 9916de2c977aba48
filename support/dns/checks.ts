/**
 * Pure checks of the DNS promises labs make: what the Corefile configures, what kubelet writes into a
 * pod's resolv.conf, what Docker/Kind write into a node's, and what dig got back. Each takes the text
 * labgate read (or a parsed model) and plain expected values, and returns a Finding in the lab's words.
 */
import { finding, textEvidence, type Finding } from '../floor/finding.ts';
import { describeError } from '../floor/errors.ts';
import {
  directivesNamed,
  directiveText,
  parseCorefile,
  type Corefile,
  type Directive,
  type ServerBlock,
} from './corefile.ts';
import { parseDig, type DigOutput, type DigReply } from './dig.ts';
import { absoluteName, podSearchList } from './names.ts';
import { parseResolvConf } from './resolvConf.ts';

/** CoreDNS's kubernetes plugin answers with TTL 5 when the Corefile sets none. */
export const COREDNS_DEFAULT_TTL = 5;

const COREFILE_LOOK = '`kubectl -n kube-system get configmap coredns -o yaml`';

function tryParseCorefile(text: string): { corefile: Corefile | null; problem: string | null } {
  try {
    return { corefile: parseCorefile(text), problem: null };
  } catch (err) {
    return { corefile: null, problem: describeError(err) };
  }
}

function servesZone(server: ServerBlock, zone: string): boolean {
  return server.keys.some(
    (k) => k.scheme === 'dns' && k.port === 53 && (zone === k.zone || zone.endsWith(`.${k.zone}`) || k.zone === '.'),
  );
}

/** The zones a kubernetes directive answers for: its arguments, or its server block's zones. */
function kubernetesZones(d: Directive, server: ServerBlock): string[] {
  return (d.args.length > 0 ? d.args : server.keys.map((k) => k.zone)).map(absoluteName);
}

export interface ClusterDomainServed {
  served: boolean;
  ttl: number | null;
}

/** The Corefile has a `kubernetes <domain> ...` directive on port 53 whose block sets `ttl <ttl>`. */
export function corefileServesClusterDomain(
  corefileText: string,
  domain: string,
  ttl: number,
): Finding<ClusterDomainServed> {
  const zone = absoluteName(domain);
  const { corefile, problem } = tryParseCorefile(corefileText);
  const evidence = [textEvidence('Corefile', corefileText)];
  const plugin = corefile?.servers
    .filter((s) => servesZone(s, zone))
    .flatMap((s) => directivesNamed(s.directives, 'kubernetes').filter((d) => kubernetesZones(d, s).includes(zone)))[0];
  const ttlDirective = plugin ? directivesNamed(plugin.block, 'ttl')[0] : undefined;
  const observedTtl = plugin ? (ttlDirective ? Number(ttlDirective.args[0]) : COREDNS_DEFAULT_TTL) : null;
  const observed = { served: plugin !== undefined, ttl: observedTtl };
  const seen = problem
    ? `it does not parse (${problem})`
    : plugin
      ? `its line ${plugin.line} reads \`${directiveText(plugin)}\`, so the TTL is ` +
        `${observedTtl}${ttlDirective ? '' : ' (the default: no ttl line)'}`
      : `no kubernetes directive on port 53 covers ${domain} (server blocks: ` +
        `${corefile!.servers.map((s) => s.keys.map((k) => k.text).join(' ')).join('; ') || 'none'})`;
  return finding(
    { served: true, ttl },
    observed,
    `The lab promises that CoreDNS serves ${domain} from the kubernetes plugin with \`ttl ${ttl}\`; in the ` +
      `coredns ConfigMap's Corefile ${seen}. Check ${COREFILE_LOOK}.`,
    evidence,
  );
}

export interface Forwarding {
  from: string | null;
  to: string[];
}

/** The port-53 server for "." forwards "." to /etc/resolv.conf: the resolver of the node CoreDNS runs on. */
export function corefileForwardsToNodeResolver(corefileText: string): Finding<Forwarding> {
  const { corefile, problem } = tryParseCorefile(corefileText);
  const forward = corefile?.servers
    .filter((s) => s.keys.some((k) => k.scheme === 'dns' && k.port === 53 && k.zone === '.'))
    .flatMap((s) => directivesNamed(s.directives, 'forward'))[0];
  const observed: Forwarding = forward
    ? { from: forward.args[0] ?? null, to: forward.args.slice(1) }
    : { from: null, to: [] };
  const seen = problem
    ? `it does not parse (${problem})`
    : forward
      ? `line ${forward.line} reads \`${directiveText(forward)}\``
      : 'the server block for "." on port 53 has no forward directive';
  return finding(
    { from: '.', to: ['/etc/resolv.conf'] },
    observed,
    `The lab promises that names outside the cluster are forwarded to the node's resolver (\`forward . ` +
      `/etc/resolv.conf\`); in the coredns ConfigMap's Corefile ${seen}. Check ${COREFILE_LOOK}.`,
    [textEvidence('Corefile', corefileText)],
  );
}

export interface ResolverSettings {
  nameservers: string[];
  search: string[];
  ndots: number;
}

export interface PodResolverPromise {
  /** where the file was read, for messages: "pod multitool-1-8c8fb (default) on k8s-dns-worker" */
  where: string;
  namespace: string;
  domain: string;
  dnsVip: string;
  /** the search domains of the node the pod runs on, in order */
  nodeSearch: string[];
}

/** kubelet's resolv.conf for a ClusterFirst pod: the kube-dns VIP, ndots:5, the namespace's search list. */
export function podResolvConfIsClusterFirst(resolvConfText: string, p: PodResolverPromise): Finding<ResolverSettings> {
  const rc = parseResolvConf(resolvConfText);
  const expected: ResolverSettings = {
    nameservers: [p.dnsVip],
    search: podSearchList(p.namespace, p.domain, p.nodeSearch),
    ndots: 5,
  };
  const observed: ResolverSettings = { nameservers: rc.nameservers, search: rc.search, ndots: rc.ndots };
  return finding(
    expected,
    observed,
    `The lab promises that kubelet points ${p.where} at the kube-dns Service (nameserver ${p.dnsVip}), with ` +
      `\`options ndots:5\` and the search list \`${expected.search.join(' ')}\` (its namespace's domains, then ` +
      `the node's); its /etc/resolv.conf has nameserver ${rc.nameservers.join(', ') || 'none'}, ndots ` +
      `${rc.ndots}${typeof rc.options.ndots === 'string' ? '' : ' (not set)'}, search ` +
      `\`${rc.search.join(' ')}\`. Check the pod's dnsPolicy and the kubelet's clusterDNS and clusterDomain.`,
    [textEvidence(`/etc/resolv.conf of ${p.where}`, resolvConfText)],
  );
}

export interface NodeResolverSettings {
  nameservers: string[];
  ndots: number;
}

/** A Kind node's resolv.conf: Docker's network gateway as the nameserver, `ndots:0`. */
export function nodeResolvConfUsesGateway(
  resolvConfText: string,
  node: string,
  gateway: string,
): Finding<NodeResolverSettings> {
  const rc = parseResolvConf(resolvConfText);
  return finding(
    { nameservers: [gateway], ndots: 0 },
    { nameservers: rc.nameservers, ndots: rc.ndots },
    `The lab promises that node ${node} resolves through its Docker network's gateway ${gateway} with ` +
      `\`options ndots:0\`; its /etc/resolv.conf has nameserver ${rc.nameservers.join(', ') || 'none'} and ndots ` +
      `${rc.ndots}${typeof rc.options.ndots === 'string' ? '' : ' (not set, so the default 1)'}. Check \`docker ` +
      `exec ${node} cat /etc/resolv.conf\` and \`docker network inspect kind\`.`,
    [textEvidence(`/etc/resolv.conf of ${node}`, resolvConfText)],
  );
}

export interface Lookup {
  /** the command's words as the pod ran it, e.g. "dig +search nginx-service" */
  command: string;
  /** dig's output */
  output: string;
  /** where dig ran, for messages */
  where: string;
}

export interface LookupResult {
  status: string;
  question: string | null;
  /** "name ttl TYPE data" per A/AAAA answer record, sorted */
  answers: string[];
}

function onlyReply(out: DigOutput): DigReply | null {
  return out.replies.length === 1 ? out.replies[0]! : null;
}

function statusOf(out: DigOutput): string {
  const reply = onlyReply(out);
  if (out.replies.length > 1) return `${out.replies.length} replies`;
  if (reply?.status) return reply.status;
  if (out.failure) return `no reply (${out.failure.kind}: ${out.failure.line})`;
  return 'no reply';
}

function addressAnswers(reply: DigReply | null): string[] {
  return (reply?.answer ?? [])
    .filter((r) => r.type === 'A' || r.type === 'AAAA')
    .map((r) => `${r.name} ${r.ttl ?? '?'} ${r.type} ${r.data}`)
    .sort();
}

function observe(lookup: Lookup): LookupResult {
  const out = parseDig(lookup.output);
  const reply = onlyReply(out);
  return { status: statusOf(out), question: reply?.question[0]?.name ?? null, answers: addressAnswers(reply) };
}

function digEvidence(lookup: Lookup) {
  return [textEvidence(`${lookup.command} in ${lookup.where}`, `$ ${lookup.command}\n${lookup.output.trimEnd()}`)];
}

function answersLine(r: LookupResult): string {
  return r.answers.length > 0 ? r.answers.join('; ') : 'no address';
}

export interface AnswerPromise {
  /** the absolute or relative name the answer must be for, e.g. nginx-service.default.svc.cluster.local */
  name: string;
  addresses: string[];
  ttl: number;
  /**
   * the lab's words for what the addresses are: "the ClusterIP of nginx-service", "the ready pod IPs of redis-headless"
   */
  what: string;
}

/**
 * NOERROR, the question expanded to `name`, and A answers for exactly `addresses`, each with `ttl`.
 * A TTL below `ttl` can come from CoreDNS's cache; a step that must tell the two apart asks again.
 */
export function lookupAnswersExactly(lookup: Lookup, p: AnswerPromise): Finding<LookupResult> {
  const name = absoluteName(p.name);
  // no address to expect is nothing to check: "no answer = no answer" would pass a broken lookup
  const answers = p.addresses.map((a) => `${name} ${p.ttl} ${a.includes(':') ? 'AAAA' : 'A'} ${a}`).sort();
  const expected: LookupResult = {
    status: 'NOERROR',
    question: name,
    answers: answers.length ? answers : [`(${p.what}: none known)`],
  };
  const observed = observe(lookup);
  return finding(
    expected,
    observed,
    `The lab promises that \`${lookup.command}\` in ${lookup.where} asks for ${name} and gets NOERROR with ` +
      `${p.what} (${p.addresses.join(', ') || 'none known, so there is nothing to expect'}), TTL ${p.ttl}; dig ` +
      `got ${observed.status} for ${observed.question ?? 'no question'} with ${answersLine(observed)}. Check the ` +
      `pod's /etc/resolv.conf, the CoreDNS pods (\`kubectl -n kube-system get pods -l k8s-app=kube-dns\`) and ` +
      `the Corefile's ttl.`,
    digEvidence(lookup),
  );
}

export interface NonResolution {
  addresses: string[];
  status: string;
}

const NO_ANSWER_STATUSES = ['NXDOMAIN', 'SERVFAIL'];

/**
 * The name gets no address: NXDOMAIN or SERVFAIL (which one depends on the cluster's upstream
 * resolver; the finding names it). A timeout is not a DNS answer and fails.
 */
export function lookupGetsNoAddress(lookup: Lookup, name: string): Finding<NonResolution> {
  const r = observe(lookup);
  const observed: NonResolution = { addresses: r.answers, status: r.status };
  const acceptable = NO_ANSWER_STATUSES.includes(r.status);
  // the status is reported either way: a pass names which of the two the cluster answered
  const expected: NonResolution = { addresses: [], status: acceptable ? r.status : NO_ANSWER_STATUSES.join(' or ') };
  const note =
    r.status === 'NXDOMAIN'
      ? ' (the lab shows SERVFAIL, which comes from its upstream resolver; NXDOMAIN is the other way a name fails)'
      : '';
  return finding(
    expected,
    observed,
    `The lab promises that \`${lookup.command}\` in ${lookup.where} gets no address for ${name} from the ` +
      `cluster DNS (SERVFAIL or NXDOMAIN); dig got ${r.status}${note} for ${r.question ?? 'no question'} with ` +
      `${answersLine(r)}. Check the pod's search list in /etc/resolv.conf and what the cluster DNS forwards.`,
    [...digEvidence(lookup), textEvidence('status', `${r.status}${note}`)],
  );
}
