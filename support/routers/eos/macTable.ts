/** `show mac address-table [vlan N]`: each learned or static MAC with its VLAN, type, ports, moves. */
import type { MacEntry, RouterState } from '../model.ts';
import { emptyState } from '../model.ts';
import { fullInterfaceName, normalMac } from '../names.ts';
import { unreadable, unreadableWhole } from '../unreadable.ts';
import { cells, headerColumns, isRule, outputLines } from './lines.ts';

const COMMAND = 'show mac address-table';
// titles and totals EOS prints around the table
const AROUND = /^(?:\s*(?:Multicast )?Mac Address Table|Total Mac Addresses for this criterion: \d+)$/;

export function readMacTable(text: string): RouterState {
  const lines = outputLines(text);
  const entries: MacEntry[] = [];
  let columns: ReturnType<typeof headerColumns> | undefined;
  let multicast = false;
  for (const l of lines) {
    const t = l.text;
    if (isRule(t) || AROUND.test(t)) {
      if (/Multicast Mac Address Table/.test(t)) multicast = true;
      continue;
    }
    if (/^\s*Vlan\s+Mac Address\s+Type\s+Ports\b/.test(t)) {
      columns = headerColumns(t);
      continue;
    }
    const c = columns ? cells(t, columns) : undefined;
    const mac = c ? normalMac(c['Mac Address'] ?? '') : null;
    if (!c || !mac || !/^\d+$/.test(c.Vlan ?? '') || !c.Type) {
      throw unreadable(
        COMMAND,
        'eos',
        l.no,
        t,
        columns ? 'is not a MAC table row (VLAN, MAC, type, ports)' : 'comes before the table header',
      );
    }
    if (multicast) continue;
    entries.push({
      vlan: Number(c.Vlan),
      mac,
      type: c.Type.toLowerCase(),
      ports: (c.Ports ?? '')
        .split(/[,\s]+/)
        .filter(Boolean)
        .map(fullInterfaceName),
      ...(/^\d+$/.test(c.Moves ?? '') ? { moves: Number(c.Moves) } : {}),
      ...(c['Last Move'] ? { lastMove: c['Last Move'] } : {}),
    });
  }
  if (!columns) throw unreadableWhole(COMMAND, 'eos', 'no "Vlan  Mac Address  Type  Ports ..." header');
  return { ...emptyState(COMMAND, 'eos'), macTable: entries };
}
