/** One entry point for every iptables listing format: detects the format, then parses. */
import type { IptablesFormat, NatTable } from './types.ts';
import { readIptables } from './readIptables.ts';

export function detectFormat(text: string): IptablesFormat {
  return readIptables(text).tables[0]!.format;
}

export interface ParsedIptables {
  table: NatTable;
  problems: string[];
}

/**
 * Parses iptables-save, `iptables -S` or `iptables -L` text (or several pasted together); lines it cannot read
 * are listed, not thrown. With IPv4 and IPv6 listings in one input, this is the IPv4 table: readIptables has both.
 */
export function parseIptablesWithProblems(text: string): ParsedIptables {
  const table = readIptables(text).tables[0]!;
  return { table, problems: table.problems ?? [] };
}

export function parseIptables(text: string): NatTable {
  return parseIptablesWithProblems(text).table;
}

/** Total number of rules and declared chains read: zero means the text held nothing iptables-like. */
export function countRecognised(table: NatTable): number {
  let count = 0;
  for (const chain of table.chains.values()) count += 1 + chain.rules.length;
  for (const chain of table.filter?.values() ?? []) count += 1 + chain.rules.length;
  return count;
}
