/**
 * `show arp` (`show ip arp`): each neighbour's address, MAC and interface. EOS names an SVI's entry with the port it
 * was learned on (`Vlan20, Ethernet4`), or `not learned`; `show arp vrf all` prints a table per VRF; a `Type`
 * column (as one lab prints it) is read when it is there.
 */
import { familyOf } from '../../floor/address.ts';
import type { ArpEntry, RouterState } from '../model.ts';
import { emptyState } from '../model.ts';
import { fullInterfaceName, normalMac } from '../names.ts';
import { unreadable, unreadableWhole } from '../unreadable.ts';
import { type Column, cells, outputLines, titledColumns } from './lines.ts';

const COMMAND = 'show arp';
const TYPES: Record<string, string> = { D: 'dynamic', S: 'static', dynamic: 'dynamic', static: 'static' };
const HEADER = /^Address\s+Age \((?:sec|min)\)\s+Hardware Addr\b/;

export function readArp(text: string, command = COMMAND): RouterState {
  const arp: ArpEntry[] = [];
  let columns: Column[] | undefined;
  for (const l of outputLines(text)) {
    if (HEADER.test(l.text)) {
      columns = titledColumns(l.text, ['Address', /Age \((?:sec|min)\)/, 'Hardware Addr', /\bType\b/, 'Interface']);
      continue;
    }
    if (/^VRF: \S+$/.test(l.text.trim()) || /^-+$/.test(l.text.trim())) continue;
    if (!columns) throw unreadable(command, 'eos', l.no, l.text, 'comes before the table header');
    const c = cells(l.text, columns);
    const age = Object.keys(c).find((k) => k.startsWith('Age'))!;
    const mac = normalMac(c['Hardware Addr'] ?? '');
    if (familyOf(c.Address ?? '') !== 'ipv4' || !mac || !c.Interface) {
      throw unreadable(command, 'eos', l.no, l.text, 'is not an ARP row (address, age, MAC, interface)');
    }
    const type = c.Type ? TYPES[c.Type] : undefined;
    arp.push({
      address: c.Address!,
      mac,
      interfaces: c.Interface.split(',')
        .map((s) => s.trim())
        .filter((s) => s && s !== 'not learned')
        .map(fullInterfaceName),
      ...(type ? { type } : {}),
      ...(c[age] ? { age: c[age] } : {}),
    });
  }
  if (!columns) throw unreadableWhole(command, 'eos', 'no "Address  Age (sec)  Hardware Addr ..." header');
  return { ...emptyState(command, 'eos'), arp };
}
