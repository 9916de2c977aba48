/**
 * Which lab faults make each check in support/ fail, computed from what the project says, never from a run:
 * the checks (exported functions of support/ returning a Finding), the step definitions cucumber loads (the
 * checks each one's code calls, through wrapper checks and helper functions), each lab's scenarios (the checks
 * their steps call) and each lab's fault matrix (the scenarios each fault must fail).
 *   node --import tsx test/faults/checksReached.ts           write test/faults/CHECKS-FAULTS.md
 *   node --import tsx test/faults/checksReached.ts --check   exit 1 when it is stale or a check is reached by no fault
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { generateMessages } from '@cucumber/gherkin';
import { IdGenerator, SourceMediaType } from '@cucumber/messages';
import { loadConfiguration, loadSupport, type IRunEnvironment } from '@cucumber/cucumber/api';
import { NOT_ON_A_LIVE_LAB } from '../../support/validate/featureCount.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const TABLE_PATH = 'test/faults/CHECKS-FAULTS.md';

/**
 * Checks no honest fault of a running lab can make fail, each with the reason. A check listed here that some
 * fault does reach is an error too, so the list cannot hide a reach.
 */
export const UNREACHABLE: Readonly<Record<string, string>> = {
  containersLeft:
    'judges a destroyed lab (@after-destroy): the matrix breaks a running twin; its unit test leaves a container',
  leftoverContainers: 'reads, then judges with containersLeft (@after-destroy)',
  networkListed: 'judges a destroyed lab (@after-destroy); its unit test leaves the network listed',
  networkPresent: 'reads, then judges with networkListed (@after-destroy)',
  kubeconfigPresent: 'judges a destroyed lab (@after-destroy); its unit test leaves the kubeconfig',
};

export interface Check {
  name: string;
  file: string;
  body: string;
}

export interface Reach {
  lab: string;
  fault: string;
  scenario: string;
  /** the other checks the scenario's steps call: the fault fails one of them, the message says which */
  alongside: string[];
}

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The text from an opening brace to its matching closing brace (strings and comments are not parsed). */
function braced(text: string, from: number): string {
  const open = text.indexOf('{', from);
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    depth += text[i] === '{' ? 1 : text[i] === '}' ? -1 : 0;
    if (depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

/** Exported functions whose declared return type is a Finding (or a promise of one); lint rules are not checks. */
export function checkFunctions(): Check[] {
  const checks: Check[] = [];
  for (const file of files(path.join(ROOT, 'support'), '.ts')) {
    if (file.includes(`${path.sep}course${path.sep}`) || file.includes(`${path.sep}floor${path.sep}`)) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/export (?:async )?function (\w+)\s*(?:<[^>]*>)?\(/g)) {
      let i = m.index + m[0].length;
      for (let depth = 1; depth > 0 && i < text.length; i += 1) depth += text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0;
      if (!/^\s*:\s*(?:Promise<)?Finding</.test(text.slice(i, i + 80))) continue;
      checks.push({ name: m[1]!, file: path.relative(ROOT, file), body: braced(text, i) });
    }
  }
  return checks;
}

/** Named functions and methods of support/ and steps/ with their bodies: how a step reaches a check indirectly. */
function helperBodies(): Map<string, string[]> {
  const bodies = new Map<string, string[]>();
  for (const dir of ['support', 'steps']) {
    for (const file of files(path.join(ROOT, dir), '.ts')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:export )?(?:async )?(?:function\s+)?(\w+)\s*(?:<[^>]*>)?\([^;{]*\{/gm)) {
        if (['if', 'for', 'while', 'switch', 'catch', 'function'].includes(m[1]!)) continue;
        bodies.set(m[1]!, [...(bodies.get(m[1]!) ?? []), braced(text, m.index)]);
      }
    }
  }
  return bodies;
}

/** The checks a piece of code calls, directly or through helpers and wrapper checks. */
function checksCalledBy(code: string, checks: Set<string>, bodies: Map<string, string[]>): Set<string> {
  const found = new Set<string>();
  const seen = new Set<string>();
  const queue = [code];
  while (queue.length > 0) {
    for (const [, name] of queue.pop()!.matchAll(/\b(\w+)\s*\(/g)) {
      if (seen.has(name!)) continue;
      seen.add(name!);
      if (checks.has(name!)) found.add(name!);
      queue.push(...(bodies.get(name!) ?? []));
    }
  }
  return found;
}

interface StepDefinition {
  matchesStepName(text: string): boolean;
  unwrappedCode: (...args: unknown[]) => unknown;
}

async function stepDefinitions(): Promise<StepDefinition[]> {
  const quiet = new Writable({ write: (_c, _e, done) => done() });
  const environment: IRunEnvironment & { cwd: string } = { cwd: ROOT, stdout: quiet, stderr: quiet, env: process.env };
  const { runConfiguration } = await loadConfiguration({}, environment);
  runConfiguration.sources.paths = ['features/**/*.feature'];
  const library = (await loadSupport(runConfiguration, environment)) as unknown as {
    stepDefinitions: StepDefinition[];
  };
  return library.stepDefinitions;
}

/** Each live scenario's name and step texts, per lab (the matrix runs a live twin, so @after-destroy is left out). */
function scenarios(lab: string): Map<string, string[]> {
  const dir = path.join(ROOT, 'features', lab);
  const byName = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.feature'))) {
    const envelopes = generateMessages(
      readFileSync(path.join(dir, file), 'utf8'),
      file,
      SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN,
      { includeGherkinDocument: false, includePickles: true, includeSource: false, newId: IdGenerator.incrementing() },
    );
    for (const { pickle } of envelopes) {
      if (!pickle || pickle.tags.some((t) => NOT_ON_A_LIVE_LAB.includes(t.name))) continue;
      byName.set(pickle.name, [...(byName.get(pickle.name) ?? []), ...pickle.steps.map((s) => s.text)]);
    }
  }
  return byName;
}

function labs(): string[] {
  return readdirSync(path.join(ROOT, 'features'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && readdirSync(path.join(ROOT, 'features', e.name)).includes('fault-matrix.json'))
    .map((e) => e.name)
    .sort();
}

export interface Mapping {
  checks: Check[];
  reaches: Map<string, Reach[]>;
}

export async function computeMapping(): Promise<Mapping> {
  const checks = checkFunctions();
  const names = new Set(checks.map((c) => c.name));
  const bodies = helperBodies();
  const definitions = (await stepDefinitions()).map((d) => ({
    d,
    checks: checksCalledBy(d.unwrappedCode.toString(), names, bodies),
  }));
  const stepChecks = new Map<string, Set<string>>();
  const checksOfStep = (text: string): Set<string> => {
    let found = stepChecks.get(text);
    if (!found) {
      found = new Set(definitions.filter((x) => x.d.matchesStepName(text)).flatMap((x) => [...x.checks]));
      stepChecks.set(text, found);
    }
    return found;
  };
  const reaches = new Map<string, Reach[]>(checks.map((c) => [c.name, []]));
  for (const lab of labs()) {
    const steps = scenarios(lab);
    const matrix = JSON.parse(readFileSync(path.join(ROOT, 'features', lab, 'fault-matrix.json'), 'utf8')) as {
      faults: Record<string, { fail: Record<string, unknown> }>;
    };
    for (const [fault, row] of Object.entries(matrix.faults)) {
      for (const scenario of Object.keys(row.fail)) {
        const called = new Set((steps.get(scenario) ?? []).flatMap((t) => [...checksOfStep(t)]));
        for (const check of called) {
          const alongside = [...called].filter((c) => c !== check).sort();
          reaches.get(check)!.push({ lab, fault, scenario, alongside });
        }
      }
    }
  }
  return { checks, reaches };
}

/** A reach is direct when the failing scenario calls no other check: that check is the one that failed. */
function direct(reaches: Reach[]): Reach[] {
  return reaches.filter((r) => r.alongside.length === 0);
}

export function unreached(mapping: Mapping): string[] {
  return mapping.checks.map((c) => c.name).filter((c) => mapping.reaches.get(c)!.length === 0 && !UNREACHABLE[c]);
}

export function render(mapping: Mapping): string {
  const rows = mapping.checks.map((c) => {
    const all = mapping.reaches.get(c.name)!;
    const faults = (list: Reach[]) => [...new Set(list.map((r) => `${r.lab.slice(0, 2)} \`${r.fault}\``))];
    const alone = faults(direct(all));
    const shared = faults(all).filter((f) => !alone.includes(f));
    const cell =
      all.length === 0
        ? `none: ${UNREACHABLE[c.name] ?? '**no fault yet**'}`
        : [alone.join(', '), shared.length ? `in a scenario with other checks: ${shared.join(', ')}` : '']
            .filter(Boolean)
            .join('; ');
    return `| \`${c.name}\` | \`${c.file}\` | ${cell} |`;
  });
  const reachedCount = mapping.checks.filter((c) => mapping.reaches.get(c.name)!.length > 0).length;
  const directCount = mapping.checks.filter((c) => direct(mapping.reaches.get(c.name)!).length > 0).length;
  return [
    '# Every check, and the lab faults that make it fail',
    '',
    'Generated by `node --import tsx test/faults/checksReached.ts` from the checks in support/, the step',
    "definitions, the labs' scenarios and their fault matrices (`features/<lab>/fault-matrix.json`: the scenarios",
    'each fault must fail). `test/unit/suite/checksReached.test.ts` fails when this file is stale or a check is',
    'reached by no fault without a reason. A fault is listed first when its failing scenario calls no other check',
    '(so this check is the one that failed); "in a scenario with other checks" means the scenario also calls',
    'others, and the row\'s message pattern tells which one failed. Unit tests that make each check fail:',
    '`test/unit/CHECKS.md`.',
    '',
    `${reachedCount} of ${mapping.checks.length} checks are in a scenario some fault fails; ${directCount} are the`,
    `only check of such a scenario. ${mapping.checks.length - reachedCount} are reached by no fault.`,
    '',
    '| check | file | faults that fail it (lab, fault) |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const mapping = await computeMapping();
  const text = render(mapping);
  const file = path.join(ROOT, TABLE_PATH);
  if (process.argv.includes('--check')) {
    const stale = readFileSync(file, 'utf8') !== text;
    const missing = unreached(mapping);
    if (stale) console.error(`labgate: ${TABLE_PATH} is stale: run node --import tsx test/faults/checksReached.ts`);
    if (missing.length) console.error(`labgate: checks no fault reaches: ${missing.join(', ')}`);
    process.exitCode = stale || missing.length ? 1 : 0;
  } else {
    writeFileSync(file, text);
    console.log(`wrote ${TABLE_PATH}; checks no fault reaches: ${unreached(mapping).join(', ') || 'none'}`);
  }
}
