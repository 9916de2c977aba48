/**
 * The fenced blocks of a lab text sorted into commands the student types, outputs the text shows, and the
 * rest (diagrams, file excerpts). Each output is paired with the command block it belongs to, and each command
 * knows where it runs: on the host, or inside a pod or node shell opened by an earlier `exec`.
 */
import type { Fence, Heading, MarkdownDoc } from './markdown.ts';
import { parseShell, stripPrompt, type ShellCommand } from './shell.ts';

export type BlockRole = 'command' | 'output' | 'other';

export interface Section {
  id: string; // "4.1" for a numbered heading, else the heading as a slug ("deployment")
  title: string;
  line: number;
}

export interface Where {
  kind: 'host' | 'pod' | 'node';
  name?: string;
}

export interface PlacedCommand extends ShellCommand {
  where: Where;
}

export interface TextBlock {
  index: number;
  fence: Fence;
  role: BlockRole;
  section: Section;
  commands: PlacedCommand[]; // a command block's commands; an output block's echoed commands (prompt lines)
  commandBlock?: number; // for an output: the command block it shows
  mixed: boolean; // a command block that also shows output lines below its commands
}

const COMMAND_WORDS = new Set(
  (
    'kubectl docker containerlab clab kind calicoctl iptables iptables-save ip6tables ip ping ping6 curl wget dig ' +
    'nslookup host telnet nc tcpdump cat cd chmod cp mv rm mkdir ls sed awk grep echo export exit sysctl bridge wg ' +
    'jq ssh scp git for kill watch redis-cli iperf3 nohup sudo helm openssl traceroute tc netstat ss conntrack nft ' +
    'ipvsadm bash sh source sleep while apt-get yq base64 timeout tracepath arp hostname vtysh birdc journalctl ' +
    'systemctl crictl kubeadm envsubst tee head tail enable show configure'
  ).split(' '),
);
/** Tools that only exist on the lab host: typing one means the text is back on the host. */
const HOST_TOOLS = new Set(['kubectl', 'docker', 'containerlab', 'clab', 'kind']);
const SHELL_LANGS = new Set(['', 'bash', 'sh', 'shell', 'console', 'zsh']);
const OUTPUT_INTRO = /^[*_\s]*(\w+\s+){0,3}output\b/i;

export function readBlocks(doc: MarkdownDoc): TextBlock[] {
  const blocks: TextBlock[] = doc.fences.map((fence) => ({
    index: fence.index,
    fence,
    role: 'other',
    section: sectionOf(fence.heading),
    commands: [],
    mixed: false,
  }));
  const kinds = blocks.map((b) => lineKinds(b.fence.content));
  for (const b of blocks) {
    const prev = blocks[b.index - 1];
    const k = kinds[b.index]!;
    const firstCmd = k.find((x) => x !== 'blank') === 'cmd';
    const afterCommand = prev?.role === 'command' && b.fence.before === '';
    if (OUTPUT_INTRO.test(b.fence.before)) b.role = 'output';
    else if (firstCmd && !k.includes('out')) b.role = 'command';
    else if (firstCmd) {
      b.role = afterCommand ? 'output' : 'command';
      b.mixed = b.role === 'command';
    } else if (afterCommand) b.role = 'output';
  }
  // a short untagged block right before an "Output:" is what the student typed (`get` into telnet)
  for (const b of blocks) {
    const next = blocks[b.index + 1];
    const lang = b.fence.info.split(/\s/)[0]!.toLowerCase();
    if (
      b.role === 'other' &&
      next?.role === 'output' &&
      OUTPUT_INTRO.test(next.fence.before) &&
      SHELL_LANGS.has(lang)
    ) {
      b.role = 'command';
      kinds[b.index] = kinds[b.index]!.map((x) => (x === 'out' ? 'cmd' : x));
    }
  }
  let where: Where[] = [{ kind: 'host' }];
  let lastCommand: number | undefined;
  for (const b of blocks) {
    if (b.role === 'command') {
      for (const c of commandsOf(b.fence, kinds[b.index]!)) {
        if (HOST_TOOLS.has(c.argv[0] ?? '')) where = [{ kind: 'host' }];
        b.commands.push({ ...c, where: where[where.length - 1]! });
        where = step(where, c);
      }
      lastCommand = b.index;
    } else if (b.role === 'output') {
      b.commandBlock =
        lastCommand !== undefined && blocks[lastCommand]!.section.id === b.section.id ? lastCommand : undefined;
      b.commands = commandsOf(b.fence, kinds[b.index]!).map((c) => ({ ...c, where: where[where.length - 1]! }));
    }
  }
  return blocks;
}

type LineKind = 'cmd' | 'out' | 'blank';

/**
 * Each line of a block: a command (after a prompt, or starting with a known tool), a line that belongs to the
 * command above (continuation, open quote, heredoc body, loop body), blank or comment, or anything else: output.
 */
function lineKinds(content: string): LineKind[] {
  const lines = content.split('\n');
  const kinds: LineKind[] = [];
  let heredocEnd: string | undefined;
  let carry = false; // the previous command line goes on
  let depth = 0; // inside for/while ... done
  for (const raw of lines) {
    const trimmed = raw.trim();
    if (heredocEnd !== undefined) {
      kinds.push('cmd');
      if (trimmed === heredocEnd) heredocEnd = undefined;
      continue;
    }
    if (!trimmed || trimmed.startsWith('#')) {
      kinds.push('blank');
      carry = false;
      continue;
    }
    const { prompt, rest } = stripPrompt(raw);
    const first = rest.trim().split(/\s+/)[0]!;
    const isCommand =
      carry ||
      depth > 0 ||
      (prompt && rest.trim() !== '') ||
      COMMAND_WORDS.has(first) ||
      first.startsWith('./') ||
      /^[A-Za-z_]\w*=/.test(first);
    kinds.push(isCommand ? 'cmd' : 'out');
    if (!isCommand) continue;
    const heredoc = /<<-?\s*(['"]?)(\w+)\1/.exec(rest);
    if (heredoc) heredocEnd = heredoc[2];
    if (/^(for|while|until)\b/.test(first) || /\bdo$/.test(trimmed)) depth++;
    if (/^done\b/.test(first)) depth = Math.max(0, depth - 1);
    carry = trimmed.endsWith('\\') || oddQuotes(rest);
  }
  return kinds;
}

function oddQuotes(text: string): boolean {
  const single = (text.match(/'/g) ?? []).length;
  const double = (text.match(/(?<!\\)"/g) ?? []).length;
  return single % 2 === 1 || double % 2 === 1;
}

/** The commands of a block, read from its command lines only (output lines of a mixed block left out). */
function commandsOf(fence: Fence, kinds: LineKind[]): ShellCommand[] {
  const lines = fence.content.split('\n');
  const out: ShellCommand[] = [];
  let start = -1;
  const flush = (end: number) => {
    if (start >= 0)
      out.push(...parseShell(lines.slice(start, end).join('\n'), fence.contentLine + start, { prompts: true }));
    start = -1;
  };
  kinds.forEach((k, i) => {
    if (k === 'cmd' && start < 0) start = i;
    else if (k === 'out') flush(i);
  });
  flush(lines.length);
  return out;
}

function sectionOf(heading: Heading | undefined): Section {
  if (!heading) return { id: 'top', title: '', line: 1 };
  const num = /^(\d+(?:\.\d+)*)\.?\s/.exec(heading.text);
  const id = num ? num[1]! : slug(heading.text);
  return { id, title: heading.text, line: heading.line };
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Where the next command runs after `c`: an interactive exec opens a shell, `exit` leaves it. */
function step(stack: Where[], c: ShellCommand): Where[] {
  const [tool, verb] = c.argv;
  if (tool === 'exit') return stack.length > 1 ? stack.slice(0, -1) : stack;
  const interactive = c.argv.some((w) => /^-\w*i\w*t|^-\w*t\w*i|^--stdin/.test(w));
  if (!interactive || verb !== 'exec') return stack;
  const rest = c.argv.slice(2).filter((w) => !w.startsWith('-'));
  const shell = rest[rest.length - 1] ?? '';
  if (!/^(\/bin\/)?(ba)?sh$|^Cli$/.test(shell)) return stack;
  if (tool === 'kubectl') return [...stack, { kind: 'pod', name: rest[0] }];
  if (tool === 'docker') return [...stack, { kind: 'node', name: rest[0] }];
  return stack;
}
