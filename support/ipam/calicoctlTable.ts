/** `calicoctl ipam show [--show-blocks]` tables, as a lab text or a CI log holds them. */

export interface IpamShowRow {
  grouping: string;
  cidr: string;
  total: number;
  inUse: number;
  free: number;
}

/** Reads the rows between the box rules; "10 (0%)" and "10" both read as 10. The header row is skipped. */
export function parseIpamShow(text: string): IpamShowRow[] {
  const count = (cell: string) => Number(cell.replace(/\(.*\)/, '').trim());
  return text
    .split('\n')
    .filter((l) => l.trim().startsWith('|'))
    .map((l) =>
      l
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => c.trim()),
    )
    .filter((cells) => cells.length >= 5 && cells[0] !== 'GROUPING')
    .map(([grouping, cidr, total, inUse, free]) => ({
      grouping: grouping!,
      cidr: cidr!,
      total: count(total!),
      inUse: count(inUse!),
      free: count(free!),
    }));
}
