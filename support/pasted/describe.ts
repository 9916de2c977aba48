/**
 * How labgate read a pasted output, for a person: a router's state as short tables (what the checks will see), any
 * other format as YAML of its model.
 */
import { stringify } from 'yaml';
import type { RouterState } from '../routers/index.ts';

function isRouterState(value: unknown): value is RouterState {
  return typeof value === 'object' && value !== null && 'format' in value && 'routes' in value && 'macTable' in value;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd());
}

function describeRouter(s: RouterState): string[] {
  const out = [`${s.command} (${s.format})`];
  if (s.interfaces.length) {
    out.push(`interfaces: ${s.interfaces.length}`);
    out.push(
      ...table([
        ['NAME', 'STATUS', 'PROTOCOL', 'VLAN', 'ADDRESSES', 'MTU', 'MAC', 'DESCRIPTION'],
        ...s.interfaces.map((i) => [
          i.name,
          i.status ?? '-',
          i.protocol ?? '-',
          i.vlan !== undefined ? String(i.vlan) : (i.mode ?? '-'),
          i.addresses.join(',') || '-',
          i.mtu !== undefined ? String(i.mtu) : '-',
          i.mac ?? '-',
          i.description ?? '',
        ]),
      ]),
    );
  }
  if (s.vlans.length) out.push(`vlans: ${s.vlans.map((v) => `${v.id} (${v.ports.join(', ')})`).join('; ')}`);
  if (s.gatewayOfLastResort !== undefined) out.push(`gateway of last resort: ${s.gatewayOfLastResort ?? 'not set'}`);
  if (s.routes.length) {
    out.push(`routes: ${s.routes.length}`);
    out.push(
      ...table([
        ['CODE', 'PROTOCOL', 'PREFIX', 'DISTANCE/METRIC', 'NEXT HOPS'],
        ...s.routes.map((r) => [
          r.code,
          r.bgpKind ? `${r.protocol} (${r.bgpKind})` : r.protocol,
          r.prefix,
          r.distance !== undefined ? `${r.distance}/${r.metric ?? '-'}` : '-',
          r.nextHops
            .map((h) => (h.via ? `via ${h.via}${h.interface ? ` ${h.interface}` : ''}` : `${h.interface}`))
            .join(', '),
        ]),
      ]),
    );
  }
  if (s.arp.length) {
    out.push(`arp: ${s.arp.length}`);
    out.push(
      ...table([
        ['ADDRESS', 'MAC', 'INTERFACES', 'TYPE'],
        ...s.arp.map((a) => [a.address, a.mac, a.interfaces.join(', '), a.type ?? '-']),
      ]),
    );
  }
  if (s.macTable.length) {
    out.push(`mac addresses: ${s.macTable.length}`);
    out.push(
      ...table([
        ['VLAN', 'MAC', 'TYPE', 'PORTS'],
        ...s.macTable.map((m) => [String(m.vlan), m.mac, m.type, m.ports.join(', ')]),
      ]),
    );
  }
  if (s.bgp) {
    out.push(`bgp: router id ${s.bgp.routerId || '-'}, local AS ${s.bgp.localAs || '-'}, vrf ${s.bgp.vrf}`);
    out.push(
      ...table([
        ['NEIGHBOR', 'AS', 'STATE', 'PREFIXES RECEIVED', 'DESCRIPTION'],
        ...s.bgp.neighbors.map((n) => [
          n.address,
          n.remoteAs || '-',
          n.state,
          n.prefixesReceived !== undefined ? String(n.prefixesReceived) : '-',
          n.description ?? '',
        ]),
      ]),
    );
  }
  if (s.bgpConfig) {
    const c = s.bgpConfig;
    out.push(`router bgp ${c.localAs}${c.routerId ? `, router id ${c.routerId}` : ''}`);
    for (const n of c.neighbors) {
      const what = [
        n.isPeerGroup ? 'peer group' : '',
        n.peerGroup ? `in ${n.peerGroup}` : '',
        n.remoteAs ? `AS ${n.remoteAs}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      out.push(`  neighbor ${n.name}${what ? ` (${what})` : ''}${n.description ? `: ${n.description}` : ''}`);
    }
    for (const r of c.listenRanges)
      out.push(`  listen range ${r.prefix} -> ${r.peerGroup}${r.remoteAs ? ` AS ${r.remoteAs}` : ''}`);
    if (c.networks.length) out.push(`  networks: ${c.networks.join(', ')}`);
    if (c.routeReflectorClients.length) out.push(`  route reflector clients: ${c.routeReflectorClients.join(', ')}`);
    if (c.maximumPaths !== undefined) out.push(`  maximum paths: ${c.maximumPaths}`);
  }
  if (out.length === 1) out.push('nothing: the output holds no entry');
  return out;
}

export function describeReading(format: string, value: unknown): string {
  const lines = isRouterState(value) ? describeRouter(value) : [`read as ${format}:`, stringify(value).trimEnd()];
  return `${lines.join('\n')}\n`;
}
