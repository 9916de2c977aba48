/** One entry point for every iptables listing format: detects the format, then parses. */
import type { IptablesFormat, NatTable } from './types.ts';
import { looksLikeListOutput, parseList } from './parseList.ts';
import { parseSaveOrS } from './parseSave.ts';

export function detectFormat(text: string): IptablesFormat {
  if (looksLikeListOutput(text)) return 'iptables-L';
  if (/^\s*(\*\w|:\S+\s+\S+\s+\[\d+:\d+\]|COMMIT\s*$|\[\d+:\d+\]\s+-A\s)/m.test(text)) return 'iptables-save';
  return 'iptables-S';
}

export interface ParsedIptables {
  table: NatTable;
  problems: string[];
}

/** Parses iptables-save, `iptables -S` or `iptables -L` text; lines it cannot read are listed, not thrown. */
export function parseIptablesWithProblems(text: string): ParsedIptables {
  const format = detectFormat(text);
  const table = format === 'iptables-L' ? parseList(text) : parseSaveOrS(text, format);
  return { table, problems: table.problems ?? [] };
}

export function parseIptables(text: string): NatTable {
  return parseIptablesWithProblems(text).table;
}

/** Total number of rules and declared chains read: zero means the text held nothing iptables-like. */
export function countRecognised(table: NatTable): number {
  let count = 0;
  for (const chain of table.chains.values()) count += 1 + chain.rules.length;
  return count;
}
