/**
 * kube-proxy's nftables mode read into the same model as its iptables mode: the service-ips and
 * service-nodeports maps are the ways in, service-/local- chains pick an endpoint with numgen (read as shares),
 * endpoint- chains DNAT, the no-endpoint maps drop or reject, firewall- chains hold loadBalancerSourceRanges.
 */
import { createHash } from 'node:crypto';
import type { ExplainResult, NatChain, NatRule, NatTable, WayInKind } from '../types.ts';
import type { AddressFamily } from '../../floor/address.ts';
import { splitHostPort } from '../../floor/address.ts';
import { base32 } from '../kubeProxyNames.ts';
import { parseAddressMatch } from '../normalise.ts';
import type { ChainNaming } from '../naming.ts';
import { explainBuilds, Findings, type Build, type Entry } from '../explain.ts';
import { FilterIndex, type FilterVerdict } from '../iptables/filterIndex.ts';
import type { NftRule, NftTable } from './parseNft.ts';

const hash8 = (text: string) => base32(createHash('sha256').update(text).digest()).slice(0, 8);
const SERVICE_CHAIN = /^(service|local|external|firewall)-([A-Z2-7]{8})-([^/]+)\/([^/]+)\/(tcp|udp|sctp)\/(.*)$/;

/** "ns/svc:port" (or "ns/svc" for an unnamed port) and protocol of a service-/local-/external-/firewall- chain. */
export function serviceOfChain(chain: string): { name: string; protocol: string } | null {
  const match = SERVICE_CHAIN.exec(chain);
  if (!match) return null;
  return { name: match[6] ? `${match[3]}/${match[4]}:${match[6]}` : `${match[3]}/${match[4]}`, protocol: match[5]! };
}

function portName(name: string): { ns: string; svc: string; port: string } {
  const [ns, rest = ''] = name.split('/');
  const colon = rest.indexOf(':');
  return { ns: ns!, svc: colon < 0 ? rest : rest.slice(0, colon), port: colon < 0 ? '' : rest.slice(colon + 1) };
}

export const NFT_NAMING: ChainNaming = {
  isEndpointChain: (chain) => chain.startsWith('endpoint-'),
  isLocalChoice: (chain) => chain.startsWith('local-'),
  isServiceChain: (chain) => chain.includes('/'),
  serviceChainSpelling(chain, name, protocol) {
    const match = SERVICE_CHAIN.exec(chain);
    const { ns, svc, port } = portName(name);
    const text = `${ns}/${svc}/${protocol}/${port}`;
    return match && match[2] === hash8(text) && chain.endsWith(`-${text}`) ? name : undefined;
  },
  endpointChainMatches(chain, spelling, protocol, address) {
    const { ns, svc, port } = portName(spelling);
    const { ip, port: endpointPort } = splitHostPort(address);
    const text = `${ns}/${svc}/${protocol}/${port}__${ip.replaceAll(':', '.')}/${endpointPort}`;
    return chain === `endpoint-${hash8(text)}-${text}`;
  },
};

/** One nft rule as the model's rule: source, fib local, jump/goto, verdicts, numgen spread, DNAT. */
function translateRule(chain: string, rule: NftRule, nft: NftTable): NatRule[] {
  const text = rule.text;
  const base: NatRule = { chain, position: 0, raw: text, line: rule.line, protocol: 'all' };
  const comment = / comment "([^"]*)"/.exec(text);
  if (comment) base.comment = comment[1];
  const source = /\bip6? saddr (!= )?(?:\{ ([^}]*) \}|([0-9a-fA-F.:/]+))/.exec(text);
  if (source) {
    const cidrs = (source[2] ?? source[3]!).split(',').map((c) => c.trim());
    if (cidrs.length === 1) base.source = parseAddressMatch(cidrs[0]!, source[1] !== undefined);
  }
  const destination = /\bip6? daddr ([0-9a-fA-F.:/]+)/.exec(text);
  if (destination) base.destination = parseAddressMatch(destination[1]!);
  const dport = /\b(tcp|udp|sctp) dport (\d+)/.exec(text);
  if (dport) {
    base.protocol = dport[1];
    base.dport = Number(dport[2]);
  }
  if (/\bfib saddr type local\b/.test(text)) base.srcType = 'LOCAL';
  const spread = /numgen random mod (\d+) vmap \{ ([^}]*) \}/.exec(text);
  if (spread) return numgenRules(base, Number(spread[1]), spread[2]!);
  const affinity = /ip6? saddr @(\S+) goto (\S+)/.exec(text);
  if (affinity) {
    const rcheck: NatRule = { ...base, recentModule: true, recentAction: 'rcheck', target: affinity[2] };
    delete rcheck.source;
    const seconds = nft.sets.get(affinity[1]!)?.timeoutSeconds;
    if (seconds !== undefined) rcheck.recentSeconds = seconds;
    return [rcheck];
  }
  if (/^update @/.test(text)) return [];
  const dnat = /\bmeta l4proto (\w+) dnat to (\S+)/.exec(text);
  if (dnat) return [{ ...base, protocol: dnat[1], target: 'DNAT', dnatTo: dnat[2] }];
  const jump = /\b(jump|goto) (\S+)/.exec(text);
  if (jump) return [{ ...base, target: jump[2], isGoto: jump[1] === 'goto' }];
  if (/\bdrop\b/.test(text)) return [{ ...base, target: 'DROP' }];
  if (/\breject\b/.test(text)) return [{ ...base, target: 'REJECT' }];
  if (/\breturn\b/.test(text)) return [{ ...base, target: 'RETURN' }];
  return [base];
}

/** "numgen random mod 3 vmap { 0 : goto a, 1 : goto b, 2 : goto c }" as rules taking 1/3, then 1/2, then the rest. */
function numgenRules(base: NatRule, modulus: number, body: string): NatRule[] {
  const counts = new Map<string, number>();
  for (const element of body.split(',')) {
    const match = /^\s*(\d+)(?:-(\d+))?\s*:\s*(?:goto|jump)\s+(\S+)/.exec(element);
    if (!match) continue;
    const values = match[2] ? Number(match[2]) - Number(match[1]) + 1 : 1;
    counts.set(match[3]!, (counts.get(match[3]!) ?? 0) + values);
  }
  let left = modulus;
  const rules: NatRule[] = [];
  for (const [target, count] of counts) {
    const rule: NatRule = { ...base, target };
    if (count < left) rule.probability = count / left;
    left -= count;
    rules.push(rule);
  }
  return rules;
}

function keyParts(key: string): string[] {
  return key.split(' . ').map((part) => part.trim());
}

/** One family's kube-proxy table explained. */
export function explainNftTable(nft: NftTable, wholeTable: boolean): ExplainResult {
  const family: AddressFamily = nft.family === 'ip6' ? 'ipv6' : 'ipv4';
  const chains = new Map<string, NatChain>();
  for (const [name, rules] of nft.chains) {
    const translated = rules.flatMap((rule) => translateRule(name, rule, nft));
    translated.forEach((rule, index) => (rule.position = index + 1));
    chains.set(name, { name, rules: translated });
  }
  const table: NatTable = { format: 'iptables-save', chains, wholeTable, family };
  const findings = new Findings(wholeTable);
  const builds = new Map<string, Build>();
  const firewall = new Map<string, string[]>(); // "addr . proto . port" -> allowed source ranges
  const firewallChains = new Map<string, string>();
  for (const element of nft.sets.get('firewall-ips')?.elements ?? []) {
    const target = /goto (\S+)/.exec(element.verdict ?? '')?.[1];
    const rule = target ? chains.get(target)?.rules.find((r) => r.target === 'DROP') : undefined;
    const ranges = /saddr != (?:\{ ([^}]*) \}|(\S+))/.exec(rule?.raw ?? '');
    if (ranges) {
      firewall.set(
        element.key,
        (ranges[1] ?? ranges[2]!).split(',').map((r) => r.trim()),
      );
      firewallChains.set(element.key, target!);
    }
  }
  const clusterIps = new Set((nft.sets.get('cluster-ips')?.elements ?? []).map((e) => e.key));
  const add = (chain: string, kind: WayInKind, address: string, port: number, protocol: string, key: string) => {
    const service = serviceOfChain(chain);
    if (!service) {
      findings.problem(
        `service-ips sends ${address || 'node port'} ${port}/${protocol} to ${chain}, which is not a ` +
          `kube-proxy service chain.`,
      );
      return;
    }
    const buildKey = `${service.name}|${service.protocol}`;
    let build = builds.get(buildKey);
    if (!build) builds.set(buildKey, (build = { name: service.name, protocol: service.protocol, entries: [] }));
    const jump: NatRule = {
      chain: kind === 'nodePort' ? 'service-nodeports' : 'service-ips',
      position: 0,
      raw: key,
      protocol,
      target: chain,
    };
    const ranges = firewall.get(key);
    const entry: Entry = { name: service.name, protocol: service.protocol, kind, address, port, rules: [jump] };
    if (ranges) {
      // the firewall check runs before dispatch: sources outside the ranges are dropped
      entry.rules = [
        ...ranges.map((cidr) => ({ ...jump, source: parseAddressMatch(cidr) })),
        { ...jump, target: 'DROP' },
      ];
      entry.sourceRanges = ranges;
      entry.alsoUses = [firewallChains.get(key)!];
    }
    build.entries.push(entry);
  };
  for (const element of nft.sets.get('service-ips')?.elements ?? []) {
    const [address, protocol, port] = keyParts(element.key);
    const chain = /goto (\S+)/.exec(element.verdict ?? '')?.[1];
    if (!address || !protocol || !port || !chain) continue;
    const kind: WayInKind =
      chain.startsWith('service-') || chain.startsWith('local-')
        ? 'clusterIP'
        : firewall.has(element.key)
          ? 'loadBalancer'
          : clusterIps.has(address)
            ? 'clusterIP'
            : 'externalOrLoadBalancer';
    add(chain, kind, address, Number(port), protocol, element.key);
  }
  for (const element of nft.sets.get('service-nodeports')?.elements ?? []) {
    const [protocol, port] = keyParts(element.key);
    const chain = /goto (\S+)/.exec(element.verdict ?? '')?.[1];
    if (protocol && port && chain) add(chain, 'nodePort', '', Number(port), protocol, element.key);
  }
  const verdicts: FilterVerdict[] = [];
  const named = new Set([...builds.values()].map((build) => build.name));
  for (const [mapName, nodePort] of [
    ['no-endpoint-services', false],
    ['no-endpoint-nodeports', true],
  ] as const) {
    for (const element of nft.sets.get(mapName)?.elements ?? []) {
      const parts = keyParts(element.key);
      const [address, protocol, port] = nodePort ? ['', parts[0], parts[1]] : parts;
      const to = /reject/.test(element.verdict ?? '') ? 'rejected' : 'dropped';
      const kind: WayInKind = nodePort ? 'nodePort' : clusterIps.has(address!) ? 'clusterIP' : 'externalOrLoadBalancer';
      const rule: NatRule = {
        chain: mapName,
        position: 0,
        raw: `${element.key} : ${element.verdict ?? ''}`,
        target: to === 'rejected' ? 'REJECT' : 'DROP',
      };
      const hasService = element.comment !== undefined && named.has(element.comment);
      verdicts.push({
        name: element.comment ?? '',
        kind,
        address: address!,
        port: Number(port),
        protocol: protocol ?? 'all',
        to,
        noLocalEndpoints: to === 'dropped' && hasService,
        rule,
      });
    }
  }
  const result = explainBuilds(table, builds, FilterIndex.of(verdicts), NFT_NAMING, findings);
  result.format = 'nftables';
  return result;
}
