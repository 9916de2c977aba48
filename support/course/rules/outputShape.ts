/**
 * Shown outputs whose shape their command cannot print. `kubectl get` tables: the plain columns under a
 * `-o wide` command, or the wide ones under a plain command (a table cut short, or with columns picked out,
 * is only noted). iptables listings: `-S` rules (`-A CHAIN ...`) under `-L`, `Chain X` listings under `-S`,
 * and the counter (`-v`) and rule number (`--line-numbers`) columns present or missing against the flags.
 */
import type { TextBlock } from '../blocks.ts';
import type { Finding } from '../finding.ts';
import { readGet, readShownTable, TABLES, type GetCommand } from '../kubectlTables.ts';
import type { LabModel } from '../lab.ts';
import type { ShellCommand } from '../shell.ts';
import { finding, quoteCommand, type Rule } from './rule.ts';

export const outputShapes: Rule = (lab) => {
  const out: Finding[] = [];
  for (const block of lab.blocks) {
    if (block.role !== 'output' && !block.mixed) continue;
    const commands = commandsFor(lab, block);
    const table = tableFinding(lab, block, commands);
    if (table) out.push(table);
    const listing = iptablesFinding(lab, block, commands);
    if (listing) out.push(listing);
  }
  return out;
};

/** The commands an output may come from: the ones it echoes itself first, then its command block's. */
function commandsFor(lab: LabModel, block: TextBlock): ShellCommand[] {
  const own = block.commands;
  const source =
    block.role === 'output' && block.commandBlock !== undefined ? lab.blocks[block.commandBlock]!.commands : [];
  return [...own, ...source];
}

function tableFinding(lab: LabModel, block: TextBlock, commands: ShellCommand[]): Finding | undefined {
  const table = readShownTable(block.fence.content, block.fence.contentLine);
  if (!table) return undefined;
  const gets = commands
    .map((c) => ({ c, g: readGet(c) }))
    .filter((x): x is { c: ShellCommand; g: GetCommand } => !!x.g && x.g.table && !x.g.extraColumns);
  let columns = table.columns.filter((c) => c !== '...' && c !== '…');
  const elided = columns.length !== table.columns.length;
  // match the header to the command whose table starts like it
  const match = gets.find(({ g }) => {
    const cols = g.allNamespaces && columns[0] === 'NAMESPACE' ? columns.slice(1) : columns;
    return TABLES[g.kind]!.plain.slice(0, 2).join() === cols.slice(0, 2).join();
  });
  if (!match) return undefined;
  const { c, g } = match;
  if (g.allNamespaces && columns[0] === 'NAMESPACE') columns = columns.slice(1);
  const shape = TABLES[g.kind]!;
  const wide = [...shape.plain, ...shape.wide];
  const same = (a: string[], b: string[]) => a.join('|') === b.join('|');
  const base = { line: table.headerLine, kind: 'output-shape' as const };
  if (g.wide && same(columns, shape.plain)) {
    return finding(lab, {
      ...base,
      severity: 'warning',
      message:
        `the output shown for ${quoteCommand(c.text)} has the plain columns; with -o wide kubectl also prints ` +
        `${shape.wide.join(', ')}`,
      fix: `show the -o wide output, or drop -o wide from the command`,
    });
  }
  if (!g.wide && same(columns, wide)) {
    return finding(lab, {
      ...base,
      severity: 'warning',
      message:
        `the output shown for ${quoteCommand(c.text)} has the -o wide columns (${shape.wide.join(', ')}), which ` +
        `the command does not ask for`,
      fix: 'add -o wide to the command',
    });
  }
  if (
    g.wide &&
    !elided &&
    columns.length < wide.length &&
    columns.every((col) => wide.includes(col)) &&
    !same(columns, shape.plain)
  ) {
    const missing = wide.filter((col) => !columns.includes(col));
    return finding(lab, {
      ...base,
      severity: 'info',
      message:
        `the output shown for ${quoteCommand(c.text)} leaves out columns kubectl prints with -o wide ` +
        `(${missing.join(', ')}) without marking the cut`,
      fix: 'end the cut lines with "..." or show every column',
    });
  }
  return undefined;
}

interface IptablesFlags {
  list: boolean; // -L
  save: boolean; // -S or iptables-save
  verbose: boolean;
  numbers: boolean;
}

function readIptables(cmd: ShellCommand): IptablesFlags | undefined {
  const [tool] = cmd.argv;
  if (tool === 'iptables-save' || tool === 'ip6tables-save')
    return { list: false, save: true, verbose: false, numbers: false };
  if (tool !== 'iptables' && tool !== 'ip6tables') return undefined;
  const flags = cmd.argv.slice(1).filter((w) => w.startsWith('-'));
  const short = flags.filter((w) => /^-[A-Za-z]+$/.test(w)).join('');
  const has = (letter: string, long: string) => short.includes(letter) || flags.includes(long);
  return {
    list: has('L', '--list'),
    save: has('S', '--list-rules'),
    verbose: has('v', '--verbose'),
    numbers: flags.includes('--line-numbers'),
  };
}

function iptablesFinding(lab: LabModel, block: TextBlock, commands: ShellCommand[]): Finding | undefined {
  const cmd = commands.find((c) => readIptables(c));
  const flags = cmd && readIptables(cmd);
  if (!cmd || !flags || flags.list === flags.save) return undefined;
  const lines = block.fence.content.split('\n');
  const ruleLine = lines.findIndex((l) => /^-[AN] \S/.test(l.trim()));
  const chainLine = lines.findIndex((l) => /^Chain \S+ \(/.test(l.trim()));
  const headerLine = lines.findIndex((l) => /\btarget\s+prot\s+opt\b/.test(l));
  const at = (i: number) => block.fence.contentLine + i;
  const base = { kind: 'output-shape' as const, severity: 'warning' as const };
  if (flags.save && (chainLine >= 0 || headerLine >= 0)) {
    const i = chainLine >= 0 ? chainLine : headerLine;
    return finding(lab, {
      ...base,
      line: at(i),
      message: `${quoteCommand(cmd.text)} prints rules as -A lines, but the output shown is an -L listing`,
      fix: 'show the -S output, or use -L in the command',
    });
  }
  if (flags.list && ruleLine >= 0) {
    return finding(lab, {
      ...base,
      line: at(ruleLine),
      message: `${quoteCommand(cmd.text)} prints an -L listing, but the output shown has -S rules (-A lines)`,
      fix: 'show the -L output, or use -S in the command',
    });
  }
  if (flags.list && headerLine >= 0) {
    const header = lines[headerLine]!.trim().split(/\s+/);
    const counters = header.includes('pkts') && header.includes('bytes');
    const numbered = header[0] === 'num';
    if (counters !== flags.verbose) {
      return finding(lab, {
        ...base,
        line: at(headerLine),
        message: flags.verbose
          ? `${quoteCommand(cmd.text)} asks for counters (-v), but the listing shown has no pkts/bytes columns`
          : `the listing shown has pkts/bytes columns, which only -v prints, but ${quoteCommand(cmd.text)} has no -v`,
        fix: flags.verbose ? 'show the -v output' : 'add -v to the command',
      });
    }
    if (numbered !== flags.numbers) {
      return finding(lab, {
        ...base,
        line: at(headerLine),
        message: flags.numbers
          ? `${quoteCommand(cmd.text)} asks for --line-numbers, but the listing shown has no num column`
          : `the listing shown has a num column, which only --line-numbers prints, but ${quoteCommand(cmd.text)} ` +
            `lacks it`,
        fix: flags.numbers ? 'show the --line-numbers output' : 'add --line-numbers to the command',
      });
    }
  }
  return undefined;
}
