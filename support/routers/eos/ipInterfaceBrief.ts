/**
 * `show ip interface brief` and `show ipv6 interface brief`: each routed interface's addresses, status, line
 * protocol and MTU. IPv6 lists an interface's further addresses on rows of their own under it.
 */
import { type RouterInterface, type RouterState, emptyState } from '../model.ts';
import { fullInterfaceName } from '../names.ts';
import { unreadable, unreadableWhole } from '../unreadable.ts';
import { type Column, cells, headerColumns, isRule, outputLines, ruleColumns } from './lines.ts';

const ADDRESS = /^(?:unassigned|[0-9a-fA-Fx.:]+\/\d{1,3})$/;

export function readIpInterfaceBrief(text: string, family: 'ipv4' | 'ipv6' = 'ipv4'): RouterState {
  const command = family === 'ipv4' ? 'show ip interface brief' : 'show ipv6 interface brief';
  const lines = outputLines(text);
  const header =
    family === 'ipv4'
      ? /^\s*Interface\s+IP Address\s+Status\s+Protocol\s+MTU\b/
      : /^\s*Interface\s+Status\s+MTU\s+IPv6 Address\b/;
  const at = lines.findIndex((l) => header.test(l.text));
  if (at < 0)
    throw unreadableWhole(
      command,
      'eos',
      `no "Interface ... ${family === 'ipv4' ? 'IP Address' : 'IPv6 Address'} ..." header`,
    );
  // EOS prints the second word of a two-line column title ("Address", over "Owner" or "Addr State") above the header
  const before = lines.slice(0, at).find((l) => !/^\s+Address(\s+\S+)*$/.test(l.text));
  if (before) throw unreadable(command, 'eos', before.no, before.text, 'comes before the table header');
  const named = headerColumns(lines[at]!.text);
  let columns: Column[] = named;
  let rows = lines.slice(at + 1);
  if (rows[0] && isRule(rows[0].text)) {
    columns = ruleColumns(rows[0].text, named) ?? named;
    rows = rows.slice(1);
  }
  const addressColumn = family === 'ipv4' ? 'IP Address' : 'IPv6 Address';
  const interfaces: RouterInterface[] = [];
  for (const l of rows) {
    const c = cells(l.text, columns);
    const address = c[addressColumn] ?? '';
    if (!ADDRESS.test(address))
      throw unreadable(command, 'eos', l.no, l.text, 'has no address (a.b.c.d/len) in its column');
    if (!c.Interface) {
      const last = interfaces.at(-1);
      if (!last) throw unreadable(command, 'eos', l.no, l.text, 'is an address row under no interface');
      last.addresses.push(address);
      continue;
    }
    if (!c.Status || !/^\d+$/.test(c.MTU ?? '')) {
      throw unreadable(command, 'eos', l.no, l.text, 'is not an interface row (interface, address, status, MTU)');
    }
    interfaces.push({
      name: fullInterfaceName(c.Interface),
      status: c.Status,
      ...(c.Protocol ? { protocol: c.Protocol } : {}),
      addresses: address === 'unassigned' ? [] : [address],
      mtu: Number(c.MTU),
    });
  }
  return { ...emptyState(command, 'eos'), interfaces };
}
