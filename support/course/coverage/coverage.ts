/**
 * Coverage of a lab's text by its features: every command block and shown-output block, by section and
 * line, with the scenarios that check it (through `@exercise:` and `@cmd:` tags), the named gaps with their
 * reasons, and what no longer matches (a link or a gap that names no block). Complete means every block is
 * checked or named as a gap, and nothing is stale.
 */
import path from 'node:path';
import { readBlocks, slug, type Section, type TextBlock } from '../blocks.ts';
import { LabFolder } from '../folder.ts';
import { parseMarkdown } from '../markdown.ts';
import { slugOf } from '../shell.ts';
import { LabgateError } from '../../floor/errors.ts';
import { readGaps, GAPS_FILE, type Gap } from './gaps.ts';
import { cmdMatches, readScenarios, related, type LinkedScenario } from './scenarios.ts';

export interface ScenarioRef {
  file: string;
  line: number;
  name: string;
  examples: number;
}

export interface CoveredBlock {
  line: number;
  role: 'command' | 'output';
  section: Section;
  shows: string; // the block's commands, or its output's first line
  commands: string[]; // link names of its commands (what a @cmd: tag matches)
  commandLine?: number; // an output's command block
  scenarios: ScenarioRef[];
  gap?: { reason: string; line: number };
}

export interface StaleLink {
  file: string;
  line: number;
  message: string;
}

export interface CoverageReport {
  lab: string;
  textFile: string; // as given, for display
  blocks: CoveredBlock[];
  scenarios: number;
  unlinked: ScenarioRef[]; // scenarios that link no block: they check the prose, or nothing the text shows
  stale: StaleLink[];
  checked: number;
  explained: number;
  unexplained: number;
  complete: boolean;
}

export function computeCoverage(
  textFile: string,
  featuresDir: string,
  labName = path.basename(featuresDir),
): CoverageReport {
  const folder = new LabFolder(path.dirname(textFile), path.dirname(textFile));
  const text = folder.read(path.basename(textFile));
  if (text === undefined)
    throw new LabgateError(`cannot read the lab text ${textFile}`, folder.notes[0]?.reason ?? 'no such file');
  const blocks = readBlocks(parseMarkdown(text));
  const scenarios = readScenarios(featuresDir);
  const gaps = readGaps(featuresDir);
  const gapsFile = `${path.basename(featuresDir)}/${GAPS_FILE}`;

  const listed = blocks.filter((b) => b.role === 'command' || b.role === 'output');
  const byIndex = new Map<number, CoveredBlock>();
  for (const b of listed) byIndex.set(b.index, describe(b, blocks));

  const stale: StaleLink[] = [];
  const linked = new Set<LinkedScenario>();
  for (const s of scenarios) {
    if (s.cmds.length && !s.exercises.length) {
      stale.push({
        file: s.file,
        line: s.line,
        message: `"${s.name}" has @cmd: links but no @exercise: tag to place them in the text`,
      });
      continue;
    }
    for (const cmd of s.cmds) {
      const hits = listed.filter(
        (b) =>
          b.role === 'command' &&
          s.exercises.some((e) => related(b.section.id, e)) &&
          byIndex.get(b.index)!.commands.some((c) => cmdMatches(cmd.slug, c)),
      );
      if (!hits.length) {
        stale.push({
          file: s.file,
          line: cmd.line,
          message: `@cmd:${cmd.slug} of "${s.name}" names no command in exercise ${s.exercises.join(', ')} of the text`,
        });
        continue;
      }
      linked.add(s);
      for (const b of hits) addScenario(byIndex.get(b.index)!, s);
    }
  }
  // an output is checked by the scenarios of its command
  for (const b of listed) {
    if (b.role === 'output' && b.commandBlock !== undefined && byIndex.has(b.commandBlock)) {
      for (const s of byIndex.get(b.commandBlock)!.scenarios) addScenario(byIndex.get(b.index)!, s);
    }
  }
  for (const g of gaps) {
    const named = listed.filter((b) => gapNames(g, b, byIndex, blocks));
    if (!named.length) {
      stale.push({
        file: gapsFile,
        line: g.line,
        message: `the gap for section ${g.section}${g.cmd ? `, cmd ${g.cmd}` : ''} names no block of the text`,
      });
      continue;
    }
    const checked = named.filter((b) => byIndex.get(b.index)!.scenarios.length);
    if (checked.length) {
      stale.push({
        file: gapsFile,
        line: g.line,
        message:
          `the gap for section ${g.section} names the block at line ${checked[0]!.fence.line}, which scenarios ` +
          `check`,
      });
    }
    for (const b of named) byIndex.get(b.index)!.gap ??= { reason: g.reason, line: g.line };
  }

  const rows = [...byIndex.values()];
  const checked = rows.filter((r) => r.scenarios.length).length;
  const explained = rows.filter((r) => !r.scenarios.length && r.gap).length;
  const unexplained = rows.length - checked - explained;
  return {
    lab: labName,
    textFile,
    blocks: rows,
    scenarios: scenarios.length,
    unlinked: scenarios.filter((s) => !linked.has(s)).map(ref),
    stale,
    checked,
    explained,
    unexplained,
    complete: unexplained === 0 && stale.length === 0,
  };
}

function describe(b: TextBlock, all: TextBlock[]): CoveredBlock {
  const commands = b.role === 'command' ? b.commands.map((c) => slugOf(c.argv)).filter(Boolean) : [];
  const shows =
    b.role === 'command'
      ? b.commands
          .map((c) => c.text.replace(/\s+/g, ' '))
          .filter((t, i, a) => a.indexOf(t) === i)
          .join('; ')
      : (b.fence.content.split('\n').find((l) => l.trim()) ?? '').trim();
  const out: CoveredBlock = {
    line: b.fence.line,
    role: b.role as 'command' | 'output',
    section: b.section,
    shows,
    commands,
    scenarios: [],
  };
  if (b.role === 'output' && b.commandBlock !== undefined) out.commandLine = all[b.commandBlock]!.fence.line;
  return out;
}

function addScenario(row: CoveredBlock, s: LinkedScenario | ScenarioRef): void {
  if (!row.scenarios.some((x) => x.file === s.file && x.line === s.line)) row.scenarios.push(ref(s));
}

function ref(s: LinkedScenario | ScenarioRef): ScenarioRef {
  return { file: s.file, line: s.line, name: s.name, examples: s.examples };
}

/**
 * A gap names a block of its section (or a sub-section), a command block by its `cmd`, and an output through its
 * command.
 */
function gapNames(g: Gap, b: TextBlock, rows: Map<number, CoveredBlock>, all: TextBlock[]): boolean {
  const inSection = (id: string, title: string) =>
    id === g.section || id.startsWith(`${g.section}.`) || slug(title) === slug(g.section);
  if (!inSection(b.section.id, b.section.title)) return false;
  if (!g.cmd) return true;
  const commandBlock = b.role === 'output' ? (b.commandBlock !== undefined ? all[b.commandBlock] : undefined) : b;
  return (
    !!commandBlock &&
    (rows.get(commandBlock.index)?.commands ?? []).some((c) => c === g.cmd || c.startsWith(`${g.cmd}-`))
  );
}
