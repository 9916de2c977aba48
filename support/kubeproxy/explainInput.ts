/**
 * `explain` on whatever was pasted: iptables (save, -S, -L, mixed, IPv4 and IPv6), kube-proxy's nftables
 * table, or ipvsadm output. Anything else is refused in one line saying what it looks like.
 */
import type { DataplaneFormat, ExplainResult, NatTable } from './types.ts';
import { LabgateError } from '../floor/errors.ts';
import { readIptables, type ReadIptables } from './readIptables.ts';
import { explainNat } from './explain.ts';
import { parseNft } from './nft/parseNft.ts';
import { explainNftTable } from './nft/explainNft.ts';
import { explainIpvs, looksLikeIpvs, parseIpvs } from './ipvs/ipvs.ts';
import { lookalike } from './recognise.ts';

export const ACCEPTED_INPUT =
  'give it iptables-save, `iptables -t nat -S`, `iptables -t nat -L -n [-v]`, `nft list table ip kube-proxy` ' +
  'or `ipvsadm -Ln` output';

const NFT = /^\s*(table (ip6?|inet) \S+ \{|add (table|chain|rule|element|map|set) (ip6?|inet) )/m;

/** Several results (one per address family) as one: services side by side, problems and notes labelled. */
function combine(results: ExplainResult[], labels: string[]): ExplainResult {
  if (results.length === 1) return results[0]!;
  const tag = (label: string, list: string[] | undefined) => (list ?? []).map((line) => `${label}: ${line}`);
  const combined: ExplainResult = {
    format: results[0]!.format,
    services: results.flatMap((r) => r.services),
    problems: results.flatMap((r, i) => tag(labels[i]!, r.problems)),
  };
  const notes = results.flatMap((r, i) => tag(labels[i]!, r.notes));
  if (notes.length > 0) combined.notes = notes;
  const loose = results.flatMap((r) => r.looseEndpointChains ?? []);
  if (loose.length > 0) combined.looseEndpointChains = loose;
  return combined;
}

const familyLabel = (table: NatTable) => (table.family === 'ipv6' ? 'IPv6' : 'IPv4');

function explainIptables(read: ReadIptables, label: string): ExplainResult {
  if (read.names && read.names.hosts.length > 0) {
    throw new LabgateError(
      `${label} is an iptables -L listing taken without -n: iptables printed names ` +
        `(${[...new Set(read.names.hosts)].slice(0, 3).join(', ')}) where -n prints addresses`,
      'list it again with -n: iptables -t nat -L -n -v',
    );
  }
  const unknownPorts = [...(read.names?.ports ?? [])].filter(([, port]) => port === null).map(([name]) => name);
  if (unknownPorts.length > 0) {
    throw new LabgateError(
      `${label} is an iptables -L listing taken without -n, with port names this reader does not know ` +
        `(${unknownPorts.slice(0, 3).join(', ')})`,
      'list it again with -n: iptables -t nat -L -n -v',
    );
  }
  const result = combine(read.tables.map(explainNat), read.tables.map(familyLabel));
  const readingNotes = [...new Set(read.tables.flatMap((t) => t.readingNotes ?? []))];
  if (read.names && read.names.ports.size > 0) {
    const ports = [...read.names.ports].map(([name, port]) => `${name} = ${port}`).join(', ');
    readingNotes.push(`an -L listing without -n: port names read as numbers (${ports})`);
  }
  const formats = new Set<DataplaneFormat>();
  for (const line of readingNotes) {
    const mixed = /^mixed (.+) listings$/.exec(line);
    if (mixed) for (const f of mixed[1]!.split(', ')) formats.add(f as DataplaneFormat);
  }
  if (formats.size > 1) result.formats = [...formats];
  const notes = readingNotes.filter((line) => !line.startsWith('mixed ')).map((line) => `Reading the paste: ${line}`);
  if (notes.length > 0) result.notes = [...notes, ...(result.notes ?? [])];
  if (read.notRules.length > 0) result.notRules = read.notRules;
  if (read.endsMidRule) result.endsMidRule = read.endsMidRule;
  return result;
}

function explainNftables(text: string, label: string): ExplainResult {
  const parsed = parseNft(text);
  const kubeProxy = parsed.tables.filter((t) => t.name === 'kube-proxy' && (t.family === 'ip' || t.family === 'ip6'));
  if (kubeProxy.length === 0) {
    const names = parsed.tables.map((t) => `${t.family} ${t.name}`).join(', ') || 'none';
    throw new LabgateError(
      `${label} holds nftables rules but no kube-proxy table (tables: ${names})`,
      'list it with: nft list table ip kube-proxy',
    );
  }
  kubeProxy.sort((a, b) => (a.family === 'ip' ? -1 : 0) - (b.family === 'ip' ? -1 : 0));
  const results = kubeProxy.map((table) => explainNftTable(table, table.chains.has('services')));
  const result = combine(
    results,
    kubeProxy.map((t) => (t.family === 'ip6' ? 'IPv6' : 'IPv4')),
  );
  if (parsed.notRules.length > 0) result.notRules = parsed.notRules;
  return result;
}

function explainIpvsadm(text: string, label: string): ExplainResult {
  const parsed = parseIpvs(text);
  if (parsed.names.length > 0) {
    throw new LabgateError(
      `${label} is ipvsadm output taken without -n: it shows names (${parsed.names.slice(0, 2).join(', ')}) ` +
        `where -n prints addresses and ports`,
      'list it again with: ipvsadm -Ln',
    );
  }
  return explainIpvs(parsed);
}

/** Explains pasted kube-proxy output; `label` names the input in messages ("stdin", a file name). */
export function explainInput(text: string, label: string): ExplainResult {
  if (text.trim() === '') throw new LabgateError(`the input from ${label} is empty`, ACCEPTED_INPUT);
  if (NFT.test(text)) return explainNftables(text, label);
  if (looksLikeIpvs(text)) return explainIpvsadm(text, label);
  const read = readIptables(text);
  const recognised = read.tables.some((table) => table.chains.size > 0 || (table.filter?.size ?? 0) > 0);
  if (!recognised) {
    const like = lookalike(text);
    if (like) throw new LabgateError(`${label} looks like ${like}`, ACCEPTED_INPUT);
    throw new LabgateError(`no iptables rules or chains found in ${label}`, ACCEPTED_INPUT);
  }
  return explainIptables(read, label);
}
