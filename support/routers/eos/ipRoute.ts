/**
 * `show ip route` and `show ipv6 route`: each route's code, prefix, `[distance/metric]` and next hops. EOS prints
 * a route on one line (`C 10.0.0.0/24 is directly connected, Vlan10`) or, as the labs show it, with the next hops
 * on the lines below; both read the same. The codes' legend, `VRF:` and the gateway of last resort are read past.
 */
import { familyOf } from '../../floor/address.ts';
import type { NextHop, Route, RouterState } from '../model.ts';
import { emptyState } from '../model.ts';
import { fullInterfaceName } from '../names.ts';
import { originOfCode } from '../routeCodes.ts';
import { unreadable, unreadableWhole } from '../unreadable.ts';
import { outputLines } from './lines.ts';

const ROUTE =
  /^\s?([A-Z][A-Za-z0-9]*(?: [A-Z][A-Za-z0-9]*)?)\s+([0-9a-fA-F.:]+\/\d{1,3})(?:\s+\[(\d+)\/(\d+)\])?(?:\s+(.*))?$/;
const CONNECTED = /^(?:is )?directly connected,\s*(\S+)$/;
const CONNECTED_V6 = /^via (\S+), directly connected$/;
const VIA = /^via ([0-9a-fA-F.:]+)(?:,\s*(\S+(?:,\s*\S+)*))?$/;

function nextHop(text: string): { hop: NextHop; connected: boolean } | undefined {
  const c = CONNECTED.exec(text) ?? CONNECTED_V6.exec(text);
  if (c) return { hop: { interface: fullInterfaceName(c[1]!) }, connected: true };
  const v = VIA.exec(text);
  if (v)
    return {
      hop: { via: v[1]!, ...(v[2] ? { interface: fullInterfaceName(v[2].split(',')[0]!.trim()) } : {}) },
      connected: false,
    };
  return undefined;
}

function isLegend(text: string): boolean {
  return /^Codes:/.test(text) || (/^\s{4,}\S/.test(text) && / - /.test(text) && !/\bvia\b|connected,/.test(text));
}

export function readIpRoute(text: string, family: 'ipv4' | 'ipv6' = 'ipv4'): RouterState {
  const command = family === 'ipv4' ? 'show ip route' : 'show ipv6 route';
  const state = emptyState(command, 'eos');
  let current: Route | undefined;
  let sawRouteTable = false;
  for (const l of outputLines(text)) {
    const t = l.text;
    if (/^VRF:\s*\S+/.test(t) || isLegend(t)) continue;
    if (/^Gateway of last resort is not set$/.test(t.trim())) {
      state.gatewayOfLastResort = null;
      sawRouteTable = true;
      continue;
    }
    const gw = /^Gateway of last resort(?: is)?:?\s*(?:(\S+) to network \S+)?$/.exec(t.trim());
    if (gw) {
      state.gatewayOfLastResort = gw[1] ?? state.gatewayOfLastResort;
      sawRouteTable = true;
      continue;
    }
    const r = ROUTE.exec(t);
    if (r && originOfCode(r[1]!) && familyOf(r[2]!) === family) {
      const origin = originOfCode(r[1]!)!;
      current = {
        family,
        code: r[1]!,
        ...origin,
        prefix: r[2]!,
        ...(r[3] !== undefined ? { distance: Number(r[3]), metric: Number(r[4]) } : {}),
        directlyConnected: false,
        nextHops: [],
      };
      state.routes.push(current);
      sawRouteTable = true;
      if (r[5]) {
        const hop = nextHop(r[5].trim());
        if (!hop)
          throw unreadable(
            command,
            'eos',
            l.no,
            t,
            'has a route whose next hop is not "via ADDR, IFACE" or "directly connected, IFACE"',
          );
        current.nextHops.push(hop.hop);
        current.directlyConnected ||= hop.connected;
      }
      continue;
    }
    const hop = /^\s/.test(t) ? nextHop(t.trim()) : undefined;
    if (hop && current) {
      current.nextHops.push(hop.hop);
      current.directlyConnected ||= hop.connected;
      continue;
    }
    throw unreadable(
      command,
      'eos',
      l.no,
      t,
      hop ? 'is a next hop under no route' : 'is not a route, a next hop, or a header EOS prints',
    );
  }
  if (!sawRouteTable) throw unreadableWhole(command, 'eos', 'no route and no "Gateway of last resort" line');
  for (const route of state.routes) {
    if (route.nextHops.length === 0) throw unreadableWhole(command, 'eos', `route ${route.prefix} has no next hop`);
  }
  const fallback = state.routes.find((r) => /^(0\.0\.0\.0\/0|::\/0)$/.test(r.prefix))?.nextHops[0]?.via;
  if (state.gatewayOfLastResort === undefined && fallback) state.gatewayOfLastResort = fallback;
  return state;
}
