/** `show interfaces status`: each port's description, link status, VLAN (or `routed`, `trunk`, `in Po1`), speed. */
import { type RouterInterface, type RouterState, emptyState, vlansOf } from '../model.ts';
import { fullInterfaceName } from '../names.ts';
import { unreadable, unreadableWhole } from '../unreadable.ts';
import { cells, headerColumns, outputLines } from './lines.ts';

const COMMAND = 'show interfaces status';
const STATUS = /^(connected|notconnect|disabled|errdisabled|inactive|sfp-missing|monitoring|up|down)$/;
const VLAN = /^(\d+|routed|trunk|in)$/;

type Cells = Record<string, string>;

function isPortRow(c: Cells): boolean {
  return (
    /^[A-Za-z][\w/.-]*\d$/.test(c.Port ?? '') && STATUS.test(c.Status ?? '') && VLAN.test((c.Vlan ?? '').split(' ')[0]!)
  );
}

/**
 * A row whose words are not under their titles (a paste that lost its spacing): the port, then the name up to the
 * status word that a VLAN follows, the VLAN (`in Po1` is two words), duplex, speed, and the type.
 */
function byWords(row: string): Cells | undefined {
  const w = row.trim().split(/\s+/);
  const k = w.findIndex((x, i) => i > 0 && STATUS.test(x) && VLAN.test(w[i + 1] ?? ''));
  if (k < 0) return undefined;
  const vlanWords = w[k + 1] === 'in' ? 2 : 1;
  const rest = w.slice(k + 1 + vlanWords);
  return {
    Port: w[0]!,
    Name: w.slice(1, k).join(' '),
    Status: w[k]!,
    Vlan: w.slice(k + 1, k + 1 + vlanWords).join(' '),
    Duplex: rest[0] ?? '',
    Speed: rest[1] ?? '',
    Type: rest.slice(2).join(' '),
  };
}

export function readInterfacesStatus(text: string): RouterState {
  const lines = outputLines(text);
  const at = lines.findIndex((l) => /^Port\s+Name\s+Status\s+Vlan\b/.test(l.text));
  if (at < 0) throw unreadableWhole(COMMAND, 'eos', 'no "Port  Name  Status  Vlan ..." header');
  if (at > 0) throw unreadable(COMMAND, 'eos', lines[0]!.no, lines[0]!.text, 'comes before the table header');
  const columns = headerColumns(lines[at]!.text, 'word');
  const interfaces = lines.slice(at + 1).map((l): RouterInterface => {
    const under = cells(l.text, columns, ['Speed']);
    const c = isPortRow(under) ? under : byWords(l.text);
    if (!c || !isPortRow(c)) {
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
