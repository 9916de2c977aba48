/**
 * FRR's `vtysh -c "show ... json"`: `show ip route json` (prefix -> the routes zebra knows for it),
 * `show bgp summary json` (per address family) or `show ip bgp summary json` (one family), `show interface json`.
 * Shapes as FRR's topotests expect them (test/fixtures/routers/ names the sources).
 */
import { z } from 'zod';
import { familyOf } from '../../floor/address.ts';
import { type BgpNeighbor, type RouterInterface, type RouterState, emptyState } from '../model.ts';
import { normalMac } from '../names.ts';
import { parseJsonOutput } from '../json.ts';
import { originOfFrrProtocol } from '../routeCodes.ts';

const FORMAT = 'frr-json';

const routes = z.record(
  z.string(),
  z.array(
    z.looseObject({
      prefix: z.string().optional(),
      protocol: z.string(),
      selected: z.boolean().optional(),
      distance: z.number().optional(),
      metric: z.number().optional(),
      nexthops: z
        .array(
          z.looseObject({
            ip: z.string().optional(),
            interfaceName: z.string().optional(),
            directlyConnected: z.boolean().optional(),
            active: z.boolean().optional(),
          }),
        )
        .default([]),
    }),
  ),
);

function readRoutes(text: string, command: string): RouterState {
  const data = parseJsonOutput(routes, text, command, FORMAT);
  const state = emptyState(command, FORMAT);
  for (const [prefix, entries] of Object.entries(data)) {
    // zebra lists every protocol's route for a prefix; the one it selected is the router's route
    const chosen = entries.some((e) => e.selected !== undefined) ? entries.filter((e) => e.selected) : entries;
    for (const e of chosen) {
      const origin = originOfFrrProtocol(e.protocol);
      state.routes.push({
        family: familyOf(prefix) ?? 'ipv4',
        ...origin,
        prefix: e.prefix ?? prefix,
        ...(e.distance !== undefined ? { distance: e.distance } : {}),
        ...(e.metric !== undefined ? { metric: e.metric } : {}),
        directlyConnected: e.protocol === 'connected' || e.nexthops.some((n) => n.directlyConnected === true),
        nextHops: e.nexthops.map((n) => ({
          ...(n.ip ? { via: n.ip } : {}),
          ...(n.interfaceName ? { interface: n.interfaceName } : {}),
        })),
      });
    }
  }
  return state;
}

const asn = z.union([z.string(), z.number()]);
const family = z.looseObject({
  routerId: z.string().optional(),
  as: asn.optional(),
  vrfName: z.string().optional(),
  peers: z.record(
    z.string(),
    z.looseObject({
      remoteAs: asn.optional(),
      state: z.string(),
      pfxRcd: z.number().optional(),
      desc: z.string().optional(),
      peerUptime: z.string().optional(),
    }),
  ),
});
const summary = z.union([family, z.record(z.string(), family)]);

function readBgpSummary(text: string, command: string): RouterState {
  const data = parseJsonOutput(summary, text, command, FORMAT);
  const families =
    'peers' in data && typeof data.peers === 'object'
      ? [data as z.infer<typeof family>]
      : Object.values(data as Record<string, z.infer<typeof family>>);
  const first = families.find((f) => f.routerId) ?? families[0];
  if (!first) return emptyState(command, FORMAT);
  const seen = new Map<string, BgpNeighbor>();
  for (const f of families) {
    for (const [address, p] of Object.entries(f.peers)) {
      if (seen.has(address)) continue;
      seen.set(address, {
        address,
        remoteAs: p.remoteAs === undefined ? '' : String(p.remoteAs),
        state: p.state,
        established: p.state === 'Established',
        ...(p.pfxRcd !== undefined ? { prefixesReceived: p.pfxRcd } : {}),
        ...(p.desc ? { description: p.desc } : {}),
        ...(p.peerUptime ? { upDown: p.peerUptime } : {}),
      });
    }
  }
  return {
    ...emptyState(command, FORMAT),
    bgp: {
      vrf: (first.vrfName ?? 'default').toLowerCase() === 'default' ? 'default' : first.vrfName!,
      routerId: first.routerId ?? '',
      localAs: first.as === undefined ? '' : String(first.as),
      neighbors: [...seen.values()],
    },
  };
}

const interfaces = z.record(
  z.string(),
  z.looseObject({
    administrativeStatus: z.string().optional(),
    operationalStatus: z.string(),
    mtu: z.number().optional(),
    hardwareAddress: z.string().optional(),
    description: z.string().optional(),
    vlanId: z.number().optional(),
    ipAddresses: z.array(z.looseObject({ address: z.string() })).default([]),
  }),
);

function readInterfaces(text: string, command: string): RouterState {
  const data = parseJsonOutput(interfaces, text, command, FORMAT);
  const out = Object.entries(data).map(([name, i]): RouterInterface => {
    const mac = i.hardwareAddress ? normalMac(i.hardwareAddress) : null;
    return {
      name,
      ...(i.description ? { description: i.description } : {}),
      status: i.administrativeStatus === 'down' ? 'disabled' : i.operationalStatus,
      protocol: i.operationalStatus,
      addresses: i.ipAddresses.map((a) => a.address),
      ...(i.mtu !== undefined ? { mtu: i.mtu } : {}),
      ...(mac ? { mac } : {}),
    };
  });
  out.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  return { ...emptyState(command, FORMAT), interfaces: out };
}

export const frrJsonReaders = {
  'show ip route': readRoutes,
  'show ipv6 route': readRoutes,
  'show ip bgp summary': readBgpSummary,
  'show bgp summary': readBgpSummary,
  'show interface': readInterfaces,
} satisfies Record<string, (text: string, command: string) => RouterState>;
