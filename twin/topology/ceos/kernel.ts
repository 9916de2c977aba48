/**
 * The ToR's kernel state as `ip -j` and `bridge -j` print it, and the names EOS gives the kernel's interfaces:
 * eth0 is Management0, ethN is EthernetN (containerlab's mapping for cEOS), a bridge vlanN is VLAN N and its SVI
 * VlanN.
 */

export interface KLink {
  ifname: string;
  flags: string[];
  mtu: number;
  operstate?: string;
  master?: string;
  address?: string;
}
export interface KAddr {
  ifname: string;
  addr_info: { family: string; local: string; prefixlen: number }[];
}
export interface KRoute {
  dst: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  scope?: string;
  type?: string;
}
export interface KNeigh {
  dst: string;
  dev: string;
  lladdr?: string;
  state?: string[];
}
export interface KFdb {
  mac: string;
  ifname: string;
  master?: string;
  flags?: string[];
  state?: string;
  /** seconds since the entry was last updated (`bridge -s`): EOS's Last Move */
  updated?: number;
}

export interface KernelState {
  links: KLink[];
  addrs: KAddr[];
  routes: KRoute[];
  neighbours: KNeigh[];
  fdb: KFdb[];
}

/** EOS's long name for a kernel interface, or undefined for one EOS does not show (lo, docker's). */
export function eosName(ifname: string): string | undefined {
  let m: RegExpExecArray | null;
  if (ifname === 'eth0') return 'Management0';
  if ((m = /^eth(\d+)$/.exec(ifname))) return `Ethernet${m[1]}`;
  if ((m = /^vlan(\d+)$/.exec(ifname))) return `Vlan${m[1]}`;
  return undefined;
}

/** The kernel's interface for an EOS name (Ethernet1 -> eth1, Vlan10 -> vlan10, Management0 -> eth0). */
export function kernelName(eos: string): string {
  let m: RegExpExecArray | null;
  if (/^Management0$/.test(eos)) return 'eth0';
  if ((m = /^Ethernet(\d+)$/.exec(eos))) return `eth${m[1]}`;
  if ((m = /^Vlan(\d+)$/.exec(eos))) return `vlan${m[1]}`;
  throw new Error(`no kernel interface for ${eos}`);
}

/** EOS's short name: Et1, Vl10, Ma0. */
export function shortName(eos: string): string {
  return eos
    .replace(/^Ethernet/, 'Et')
    .replace(/^Management/, 'Ma')
    .replace(/^Vlan/, 'Vl');
}

export function vlanOfBridge(bridge: string | undefined): number | undefined {
  const m = bridge ? /^vlan(\d+)$/.exec(bridge) : null;
  return m ? Number(m[1]) : undefined;
}

/** Cisco-style dotted MAC as EOS prints it: aac1.ab3e.56a1 */
export function eosMac(mac: string): string {
  const hex = mac.replace(/:/g, '').toLowerCase();
  return `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8, 12)}`;
}
