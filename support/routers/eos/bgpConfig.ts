/**
 * `show running-config | section bgp` (or `| s bgp`): the `router bgp` block as configured: the local AS, the router
 * id, neighbours and peer groups, listen ranges, networks, maximum paths. Lines labgate has no use for are kept in
 * `lines` and read past; a block without `router bgp` is unreadable.
 */
import type { BgpConfig, RouterState } from '../model.ts';
import { emptyState } from '../model.ts';
import { unreadable, unreadableWhole } from '../unreadable.ts';
import { outputLines } from './lines.ts';

const COMMAND = 'show running-config section bgp';

type Neighbor = BgpConfig['neighbors'][number];

function neighbor(config: BgpConfig, name: string): Neighbor {
  let n = config.neighbors.find((x) => x.name === name);
  if (!n) config.neighbors.push((n = { name, isPeerGroup: false }));
  return n;
}

function unquote(text: string): string {
  return text.replace(/^"(.*)"$/, '$1');
}

export function readBgpConfig(text: string, command = COMMAND): RouterState {
  const lines = outputLines(text);
  const at = lines.findIndex((l) => /^router bgp \S+$/.test(l.text.trim()));
  if (at < 0) throw unreadableWhole(command, 'eos', 'no "router bgp AS" line');
  const before = lines.slice(0, at).find((l) => !/^\s*!/.test(l.text));
  if (before) throw unreadable(command, 'eos', before.no, before.text, 'comes before "router bgp"');
  const config: BgpConfig = {
    localAs: lines[at]!.text.trim().split(' ')[2]!,
    neighbors: [],
    listenRanges: [],
    networks: [],
    routeReflectorClients: [],
    lines: lines.slice(at).map((l) => l.text),
  };
  for (const l of lines.slice(at + 1)) {
    const t = l.text.trim();
    let m: RegExpExecArray | null;
    if (/^router bgp /.test(t)) throw unreadable(command, 'eos', l.no, l.text, 'is a second "router bgp" block');
    if ((m = /^router-id (\S+)$/.exec(t))) config.routerId = m[1]!;
    else if ((m = /^maximum-paths (\d+)/.exec(t))) config.maximumPaths = Number(m[1]);
    else if ((m = /^network (\S+)/.exec(t))) config.networks.push(m[1]!);
    else if ((m = /^bgp listen range (\S+) peer-group (\S+)(?: remote-as (\S+))?/.exec(t))) {
      config.listenRanges.push({ prefix: m[1]!, peerGroup: m[2]!, ...(m[3] ? { remoteAs: m[3] } : {}) });
    } else if ((m = /^neighbor (\S+) peer[ -]group$/.exec(t))) neighbor(config, m[1]!).isPeerGroup = true;
    else if ((m = /^neighbor (\S+) peer[ -]group (\S+)$/.exec(t))) neighbor(config, m[1]!).peerGroup = m[2]!;
    else if ((m = /^neighbor (\S+) remote-as (\S+)$/.exec(t))) neighbor(config, m[1]!).remoteAs = m[2]!;
    else if ((m = /^neighbor (\S+) description (.+)$/.exec(t))) neighbor(config, m[1]!).description = unquote(m[2]!);
    else if ((m = /^neighbor (\S+) route-reflector-client$/.exec(t))) config.routeReflectorClients.push(m[1]!);
  }
  return { ...emptyState(command, 'eos'), bgpConfig: config };
}
