/**
 * EOS's `| json` (eAPI's JSON) for the commands the labs use. The shapes are eAPI's as captured from real switches
 * (test/fixtures/routers/ names the sources); fields labgate does not use are let through.
 */
import { z } from 'zod';
import { familyOf } from '../../floor/address.ts';
import { type RouterInterface, type RouterState, emptyState, vlansOf } from '../model.ts';
import { normalMac } from '../names.ts';
import { parseJsonOutput } from '../json.ts';
import { originOfRouteType } from '../routeCodes.ts';
import { readBgpConfig } from './bgpConfig.ts';

const FORMAT = 'eos-json';
const ipAddr = z.looseObject({ address: z.string(), maskLen: z.number() });

const interfacesStatus = z.looseObject({
  interfaceStatuses: z.record(
    z.string(),
    z.looseObject({
      description: z.string().optional(),
      linkStatus: z.string(),
      lineProtocolStatus: z.string().optional(),
      duplex: z.string().optional(),
      bandwidth: z.number().optional(),
      interfaceType: z.string().optional(),
      vlanInformation: z
        .looseObject({
          interfaceMode: z.string().optional(),
          vlanId: z.number().optional(),
          interfaceForwardingModel: z.string().optional(),
          vlanExplanation: z.string().optional(),
        })
        .optional(),
    }),
  ),
});

function readInterfacesStatusJson(text: string, command: string): RouterState {
  const data = parseJsonOutput(interfacesStatus, text, command, FORMAT);
  const interfaces = Object.entries(data.interfaceStatuses).map(([name, s]): RouterInterface => {
    const v = s.vlanInformation;
    const access = v?.interfaceForwardingModel === 'bridged' && v.interfaceMode === 'bridged' && v.vlanId !== undefined;
    const mode = access ? undefined : (v?.vlanExplanation ?? v?.interfaceMode ?? v?.interfaceForwardingModel);
    const member = /^in (Po\S+|Port-Channel\S+)$/.exec(v?.vlanExplanation ?? '');
    return {
      name,
      ...(s.description ? { description: s.description } : {}),
      status: s.linkStatus,
      ...(s.lineProtocolStatus ? { protocol: s.lineProtocolStatus } : {}),
      ...(access ? { vlan: v!.vlanId! } : mode ? { mode } : {}),
      ...(member ? { memberOf: member[1]!.replace(/^Po/, 'Port-Channel') } : {}),
      addresses: [],
      ...(s.duplex ? { duplex: s.duplex } : {}),
      ...(s.bandwidth !== undefined ? { speed: `${s.bandwidth / 1e9}G` } : {}),
      ...(s.interfaceType ? { type: s.interfaceType } : {}),
    };
  });
  interfaces.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  return { ...emptyState(command, FORMAT), interfaces, vlans: vlansOf(interfaces) };
}

// `show ip interface brief`: interfaceAddress is one object; `show interfaces`: a list of { primaryIp, ... }
const v4Address = z.union([
  z.looseObject({ ipAddr: ipAddr }),
  z.array(z.looseObject({ primaryIp: ipAddr, secondaryIpsOrderedList: z.array(ipAddr).optional() })),
]);
const v6Address = z.looseObject({ address: z.string(), subnet: z.string().optional() });
const interfaces = z.looseObject({
  interfaces: z.record(
    z.string(),
    z.looseObject({
      name: z.string().optional(),
      description: z.string().optional(),
      interfaceStatus: z.string().optional(),
      lineProtocolStatus: z.string().optional(),
      mtu: z.number().optional(),
      physicalAddress: z.string().optional(),
      interfaceAddress: v4Address.optional(),
      addresses: z.array(v6Address).optional(),
      linkLocal: v6Address.optional(),
      interfaceMembership: z.string().optional(),
    }),
  ),
});

function v6Cidr(a: z.infer<typeof v6Address>): string {
  const len = a.subnet ? a.subnet.split('/')[1] : undefined;
  return len ? `${a.address}/${len}` : a.address;
}

function readInterfacesJson(text: string, command: string): RouterState {
  const data = parseJsonOutput(interfaces, text, command, FORMAT);
  const out = Object.entries(data.interfaces).map(([name, i]): RouterInterface => {
    const v4 = i.interfaceAddress;
    const addresses = Array.isArray(v4)
      ? v4.flatMap((a) => [a.primaryIp, ...(a.secondaryIpsOrderedList ?? [])])
      : v4
        ? [v4.ipAddr]
        : [];
    const listed = [
      ...addresses.filter((a) => a.address !== '0.0.0.0').map((a) => `${a.address}/${a.maskLen}`),
      ...(i.linkLocal ? [v6Cidr(i.linkLocal)] : []),
      ...(i.addresses ?? []).map(v6Cidr),
    ];
    const mac = i.physicalAddress ? normalMac(i.physicalAddress) : null;
    const member = /^Member of (\S+)$/.exec(i.interfaceMembership ?? '');
    return {
      name,
      ...(i.description ? { description: i.description } : {}),
      ...(i.interfaceStatus ? { status: i.interfaceStatus } : {}),
      ...(i.lineProtocolStatus ? { protocol: i.lineProtocolStatus } : {}),
      addresses: listed,
      ...(i.mtu !== undefined ? { mtu: i.mtu } : {}),
      ...(mac ? { mac } : {}),
      ...(member ? { memberOf: member[1]! } : {}),
    };
  });
  out.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  return { ...emptyState(command, FORMAT), interfaces: out };
}

const via = z.looseObject({ nexthopAddr: z.string().optional(), interface: z.string().optional() });
const routeTable = z.looseObject({
  vrfs: z.record(
    z.string(),
    z.looseObject({
      routes: z.record(
        z.string(),
        z.looseObject({
          routeType: z.string(),
          preference: z.number().optional(),
          metric: z.number().optional(),
          directlyConnected: z.boolean().optional(),
          vias: z.array(via).default([]),
        }),
      ),
    }),
  ),
});

function readRoutesJson(text: string, command: string, family: 'ipv4' | 'ipv6'): RouterState {
  const data = parseJsonOutput(routeTable, text, command, FORMAT);
  const state = emptyState(command, FORMAT);
  for (const vrf of Object.values(data.vrfs)) {
    for (const [prefix, r] of Object.entries(vrf.routes)) {
      const origin = originOfRouteType(r.routeType);
      state.routes.push({
        family: familyOf(prefix) ?? family,
        ...origin,
        prefix,
        ...(r.preference !== undefined ? { distance: r.preference } : {}),
        ...(r.metric !== undefined ? { metric: r.metric } : {}),
        directlyConnected: r.directlyConnected ?? r.routeType === 'connected',
        nextHops: r.vias.map((v) => ({
          ...(v.nexthopAddr ? { via: v.nexthopAddr } : {}),
          ...(v.interface ? { interface: v.interface } : {}),
        })),
      });
    }
  }
  return state;
}

const arpEntry = z.looseObject({
  address: z.string(),
  hwAddress: z.string(),
  interface: z.string(),
  age: z.number().optional(),
});
const arpTable = z.union([
  z.looseObject({ ipV4Neighbors: z.array(arpEntry) }),
  z.looseObject({ vrfs: z.record(z.string(), z.looseObject({ ipV4Neighbors: z.array(arpEntry) })) }),
]);

function readArpJson(text: string, command: string): RouterState {
  const data = parseJsonOutput(arpTable, text, command, FORMAT);
  const entries: z.infer<typeof arpEntry>[] =
    'vrfs' in data
      ? Object.values(data.vrfs as Record<string, { ipV4Neighbors: z.infer<typeof arpEntry>[] }>).flatMap(
          (v) => v.ipV4Neighbors,
        )
      : (data.ipV4Neighbors as z.infer<typeof arpEntry>[]);
  return {
    ...emptyState(command, FORMAT),
    arp: entries.map((e) => ({
      address: e.address,
      mac: normalMac(e.hwAddress) ?? e.hwAddress,
      interfaces: e.interface.split(',').map((s) => s.trim()),
      ...(e.age !== undefined ? { age: String(e.age) } : {}),
    })),
  };
}

const macTable = z.looseObject({
  unicastTable: z.looseObject({
    tableEntries: z.array(
      z.looseObject({
        vlanId: z.number(),
        macAddress: z.string(),
        entryType: z.string(),
        interface: z.string(),
        moves: z.number().optional(),
        lastMove: z.number().optional(),
      }),
    ),
  }),
});

function readMacTableJson(text: string, command: string): RouterState {
  const data = parseJsonOutput(macTable, text, command, FORMAT);
  return {
    ...emptyState(command, FORMAT),
    macTable: data.unicastTable.tableEntries.map((e) => ({
      vlan: e.vlanId,
      mac: normalMac(e.macAddress) ?? e.macAddress,
      type: e.entryType.toLowerCase(),
      ports: [e.interface],
      ...(e.moves !== undefined ? { moves: e.moves } : {}),
      ...(e.lastMove !== undefined ? { lastMove: String(e.lastMove) } : {}),
    })),
  };
}

const bgpSummary = z.looseObject({
  vrfs: z.record(
    z.string(),
    z.looseObject({
      routerId: z.string(),
      asn: z.union([z.string(), z.number()]),
      peers: z.record(
        z.string(),
        z.looseObject({
          asn: z.union([z.string(), z.number()]).optional(),
          peerAsn: z.union([z.string(), z.number()]).optional(),
          peerState: z.string(),
          prefixReceived: z.number().optional(),
          prefixAccepted: z.number().optional(),
          description: z.string().optional(),
        }),
      ),
    }),
  ),
});

function readBgpSummaryJson(text: string, command: string): RouterState {
  const data = parseJsonOutput(bgpSummary, text, command, FORMAT);
  const [vrf, v] = Object.entries(data.vrfs).find(([name]) => name === 'default') ?? Object.entries(data.vrfs)[0] ?? [];
  if (!vrf || !v) return emptyState(command, FORMAT);
  return {
    ...emptyState(command, FORMAT),
    bgp: {
      vrf,
      routerId: v.routerId,
      localAs: String(v.asn),
      neighbors: Object.entries(v.peers).map(([address, p]) => ({
        address,
        remoteAs: String(p.asn ?? p.peerAsn ?? ''),
        state: p.peerState,
        established: p.peerState === 'Established',
        ...(p.prefixReceived !== undefined ? { prefixesReceived: p.prefixReceived } : {}),
        ...(p.prefixAccepted !== undefined ? { prefixesAccepted: p.prefixAccepted } : {}),
        ...(p.description ? { description: p.description } : {}),
      })),
    },
  };
}

// `show running-config | section bgp | json`: the configuration as nested `cmds`, each key one line
type Cmds = { [line: string]: { cmds?: Cmds } | null };
const cmds: z.ZodType<Cmds> = z.lazy(() =>
  z.record(z.string(), z.union([z.null(), z.looseObject({ cmds: cmds.optional() })])),
);

function configLines(tree: Cmds, depth = 0): string[] {
  return Object.entries(tree).flatMap(([line, sub]) => [
    `${'   '.repeat(depth)}${line}`,
    ...(sub?.cmds ? configLines(sub.cmds, depth + 1) : []),
  ]);
}

function readBgpConfigJson(text: string, command: string): RouterState {
  const data = parseJsonOutput(z.looseObject({ cmds }), text, command, FORMAT);
  return { ...readBgpConfig(configLines(data.cmds).join('\n'), command), format: FORMAT };
}

export const eosJsonReaders = {
  'show interfaces status': readInterfacesStatusJson,
  'show ip interface brief': readInterfacesJson,
  'show ipv6 interface brief': readInterfacesJson,
  'show interfaces': readInterfacesJson,
  'show ip route': (text: string, command: string) => readRoutesJson(text, command, 'ipv4'),
  'show ipv6 route': (text: string, command: string) => readRoutesJson(text, command, 'ipv6'),
  'show arp': readArpJson,
  'show mac address-table': readMacTableJson,
  'show ip bgp summary': readBgpSummaryJson,
  'show running-config section bgp': readBgpConfigJson,
} satisfies Record<string, (text: string, command: string) => RouterState>;
