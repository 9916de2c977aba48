/**
 * `nft list table ip kube-proxy` / `nft list ruleset` output (and the `add table/chain/rule/element` form that
 * knftables writes and kube-proxy's tests show) -> tables of sets, maps and chains of rule texts.
 */

export interface NftElement {
  key: string; // "10.43.0.20 . tcp . 80", "tcp . 30080", "10.43.0.20"
  comment?: string;
  verdict?: string; // "goto service-...", "drop"
}

export interface NftSet {
  name: string;
  type: string;
  elements: NftElement[];
  timeoutSeconds?: number;
}

export interface NftRule {
  text: string;
  line: number;
}

export interface NftTable {
  family: string; // ip, ip6, inet
  name: string;
  sets: Map<string, NftSet>; // sets and maps
  chains: Map<string, NftRule[]>;
}

const DURATION = /(\d+)(d|h|m|s|ms)/g;

/** "3h", "1h30m", "10800s" -> seconds. */
export function durationSeconds(text: string): number | undefined {
  let seconds = 0;
  let matched = false;
  for (const [, value, unit] of text.matchAll(DURATION)) {
    matched = true;
    seconds += Number(value) * { d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 }[unit as 'd' | 'h' | 'm' | 's' | 'ms'];
  }
  return matched ? seconds : undefined;
}

/** Splits "a, b, c" at top-level commas (not inside quotes or braces). */
function splitElements(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '{') depth++;
    else if (!quoted && ch === '}') depth--;
    else if (!quoted && depth === 0 && ch === ',') {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last) out.push(last);
  return out;
}

function readElement(text: string): NftElement {
  const colon = text.lastIndexOf(' : ');
  let key = colon >= 0 ? text.slice(0, colon) : text;
  const element: NftElement = { key };
  if (colon >= 0) element.verdict = text.slice(colon + 3).trim();
  const comment = / comment "([^"]*)"/.exec(key);
  if (comment) {
    element.comment = comment[1];
    key = key.replace(comment[0], '');
  }
  element.key = key.trim();
  return element;
}

export interface ParsedNft {
  tables: NftTable[];
  /** lines outside any table (prompts, warnings) */
  notRules: { line: number; text: string }[];
}

function tableOf(tables: Map<string, NftTable>, family: string, name: string): NftTable {
  const key = `${family} ${name}`;
  let table = tables.get(key);
  if (!table) tables.set(key, (table = { family, name, sets: new Map(), chains: new Map() }));
  return table;
}

export function parseNft(text: string): ParsedNft {
  const tables = new Map<string, NftTable>();
  const notRules: ParsedNft['notRules'] = [];
  const lines = text.split('\n');
  let table: NftTable | null = null;
  let block: { kind: 'set' | 'chain' | 'other'; name: string } | null = null;
  let elements: { into: NftSet; text: string } | null = null;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    const lineNo = index + 1;
    if (elements) {
      elements.text += ` ${line}`;
      if (line.endsWith('}')) {
        elements.into.elements.push(...splitElements(elements.text.replace(/\}\s*$/, '')).map(readElement));
        elements = null;
      }
      continue;
    }
    const flat = /^add (table|chain|rule|element|set|map) (ip6?|inet) (\S+)(?: (\S+))?(.*)$/.exec(line);
    if (flat) {
      readFlat(tableOf(tables, flat[2]!, flat[3]!), flat[1]!, flat[4] ?? '', flat[5]!.trim(), lineNo);
      continue;
    }
    const tableStart = /^table (ip6?|inet|arp|bridge|netdev) (\S+) \{$/.exec(line);
    if (tableStart) {
      table = tableOf(tables, tableStart[1]!, tableStart[2]!);
      block = null;
      continue;
    }
    if (!table) {
      notRules.push({ line: lineNo, text: line });
      continue;
    }
    if (!block) {
      const open = /^(set|map|chain|flowtable|counter|quota|ct \w+) (\S+) \{$/.exec(line);
      if (open) {
        const kind = open[1] === 'chain' ? 'chain' : open[1] === 'set' || open[1] === 'map' ? 'set' : 'other';
        block = { kind, name: open[2]! };
        if (kind === 'chain') table.chains.set(block.name, table.chains.get(block.name) ?? []);
        if (kind === 'set') table.sets.set(block.name, { name: block.name, type: '', elements: [] });
      } else if (line === '}') table = null;
      continue;
    }
    if (line === '}') {
      block = null;
      continue;
    }
    if (block.kind === 'set') {
      const set = table.sets.get(block.name)!;
      if (line.startsWith('type ')) set.type = line.slice(5);
      else if (line.startsWith('timeout ')) set.timeoutSeconds = durationSeconds(line.slice(8));
      else if (line.startsWith('elements = {')) {
        const body = line.slice('elements = {'.length);
        if (body.trimEnd().endsWith('}'))
          set.elements.push(...splitElements(body.replace(/\}\s*$/, '')).map(readElement));
        else elements = { into: set, text: body };
      }
    } else if (block.kind === 'chain') {
      if (/^(type \w+ hook|comment "|policy )/.test(line)) continue;
      table.chains.get(block.name)!.push({ text: line, line: lineNo });
    }
  }
  return { tables: [...tables.values()], notRules };
}

/** One `add ...` line of the flat form. */
function readFlat(table: NftTable, what: string, name: string, rest: string, line: number): void {
  if (what === 'chain') table.chains.set(name, table.chains.get(name) ?? []);
  else if (what === 'rule') {
    const rules = table.chains.get(name) ?? [];
    rules.push({ text: rest, line });
    table.chains.set(name, rules);
  } else if (what === 'set' || what === 'map') {
    const set: NftSet = table.sets.get(name) ?? { name, type: '', elements: [] };
    set.type = /type ([^;]+);/.exec(rest)?.[1]?.trim() ?? set.type;
    const timeout = /timeout (\S+?)\s*;/.exec(rest)?.[1];
    if (timeout) set.timeoutSeconds = durationSeconds(timeout);
    table.sets.set(name, set);
  } else if (what === 'element') {
    const set: NftSet = table.sets.get(name) ?? { name, type: '', elements: [] };
    const body = /^\{(.*)\}$/.exec(rest)?.[1] ?? rest;
    set.elements.push(...splitElements(body).map(readElement));
    table.sets.set(name, set);
  }
}
