/**
 * EOS's show commands rendered from the ToR's kernel state, in EOS's text layout and in the JSON `| json` gives.
 * Every value comes from the kernel: link state, bridge membership (the VLAN), addresses, MTUs, routes,
 * neighbours and the bridges' forwarding tables. The configuration supplies only what the kernel has no
 * place for: descriptions. Where cEOS shows what a veth cannot have (speed, duplex, port type), the twin prints
 * what cEOS prints for its virtual ports (full, 1G, EbraTestPhyPort).
 */
import type { EosConfig } from './config.ts';
import { eosMac, eosName, type KernelState, type KLink, shortName, vlanOfBridge } from './kernel.ts';

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

function linkStatus(l: KLink): 'connected' | 'notconnect' | 'disabled' {
  if (!l.flags.includes('UP')) return 'disabled';
  return l.flags.includes('LOWER_UP') ? 'connected' : 'notconnect';
}

function ethernets(k: KernelState): { link: KLink; eos: string }[] {
  return k.links
    .map((link) => ({ link, eos: eosName(link.ifname) }))
    .filter((x): x is { link: KLink; eos: string } => Boolean(x.eos?.startsWith('Ethernet')))
    .sort((a, b) => byName(a.eos, b.eos));
}

function description(config: EosConfig, eos: string): string {
  return config.interfaces.find((i) => i.name === eos)?.description ?? '';
}

export function interfacesStatus(k: KernelState, config: EosConfig) {
  const interfaceStatuses: Record<string, unknown> = {};
  for (const { link, eos } of ethernets(k)) {
    const vlan = vlanOfBridge(link.master);
    interfaceStatuses[eos] = {
      description: description(config, eos),
      linkStatus: linkStatus(link),
      lineProtocolStatus: linkStatus(link) === 'connected' ? 'up' : 'down',
      vlanInformation:
        vlan === undefined
          ? { interfaceMode: 'routed', interfaceForwardingModel: 'routed' }
          : { interfaceMode: 'bridged', vlanId: vlan, interfaceForwardingModel: 'bridged' },
      duplex: 'duplexFull',
      bandwidth: 1_000_000_000,
      autoNegotiateActive: false,
      interfaceType: 'EbraTestPhyPort',
    };
  }
  return { interfaceStatuses };
}

export function interfacesStatusText(k: KernelState, config: EosConfig): string {
  const lines = [
    'Port       Name                            Status       Vlan     Duplex Speed  Type            Flags ' +
      'Encapsulation',
  ];
  for (const { link, eos } of ethernets(k)) {
    const vlan = vlanOfBridge(link.master);
    const row =
      pad(shortName(eos), 11) +
      pad(description(config, eos).slice(0, 31), 32) +
      pad(linkStatus(link), 13) +
      pad(vlan ?? 'routed', 9) +
      pad('full', 7) +
      pad('1G', 7) +
      'EbraTestPhyPort';
    lines.push(row.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

/** The interfaces with an IPv4 address EOS shows: Management0 and the SVIs (and routed ports). */
function l3Interfaces(k: KernelState) {
  return k.addrs
    .map((a) => ({ a, eos: eosName(a.ifname), inet: a.addr_info.find((i) => i.family === 'inet') }))
    .filter((x) => x.eos && x.inet)
    .map((x) => ({
      eos: x.eos!,
      address: x.inet!.local,
      prefixlen: x.inet!.prefixlen,
      link: k.links.find((l) => l.ifname === x.a.ifname)!,
    }))
    .sort((a, b) => byName(a.eos, b.eos));
}

export function ipInterfaceBrief(k: KernelState) {
  const interfaces: Record<string, unknown> = {};
  for (const i of l3Interfaces(k)) {
    const up = i.link.flags.includes('UP');
    interfaces[i.eos] = {
      name: i.eos,
      interfaceStatus: up ? 'connected' : 'disabled',
      lineProtocolStatus: up && i.link.flags.includes('LOWER_UP') ? 'up' : 'down',
      mtu: i.link.mtu,
      interfaceAddress: { ipAddr: { address: i.address, maskLen: i.prefixlen } },
      nonRoutableClassEIntf: false,
    };
  }
  return { interfaces };
}

export function ipInterfaceBriefText(k: KernelState): string {
  const lines = [
    `${' '.repeat(81)}Address`,
    'Interface         IP Address           Status       Protocol           MTU    Owner',
    '----------------- -------------------- ------------ -------------- ---------- -------',
  ];
  for (const i of l3Interfaces(k)) {
    const up = i.link.flags.includes('UP');
    const status = up ? 'up' : 'admin down';
    const protocol = up && i.link.flags.includes('LOWER_UP') ? 'up' : 'down';
    lines.push(
      (
        pad(i.eos, 18) +
        pad(`${i.address}/${i.prefixlen}`, 21) +
        pad(status, 13) +
        pad(protocol, 15) +
        pad(`   ${i.link.mtu}`, 11)
      ).trimEnd(),
    );
  }
  return `${lines.join('\n')}\n`;
}

type EosRoute = { prefix: string; type: 'connected' | 'static'; via?: string; iface: string };

/** The routes EOS's RIB holds: connected subnets of its L3 interfaces, and static routes through them. */
function ribRoutes(k: KernelState): EosRoute[] {
  const out: EosRoute[] = [];
  for (const r of k.routes) {
    const iface = r.dev ? eosName(r.dev) : undefined;
    if (!iface || r.type === 'local' || r.type === 'broadcast') continue;
    const prefix = r.dst === 'default' ? '0.0.0.0/0' : r.dst.includes('/') ? r.dst : `${r.dst}/32`;
    if (r.protocol === 'kernel' && r.scope === 'link' && !r.gateway) out.push({ prefix, type: 'connected', iface });
    else if (r.gateway) out.push({ prefix, type: 'static', via: r.gateway, iface });
  }
  const key = (p: string) => {
    const [a, len] = p.split('/');
    return a!.split('.').reduce((n, o) => n * 256 + Number(o), 0) * 64 + Number(len);
  };
  return out.sort((a, b) => key(a.prefix) - key(b.prefix));
}

export function ipRoute(k: KernelState) {
  const routes: Record<string, unknown> = {};
  for (const r of ribRoutes(k)) {
    routes[r.prefix] = {
      routeType: r.type,
      hardwareProgrammed: true,
      kernelProgrammed: true,
      directlyConnected: r.type === 'connected',
      routeAction: 'forward',
      preference: r.type === 'connected' ? 0 : 1,
      metric: 0,
      vias: [{ ...(r.via ? { nexthopAddr: r.via } : {}), interface: r.iface }],
    };
  }
  const hasDefault = Boolean(routes['0.0.0.0/0']);
  return {
    vrfs: {
      default: {
        routes,
        allRoutesProgrammedHardware: true,
        allRoutesProgrammedKernel: true,
        defaultRouteState: hasDefault ? 'reachable' : 'notSet',
        routingDisabled: false,
      },
    },
  };
}

export function ipRouteText(k: KernelState): string {
  const routes = ribRoutes(k);
  const def = routes.find((r) => r.prefix === '0.0.0.0/0');
  const lines = [
    'VRF: default',
    'Codes: C - connected, S - static, K - kernel,',
    '       O - OSPF, B - Other BGP Routes, A B - BGP Aggregate',
    '',
    def ? `Gateway of last resort:` : 'Gateway of last resort is not set',
    '',
  ];
  for (const r of routes) {
    const code = r.type === 'connected' ? 'C' : 'S';
    if (r.prefix === '0.0.0.0/0')
      lines.push(` ${code}        0.0.0.0/0 [1/0]`, `${' '.repeat(21)}via ${r.via}, ${r.iface}`);
    else if (r.type === 'connected')
      lines.push(` ${code}        ${r.prefix}`, `${' '.repeat(21)}directly connected, ${r.iface}`);
    else lines.push(` ${code}        ${r.prefix} [1/0]`, `${' '.repeat(21)}via ${r.via}, ${r.iface}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The MACs the VLAN bridges learnt on their ports (not the bridges' own, not permanent entries). */
function learnt(k: KernelState, vlan?: number) {
  return k.fdb
    .filter((f) => vlanOfBridge(f.master) !== undefined && eosName(f.ifname)?.startsWith('Ethernet'))
    .filter((f) => !(f.flags ?? []).includes('self') && f.state !== 'permanent')
    .map((f) => ({ vlan: vlanOfBridge(f.master)!, mac: f.mac, port: eosName(f.ifname)!, updated: f.updated ?? 0 }))
    .filter((f) => vlan === undefined || f.vlan === vlan)
    .sort((a, b) => a.vlan - b.vlan || a.mac.localeCompare(b.mac));
}

export function macAddressTable(k: KernelState, vlan?: number) {
  const entries = learnt(k, vlan).map((e) => ({
    vlanId: e.vlan,
    macAddress: e.mac,
    entryType: 'dynamic',
    interface: e.port,
    moves: 1,
  }));
  return { unicastTable: { tableEntries: entries }, multicastTable: { tableEntries: [] } };
}

/** EOS's Last Move: `0:00:15 ago`. */
function lastMove(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)} ago`;
}

export function macAddressTableText(k: KernelState, vlan?: number): string {
  const entries = learnt(k, vlan);
  const lines = [
    '          Mac Address Table',
    '------------------------------------------------------------------',
    '',
    'Vlan    Mac Address       Type        Ports      Moves   Last Move',
    '----    -----------       ----        -----      -----   ---------',
    ...entries.map(
      (e) =>
        `${String(e.vlan).padStart(4)}    ${pad(eosMac(e.mac), 18)}${pad('DYNAMIC', 12)}${pad(shortName(e.port), 11)}` +
        `${pad('1', 8)}${lastMove(e.updated)}`,
    ),
    `Total Mac Addresses for this criterion: ${entries.length}`,
  ];
  return `${lines.join('\n')}\n`;
}

function arpEntries(k: KernelState) {
  return k.neighbours
    .filter((n) => n.lladdr && eosName(n.dev) && !(n.state ?? []).includes('FAILED'))
    .map((n) => {
      const port = k.fdb.find((f) => f.mac === n.lladdr && f.master === n.dev && eosName(f.ifname));
      return { address: n.dst, mac: n.lladdr!, iface: eosName(n.dev)!, port: port ? eosName(port.ifname) : undefined };
    })
    .sort((a, b) => a.address.localeCompare(b.address, 'en', { numeric: true }));
}

export function arp(k: KernelState) {
  return {
    ipV4Neighbors: arpEntries(k).map((e) => ({
      address: e.address,
      hwAddress: eosMac(e.mac),
      interface: e.port ? `${e.iface}, ${e.port}` : e.iface,
      age: 0,
    })),
  };
}

export function arpText(k: KernelState): string {
  const lines = ['Address         Age (sec)  Hardware Addr   Interface'];
  for (const e of arpEntries(k)) {
    lines.push(
      `${pad(e.address, 16)}${pad('  0:00:00', 11)}${pad(eosMac(e.mac), 16)}${e.iface}${e.port ? `, ${e.port}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
