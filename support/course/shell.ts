/**
 * Shell text read as words, never run: lines are joined (continuations, open quotes), heredoc bodies set
 * aside, `$(...)` kept whole as one word part (and parsed on its own), then shell-quote splits the words.
 */
import { parse, type ParseEntry } from 'shell-quote';

export interface ShellCommand {
  argv: string[]; // words; leading VAR=value, sudo/nohup and redirects taken out
  assignments: Record<string, string>; // VAR=value before the command, and `export VAR=value`
  redirects: Array<{ op: string; target: string }>;
  line: number; // 1-based, where the logical line starts
  text: string; // the logical line as written (prompt removed)
  piped: boolean; // reads the output of the command before it (`a | b`)
  inner: ShellCommand[]; // commands inside $(...)
  heredoc?: string; // the body of a `<<EOF` heredoc
}

const SUB = '__LGSUB';
const PLACEHOLDER = '__LGPH';
const SUB_MARK = new RegExp(`${SUB}(\\d+)__`, 'g');
const HOLDER_MARK = new RegExp(`${PLACEHOLDER}(\\d+)__`, 'g');
const SEPARATORS = new Set([';', '&&', '||', '|', '&', '|&', '(', ')', ';;']);
const REDIRECTS = new Set(['>', '>>', '<', '>&']);
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '{', '}', '!', 'time']);
const WRAPPERS = new Set(['sudo', 'nohup']);

/**
 * Every command of a script or a fenced block; `firstLine` is the file line of the text's first line.
 * With `mentions`, only the lines it matches are parsed.
 */
export function parseShell(
  text: string,
  firstLine = 1,
  opts: { prompts?: boolean; mentions?: RegExp } = {},
): ShellCommand[] {
  const out: ShellCommand[] = [];
  for (const logical of logicalLines(text, firstLine, opts.prompts ?? false)) {
    // a caller that wants only some commands skips the other lines unparsed
    if (opts.mentions && !opts.mentions.test(logical.text)) continue;
    out.push(...parseLine(logical.text, logical.line, logical.heredoc));
  }
  return out;
}

interface LogicalLine {
  text: string;
  line: number;
  heredoc?: string;
}

function logicalLines(text: string, firstLine: number, prompts: boolean): LogicalLine[] {
  const lines = text.split('\n');
  const out: LogicalLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = firstLine + i;
    let current = prompts ? stripPrompt(lines[i]!).rest : lines[i]!;
    while ((current.endsWith('\\') || openQuote(current)) && i + 1 < lines.length) {
      current = current.endsWith('\\') ? `${current.slice(0, -1)} ${lines[++i]!}` : `${current}\n${lines[++i]!}`;
    }
    if (!current.trim() || current.trim().startsWith('#')) continue;
    const heredocStart = /<<-?\s*(['"]?)(\w+)\1/.exec(current);
    let heredoc: string | undefined;
    if (heredocStart) {
      const body: string[] = [];
      while (i + 1 < lines.length && lines[i + 1]!.trim() !== heredocStart[2]) body.push(lines[++i]!);
      i++; // the delimiter
      heredoc = body.join('\n');
    }
    out.push({ text: current, line, heredoc });
  }
  return out;
}

/** Whether a line ends inside a quote (the command goes on in the next line). */
function openQuote(text: string): boolean {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '\\') i++;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return false;
    else if (c === "'" || c === '"') quote = c;
  }
  return quote !== '';
}

/** Interactive prompts written before commands: `$ `, `root@node:/# `, `/ # `, `ceos#`, `ceos(config)#`, `ceos>`. */
export function stripPrompt(line: string): { prompt: boolean; rest: string } {
  const m =
    /^\s*\$\s+/.exec(line) ??
    /^\s*[\w.-]+@[\w.-]+:[^\s#$]*[#$]\s*/.exec(line) ??
    /^\s*\/\s#\s+/.exec(line) ??
    /^\s*[A-Za-z][\w.-]*(\([\w-]+\))?[#>](?=\S)/.exec(line);
  return m ? { prompt: true, rest: line.slice(m[0].length) } : { prompt: false, rest: line };
}

function parseLine(text: string, line: number, heredoc?: string): ShellCommand[] {
  const subs: string[] = [];
  const holders: string[] = [];
  let masked = maskSubstitutions(text, subs);
  // `<LB_IP>`-style placeholders in docs are not redirects
  masked = masked.replace(/<[A-Za-z][\w.-]*>/g, (m) => `${PLACEHOLDER}${holders.push(m) - 1}__`);
  const restore = (word: string) =>
    word.includes('__LG')
      ? word
          .replace(SUB_MARK, (_m, n: string) => `$(${subs[Number(n)]})`)
          .replace(HOLDER_MARK, (_m, n: string) => holders[Number(n)]!)
      : word;

  let entries: ParseEntry[];
  try {
    entries = parse(masked, (key: string) => `$${key}`) as ParseEntry[];
  } catch {
    return [];
  }
  const commands: ShellCommand[] = [];
  let current = fresh(text, line);
  let piped = false;
  const finish = (nextPiped: boolean) => {
    const cmd = normalise(current);
    if (cmd) {
      cmd.piped = piped;
      commands.push(cmd);
    }
    current = fresh(text, line);
    piped = nextPiped;
  };
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (typeof e === 'string') current.argv.push(restore(e));
    else if ('comment' in e) break;
    else if (e.op === 'glob') current.argv.push(restore((e as { pattern: string }).pattern));
    else if (REDIRECTS.has(e.op)) {
      const target = entries[i + 1];
      if (typeof target === 'string') {
        current.redirects.push({ op: e.op, target: restore(target) });
        i++;
      }
    } else if ((e.op as string) === '<<') {
      if (typeof entries[i + 1] === 'string') i++; // the heredoc delimiter
    } else if (SEPARATORS.has(e.op)) finish(e.op === '|' || e.op === '|&');
  }
  finish(false);
  if (heredoc !== undefined) {
    const reader = commands.find((c) => c.argv[0] === 'cat' || c.argv.includes('-')) ?? commands[0];
    if (reader) reader.heredoc = heredoc;
  }
  for (const cmd of commands) {
    const words = new Set([...cmd.argv, ...Object.values(cmd.assignments)]);
    const insides = new Set(
      [...words].filter((w) => w.includes('$(')).flatMap((w) => [...w.matchAll(/\$\(([\s\S]*?)\)/g)].map((m) => m[1]!)),
    );
    cmd.inner = [...insides].flatMap((inside) => parseLine(inside, line));
  }
  return commands;
}

function fresh(text: string, line: number): ShellCommand {
  return { argv: [], assignments: {}, redirects: [], line, text: text.trim(), piped: false, inner: [] };
}

/** Leading keywords, VAR=value assignments and wrappers (sudo, nohup) leave the argv. */
function normalise(cmd: ShellCommand): ShellCommand | undefined {
  const argv = [...cmd.argv];
  for (;;) {
    const w = argv[0];
    if (w === undefined) break;
    if (KEYWORDS.has(w)) argv.shift();
    else if (/^[A-Za-z_]\w*=/.test(w)) {
      const eq = w.indexOf('=');
      cmd.assignments[w.slice(0, eq)] = w.slice(eq + 1);
      argv.shift();
    } else if (WRAPPERS.has(w)) {
      argv.shift();
      while (argv[0]?.startsWith('-')) argv.shift();
    } else break;
  }
  if (argv[0] === 'export') {
    for (const w of argv.slice(1)) {
      const eq = w.indexOf('=');
      if (eq > 0) cmd.assignments[w.slice(0, eq)] = w.slice(eq + 1);
    }
  }
  cmd.argv = argv;
  return argv.length || Object.keys(cmd.assignments).length ? cmd : undefined;
}

/** Replace each `$(...)` and `...` (outside single quotes) with a marker; the insides go to `subs`. */
function maskSubstitutions(text: string, subs: string[]): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = '';
      out += c;
      continue;
    }
    if (c === "'" && !quote) quote = "'";
    else if (c === '"') quote = quote === '"' ? '' : '"';
    if ((c === '$' && text[i + 1] === '(') || c === '`') {
      const start = c === '`' ? i + 1 : i + 2;
      let end = start;
      if (c === '`') end = text.indexOf('`', start);
      else {
        let depth = 1;
        for (end = start; end < text.length && depth > 0; end++) {
          if (text[end] === '(') depth++;
          else if (text[end] === ')') depth--;
        }
        end--; // on the closing paren
      }
      if (end < 0 || end >= text.length) {
        out += text.slice(i);
        break;
      }
      out += `${SUB}${subs.push(text.slice(start, end)) - 1}__`;
      i = end;
      continue;
    }
    out += c;
  }
  return out;
}

/** A word with nothing left to the shell: no variables, substitutions, globs or placeholders. */
export function isLiteral(word: string): boolean {
  return !/[$`*?<>{}]/.test(word);
}

/** The option value of `-f FILE`, `-fFILE`, `-f=FILE` or `--filename=FILE` style flags, for every occurrence. */
export function optionValues(
  argv: string[],
  short: string[],
  long: string[] = [],
): Array<{ value: string; index: number }> {
  const out: Array<{ value: string; index: number }> = [];
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    for (const name of [...short, ...long]) {
      if (w === name && i + 1 < argv.length) out.push({ value: argv[i + 1]!, index: i + 1 });
      else if (w.startsWith(`${name}=`)) out.push({ value: w.slice(name.length + 1), index: i });
    }
  }
  return out;
}

/**
 * A command's words as one tag-friendly name: `iptables -t nat -S KUBE-SERVICES` -> `iptables-t-nat-S-KUBE-SERVICES`.
 */
export function slugOf(argv: string[]): string {
  return argv
    .map((w) => w.replace(/[^A-Za-z0-9.]+/g, '-').replace(/^[-.]+|[-.]+$/g, ''))
    .filter(Boolean)
    .join('-');
}
