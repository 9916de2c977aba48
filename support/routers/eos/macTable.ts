/** `show mac address-table [vlan N]`: each learned or static MAC with its VLAN, type, ports, moves. */
import type { MacEntry, RouterState } from '../model.ts';
import { emptyState } from '../model.ts';
import { fullInterfaceName, normalMac } from '../names.ts';
import { unreadable, unreadableWhole } from '../unreadable.ts';
import { isRule, outputLines } from './lines.ts';

const COMMAND = 'show mac address-table';
const ROW = /^\s*(\d+)\s+(\S+)\s+(\S+)\s+(.*?)(?:\s+(\d+)\s+(\S.*?))?\s*$/;
// titles and totals EOS prints around the table
const AROUND = /^(?:\s*(?:Multicast )?Mac Address Table|Total Mac Addresses for this criterion: \d+)$/i;

export function readMacTable(text: string): RouterState {
  const lines = outputLines(text);
  const entries: MacEntry[] = [];
  let header = false;
  let multicast = false;
  for (const l of lines) {
    const t = l.text;
    if (isRule(t) || AROUND.test(t)) {
      if (/Multicast Mac Address Table/i.test(t)) multicast = true;
      continue;
    }
    if (/^\s*Vlan\s+Mac Address\s+Type\s+Ports\b/i.test(t)) {
      header = true;
      continue;
    }
    // a row by its words (EOS does not always keep them under their titles): VLAN, MAC, type, the ports, then the
    // moves and the last move when the entry was learned
    const m = header ? ROW.exec(t) : null;
    const mac = m ? normalMac(m[2]!) : null;
    if (!m || !mac) {
      const why = header ? 'is not a MAC table row (VLAN, MAC, type, ports)' : 'comes before the table header';
      throw unreadable(COMMAND, 'eos', l.no, t, why);
    }
    if (multicast) continue;
    entries.push({
      vlan: Number(m[1]),
      mac,
      type: m[3]!.toLowerCase(),
      ports: m[4]!
        .split(/[,\s]+/)
        .filter(Boolean)
        .map(fullInterfaceName),
      ...(m[5] !== undefined ? { moves: Number(m[5]) } : {}),
      ...(m[6] ? { lastMove: m[6] } : {}),
    });
  }
  if (!header) throw unreadableWhole(COMMAND, 'eos', 'no "Vlan  Mac Address  Type  Ports ..." header');
  return { ...emptyState(COMMAND, 'eos'), macTable: entries };
}
