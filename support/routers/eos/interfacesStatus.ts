/** `show interfaces status`: each port's description, link status, VLAN (or `routed`, `trunk`, `in Po1`), speed. */
import { type RouterInterface, type RouterState, emptyState, vlansOf } from '../model.ts';
import { fullInterfaceName } from '../names.ts';
import { unreadable, unreadableWhole } from '../unreadable.ts';
import { cells, headerColumns, outputLines } from './lines.ts';

const COMMAND = 'show interfaces status';
const STATUS = /^(connected|notconnect|disabled|errdisabled|inactive|sfp-missing|monitoring|up|down)$/;

export function readInterfacesStatus(text: string): RouterState {
  const lines = outputLines(text);
  const at = lines.findIndex((l) => /^Port\s+Name\s+Status\s+Vlan\b/.test(l.text));
  if (at < 0) throw unreadableWhole(COMMAND, 'eos', 'no "Port  Name  Status  Vlan ..." header');
  if (at > 0) throw unreadable(COMMAND, 'eos', lines[0]!.no, lines[0]!.text, 'comes before the table header');
  const columns = headerColumns(lines[at]!.text, 'word');
  const interfaces = lines.slice(at + 1).map((l): RouterInterface => {
    const c = cells(l.text, columns);
    if (!/^[A-Za-z][\w/.-]*\d$/.test(c.Port ?? '') || !STATUS.test(c.Status ?? '')) {
      throw unreadable(COMMAND, 'eos', l.no, l.text, 'is not a port row (port, name, status, VLAN, ...)');
    }
    const vlan = c.Vlan ?? '';
    return {
      name: fullInterfaceName(c.Port!),
      ...(c.Name ? { description: c.Name } : {}),
      status: c.Status!,
      ...(/^\d+$/.test(vlan) ? { vlan: Number(vlan) } : vlan ? { mode: vlan } : {}),
      ...(/^in Po\d+$/.test(vlan) ? { memberOf: fullInterfaceName(vlan.slice(3)) } : {}),
      addresses: [],
      ...(c.Duplex ? { duplex: c.Duplex } : {}),
      ...(c.Speed ? { speed: c.Speed } : {}),
      ...(c.Type ? { type: c.Type } : {}),
    };
  });
  return { ...emptyState(COMMAND, 'eos'), interfaces, vlans: vlansOf(interfaces) };
}
