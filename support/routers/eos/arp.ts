/**
 * `show arp`: each neighbour's address, MAC and interface. EOS names an SVI's entry with the port it was learned on
 * (`Vlan20, Ethernet4`); a `Type` column (as one lab prints it) is read when it is there.
 */
import { familyOf } from '../../floor/address.ts';
import type { ArpEntry, RouterState } from '../model.ts';
import { emptyState } from '../model.ts';
import { fullInterfaceName, normalMac } from '../names.ts';
import { unreadable, unreadableWhole } from '../unreadable.ts';
import { cells, headerColumns, outputLines } from './lines.ts';

const COMMAND = 'show arp';
const TYPES: Record<string, string> = { D: 'dynamic', S: 'static', dynamic: 'dynamic', static: 'static' };

export function readArp(text: string): RouterState {
  const lines = outputLines(text);
  const at = lines.findIndex((l) => /^Address\s+Age \(sec\)\s+Hardware Addr\b/.test(l.text));
  if (at < 0) throw unreadableWhole(COMMAND, 'eos', 'no "Address  Age (sec)  Hardware Addr ..." header');
  const before = lines.slice(0, at).find((l) => !/^(?:VRF: \S+|-+)$/.test(l.text.trim()));
  if (before) throw unreadable(COMMAND, 'eos', before.no, before.text, 'comes before the table header');
  const columns = headerColumns(lines[at]!.text);
  const arp = lines.slice(at + 1).map((l): ArpEntry => {
    const c = cells(l.text, columns);
    const mac = normalMac(c['Hardware Addr'] ?? '');
    if (familyOf(c.Address ?? '') !== 'ipv4' || !mac || !c.Interface) {
      throw unreadable(COMMAND, 'eos', l.no, l.text, 'is not an ARP row (address, age, MAC, interface)');
    }
    const type = c.Type ? TYPES[c.Type] : undefined;
    return {
      address: c.Address!,
      mac,
      interfaces: c.Interface.split(',')
        .map((s) => fullInterfaceName(s.trim()))
        .filter(Boolean),
      ...(type ? { type } : {}),
      ...(c['Age (sec)'] ? { age: c['Age (sec)'] } : {}),
    };
  });
  return { ...emptyState(COMMAND, 'eos'), arp };
}
