/**
 * A Corefile (CoreDNS's configuration, Caddyfile syntax) as data: server blocks with their zones and
 * ports, each holding directives with arguments and optional nested blocks. Comments, quoted tokens,
 * snippets `(name) { ... }` and `import` are understood; snippets are kept, not expanded.
 */
import { LabgateError } from '../floor/errors.ts';

export interface Directive {
  name: string;
  args: string[];
  /** directives inside `{ ... }` after the arguments, or null when there is no block */
  block: Directive[] | null;
  line: number;
}

export interface ServerKey {
  /** as written, e.g. ".:53" or "dns://cluster.local" */
  text: string;
  scheme: string;
  /** absolute and lower-case: "." or "cluster.local." */
  zone: string;
  port: number;
}

export interface ServerBlock {
  keys: ServerKey[];
  directives: Directive[];
  line: number;
}

export interface Corefile {
  servers: ServerBlock[];
  snippets: Record<string, Directive[]>;
}

interface Token {
  text: string;
  line: number;
  quoted: boolean;
}

const DEFAULT_PORTS: Record<string, number> = { dns: 53, tls: 853, grpc: 443, https: 443 };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"') {
      const start = line;
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) i++;
        if (text[i] === '\n') line++;
        value += text[i++];
      }
      if (i >= text.length) throw new LabgateError(`Corefile line ${start}: a quoted string is not closed`);
      i++;
      tokens.push({ text: value, line: start, quoted: true });
    } else {
      let value = '';
      while (i < text.length && !/\s/.test(text[i]!) && text[i] !== '"') value += text[i++];
      tokens.push({ text: value, line, quoted: false });
    }
  }
  return tokens;
}

const isOpen = (t: Token | undefined): boolean => t !== undefined && !t.quoted && t.text === '{';
const isClose = (t: Token | undefined): boolean => t !== undefined && !t.quoted && t.text === '}';

/** Directives up to the `}` that closes the enclosing block (or the end, at top level). */
function parseDirectives(tokens: Token[], pos: { i: number }, opener: Token | null): Directive[] {
  const out: Directive[] = [];
  while (pos.i < tokens.length) {
    const first = tokens[pos.i]!;
    if (isClose(first)) {
      if (opener === null) throw new LabgateError(`Corefile line ${first.line}: "}" closes no block`);
      pos.i++;
      return out;
    }
    if (isOpen(first)) throw new LabgateError(`Corefile line ${first.line}: "{" without a directive before it`);
    const d: Directive = { name: first.text, args: [], block: null, line: first.line };
    pos.i++;
    // arguments are the rest of the directive's line; a "{" at its end opens the nested block
    while (
      pos.i < tokens.length &&
      tokens[pos.i]!.line === first.line &&
      !isOpen(tokens[pos.i]) &&
      !isClose(tokens[pos.i])
    ) {
      d.args.push(tokens[pos.i]!.text);
      pos.i++;
    }
    const next = tokens[pos.i];
    if (isOpen(next) && next!.line === first.line) {
      pos.i++;
      d.block = parseDirectives(tokens, pos, next!);
    }
    out.push(d);
  }
  if (opener !== null) throw new LabgateError(`Corefile line ${opener.line}: this "{" is never closed`);
  return out;
}

export function parseServerKey(text: string): ServerKey {
  const m = /^(?:([a-z]+):\/\/)?([^:\s]*)(?::(\d+))?$/i.exec(text);
  if (!m) throw new LabgateError(`Corefile server key "${text}" is not ZONE[:PORT]`);
  const scheme = (m[1] ?? 'dns').toLowerCase();
  const zoneText = m[2] === '' ? '.' : m[2]!.toLowerCase();
  const port = m[3] !== undefined ? Number(m[3]) : (DEFAULT_PORTS[scheme] ?? 53);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new LabgateError(`Corefile server key "${text}" has port ${m[3]}, not 1-65535`);
  return { text, scheme, zone: zoneText.endsWith('.') ? zoneText : `${zoneText}.`, port };
}

export function parseCorefile(text: string): Corefile {
  const tokens = tokenize(text);
  const servers: ServerBlock[] = [];
  const snippets: Record<string, Directive[]> = {};
  const pos = { i: 0 };
  while (pos.i < tokens.length) {
    const first = tokens[pos.i]!;
    if (isOpen(first) || isClose(first))
      throw new LabgateError(`Corefile line ${first.line}: "${first.text}" where a server block's zones were expected`);
    const keys: string[] = [];
    while (pos.i < tokens.length && !isOpen(tokens[pos.i]) && !isClose(tokens[pos.i])) {
      keys.push(...tokens[pos.i]!.text.split(',').filter(Boolean));
      pos.i++;
    }
    const open = tokens[pos.i];
    if (!isOpen(open))
      throw new LabgateError(`Corefile line ${first.line}: server block "${keys.join(' ')}" has no "{"`);
    pos.i++;
    const directives = parseDirectives(tokens, pos, open!);
    if (keys.length === 1 && /^\(.+\)$/.test(keys[0]!)) {
      snippets[keys[0]!.slice(1, -1)] = directives;
      continue;
    }
    servers.push({ keys: keys.map(parseServerKey), directives, line: first.line });
  }
  return { servers, snippets };
}

/** The directives named `name` in a block (a server block's or a nested one). */
export function directivesNamed(directives: Directive[] | null, name: string): Directive[] {
  return (directives ?? []).filter((d) => d.name === name);
}

/** Server blocks that listen on `port` for `zone` (given absolute or not). */
export function serversFor(corefile: Corefile, zone: string, port = 53): ServerBlock[] {
  const z = zone.toLowerCase().endsWith('.') ? zone.toLowerCase() : `${zone.toLowerCase()}.`;
  return corefile.servers.filter((s) => s.keys.some((k) => k.port === port && k.scheme === 'dns' && k.zone === z));
}

/** Renders a directive back to Corefile text on one line (nested blocks inline), for messages. */
export function directiveText(d: Directive): string {
  const head = [d.name, ...d.args].join(' ');
  return d.block === null ? head : `${head} { ${d.block.map(directiveText).join('; ')} }`;
}
