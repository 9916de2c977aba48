/**
 * An Arista EOS configuration as the twin's ToR keeps it: hostname, VLANs, interfaces (access ports, SVIs, the
 * management port) and `ip routing`. Read from the lab's startup config; the twin's `Cli` renders
 * `show running-config` from it and writes the configuration commands it applies back into it.
 */

export interface EosInterface {
  /** EOS's long name: Ethernet1, Vlan10, Management0 */
  name: string;
  description?: string;
  /** switchport access vlan (EOS puts an access port without one in VLAN 1) */
  accessVlan?: number;
  switchportMode?: string;
  /** `ip address a.b.c.d/len`, or `dhcp` */
  address?: string;
  mtu?: number;
  shutdown: boolean;
}

export interface EosConfig {
  hostname: string;
  vlans: { id: number; name?: string }[];
  interfaces: EosInterface[];
  ipRouting: boolean;
  /** the lines of the sections the twin does not model (users, management APIs), kept for running-config */
  other: string[][];
  /** the sections that would change forwarding and the twin cannot build (BGP, static routes, IPv6, loopbacks) */
  unsupported: string[];
}

/** Sections kept as text: they change nothing the labs' packets or show commands depend on. */
const INERT = /^(username |management |service |spanning-tree|aaa |no aaa|logging |ntp |clock |transceiver )/;

export class EosConfigError extends Error {}

const INTERFACE = /^(Ethernet\d+|Vlan\d+|Management\d+)$/;

function canonicalInterface(raw: string): string {
  const m = /^(et(?:hernet)?|vl(?:an)?|ma(?:nagement)?)\s*(\d+)$/i.exec(raw.trim());
  if (!m) throw new EosConfigError(`"${raw}" is not an interface the twin's ToR has (Ethernet, Vlan, Management)`);
  const kind = m[1]!.toLowerCase();
  const word = kind.startsWith('et') ? 'Ethernet' : kind.startsWith('vl') ? 'Vlan' : 'Management';
  return `${word}${m[2]}`;
}

/** The interface's name as EOS spells it from any of its abbreviations (`et1`, `Vlan10`, `ma0`). */
export function eosInterfaceName(raw: string): string {
  const name = canonicalInterface(raw);
  if (!INTERFACE.test(name)) throw new EosConfigError(`"${raw}" is not an interface`);
  return name;
}

/** Sections: a line at column 0 opens one, indented lines belong to it; `!` lines are comments. */
function sections(text: string): string[][] {
  const out: string[][] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line === '' || line.trimStart().startsWith('!') || line === 'end') continue;
    if (/^\s/.test(line)) {
      if (out.length === 0) throw new EosConfigError(`indented line "${line.trim()}" belongs to no section`);
      out[out.length - 1]!.push(line.trim());
    } else out.push([line]);
  }
  return out;
}

export function interfaceOf(config: EosConfig, name: string): EosInterface {
  let found = config.interfaces.find((i) => i.name === name);
  if (!found) {
    found = { name, shutdown: false };
    config.interfaces.push(found);
  }
  return found;
}

/** Applies one interface sub-command; false when the twin does not model it. */
export function applyInterfaceLine(iface: EosInterface, line: string): boolean {
  let m: RegExpExecArray | null;
  if ((m = /^description\s+(.+)$/.exec(line))) iface.description = m[1]!;
  else if ((m = /^switchport access vlan\s+(\d+)$/.exec(line))) iface.accessVlan = Number(m[1]);
  else if ((m = /^switchport mode\s+(\S+)$/.exec(line))) iface.switchportMode = m[1]!;
  else if ((m = /^ip address\s+(\d+\.\d+\.\d+\.\d+\/\d+|dhcp)$/.exec(line))) iface.address = m[1]!;
  else if ((m = /^mtu\s+(\d+)$/.exec(line))) iface.mtu = Number(m[1]);
  else if (line === 'no mtu') delete iface.mtu;
  else if (line === 'shutdown') iface.shutdown = true;
  else if (line === 'no shutdown') iface.shutdown = false;
  else return false;
  return true;
}

export function parseEosConfig(text: string): EosConfig {
  const config: EosConfig = {
    hostname: 'localhost',
    vlans: [],
    interfaces: [],
    ipRouting: false,
    other: [],
    unsupported: [],
  };
  for (const [head, ...body] of sections(text)) {
    let m: RegExpExecArray | null;
    if ((m = /^hostname\s+(\S+)$/.exec(head!))) config.hostname = m[1]!;
    else if (head === 'ip routing') config.ipRouting = true;
    else if ((m = /^vlan\s+(\d+)$/.exec(head!))) {
      const name = body.map((l) => /^name\s+(.+)$/.exec(l)?.[1]).find(Boolean);
      config.vlans.push({ id: Number(m[1]), ...(name ? { name } : {}) });
    } else if ((m = /^interface\s+(Ethernet\d+|Vlan\d+|Management\d+)$/.exec(head!))) {
      const iface = interfaceOf(config, eosInterfaceName(m[1]!));
      for (const line of body) {
        if (!applyInterfaceLine(iface, line))
          throw new EosConfigError(`interface ${iface.name}: "${line}" is not configuration the twin's ToR applies`);
      }
    } else if (INERT.test(head!)) config.other.push([head!, ...body]);
    else config.unsupported.push(head!);
  }
  return config;
}

/** `show running-config`, in EOS's layout, from the configuration the ToR holds now. */
export function renderRunningConfig(config: EosConfig): string {
  const out = [
    '! Command: show running-config',
    `! device: ${config.hostname}`,
    '!',
    `hostname ${config.hostname}`,
    '!',
  ];
  for (const v of [...config.vlans].sort((a, b) => a.id - b.id)) {
    out.push(`vlan ${v.id}`, ...(v.name ? [`   name ${v.name}`] : []), '!');
  }
  const order = (n: string) => (n.startsWith('Ethernet') ? 0 : n.startsWith('Management') ? 1 : 2);
  const sorted = [...config.interfaces].sort(
    (a, b) => order(a.name) - order(b.name) || a.name.localeCompare(b.name, 'en', { numeric: true }),
  );
  for (const i of sorted) {
    out.push(`interface ${i.name}`);
    if (i.description) out.push(`   description ${i.description}`);
    if (i.mtu !== undefined) out.push(`   mtu ${i.mtu}`);
    if (i.switchportMode) out.push(`   switchport mode ${i.switchportMode}`);
    if (i.accessVlan !== undefined) out.push(`   switchport access vlan ${i.accessVlan}`);
    if (i.address) out.push(`   ip address ${i.address}`);
    if (i.shutdown) out.push('   shutdown');
    out.push('!');
  }
  if (config.ipRouting) out.push('ip routing', '!');
  for (const section of config.other) out.push(section[0]!, ...section.slice(1).map((l) => `   ${l}`), '!');
  out.push('end');
  return `${out.join('\n')}\n`;
}
