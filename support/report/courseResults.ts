/**
 * One Allure results folder for a course run, merged from each lab's own: one suite per lab holding its scenarios
 * (parentSuite the lab, suite the feature, subSuite the lab text's section heading), each scenario once, a link
 * to its lab-text section and its feature line, the failure message cut to the lab's sentence (the rest moved to
 * the trace, under its kind of broken promise), the text coverage as a set-up fixture of the lab's scenarios
 * (never a scenario itself, and never green beside a section whose scenarios failed), an environment per lab,
 * the timeline in one lane per lab, categories by kind and the executor of the run.
 */
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { LabgateError } from '../floor/errors.ts';
import { related } from '../course/coverage/scenarios.ts';
import { headingWords, sectionOfScenario, type TextSection } from '../course/sections.ts';
import { type CucumberRun, failureSentence, type ScenarioResult } from './cucumberResults.ts';
import { promiseCategories, promiseKind, TRACE_KIND_PREFIX } from './promiseKinds.ts';
import { escapeProperty } from './allureFiles.ts';

/** One lab's part of the run: its Allure results and its cucumber messages (for lines and tags). */
export interface LabPart {
  lab: string;
  resultsDir: string;
  run: CucumberRun;
  sections: TextSection[];
  textUrl?: string; // the lab text (a web or file URL); a section adds its anchor
  featureUrl?: (uri: string, line: number) => string;
}

export interface Executor {
  name: string;
  type: string;
  buildName: string;
  buildUrl?: string;
  reportName: string;
  reportUrl?: string;
}

export interface MergeSummary {
  labs: number;
  scenarios: number;
  byLab: Record<string, { scenarios: number; failed: number }>;
}

// biome-ignore lint/suspicious/noExplicitAny: Allure's result files, read and rewritten field by field
type Json = any;

const COVERAGE_PREFIX = 'labgate.coverage.';
const PLACEMENT_LABELS = new Set([
  'epic',
  'feature',
  'story',
  'parentSuite',
  'suite',
  'subSuite',
  'lab-section',
  'host',
  'thread',
]);

export function mergeCourseResults(parts: LabPart[], outDir: string, executor: Executor): MergeSummary {
  if (!parts.length) throw new LabgateError('no lab results to merge', 'run `labgate run --all` or `--lab <name>`');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const summary: MergeSummary = { labs: parts.length, scenarios: 0, byLab: {} };
  const environment: Record<string, string> = {};
  for (const part of parts) {
    const counted = mergeLab(part, outDir, environment);
    summary.byLab[part.lab] = counted;
    summary.scenarios += counted.scenarios;
  }
  writeFileSync(path.join(outDir, 'categories.json'), `${JSON.stringify(promiseCategories, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'executor.json'), `${JSON.stringify(executor, null, 2)}\n`);
  const props = Object.entries(environment).map(([k, v]) => `${escapeProperty(k, true)}=${escapeProperty(v, false)}`);
  writeFileSync(path.join(outDir, 'environment.properties'), `${props.join('\n')}\n`, 'latin1');
  return summary;
}

function mergeLab(part: LabPart, outDir: string, environment: Record<string, string>) {
  if (!existsSync(part.resultsDir)) throw new LabgateError(`no Allure results for lab ${part.lab}: ${part.resultsDir}`);
  const files = readdirSync(part.resultsDir);
  const byKey = new Map(part.run.scenarios.map((s) => [`${s.uri}#${s.name}`, s]));
  const parsed = new Map<string, Json>(
    files
      .filter((f) => f.endsWith('-result.json'))
      .map((f) => [f, JSON.parse(readFileSync(path.join(part.resultsDir, f), 'utf8'))]),
  );
  const featureNames = featureNamesOf([...parsed.values()]);
  const children: string[] = [];
  let coverage: Json | undefined;
  let failed = 0;
  for (const file of files) {
    const from = path.join(part.resultsDir, file);
    if (file === 'environment.properties') {
      for (const [k, v] of Object.entries(readProperties(from))) environment[`${part.lab}: ${k}`] = shownValue(v);
      continue;
    }
    if (file === 'categories.json' || file === 'executor.json' || file === 'history') continue;
    const result: Json = parsed.get(file);
    if (!result) {
      keepFile(from, path.join(outDir, file));
      continue;
    }
    if (String(result.fullName ?? '').startsWith(COVERAGE_PREFIX)) {
      coverage = result;
      continue;
    }
    const scenario = byKey.get(scenarioKey(result));
    if (!scenario)
      throw new LabgateError(
        `lab ${part.lab}: the Allure result "${result.name}" has no scenario in the run's cucumber messages`,
        'both come from one run: keep reports/<lab>/ together',
      );
    placeResult(result, part, scenario, featureNames);
    if (result.status === 'failed' || result.status === 'broken') failed++;
    children.push(result.uuid);
    writeFileSync(path.join(outDir, file), JSON.stringify(result));
  }
  if (coverage) writeCoverageFixture(coverage, part, children, outDir);
  return { scenarios: children.length, failed };
}

/** "labgate:features/<lab>/<file>.feature#<scenario name>" -> "features/<lab>/<file>.feature#<scenario name>" */
function scenarioKey(result: Json): string {
  return String(result.fullName ?? '').replace(/^labgate:/, '');
}

/** A feature's name, with its file when two features of the lab share one. */
function featureNamesOf(results: Json[]): Map<string, string> {
  const nameOfUri = new Map<string, string>();
  for (const r of results) {
    const feature = r.labels?.find((l: Json) => l.name === 'feature')?.value;
    const uri = scenarioKey(r).split('#')[0]!;
    if (feature && !String(r.fullName).startsWith(COVERAGE_PREFIX)) nameOfUri.set(uri, feature);
  }
  const counts = new Map<string, number>();
  for (const name of nameOfUri.values()) counts.set(name, (counts.get(name) ?? 0) + 1);
  return inFileOrder(
    new Map(
      [...nameOfUri].map(([uri, name]) => [uri, counts.get(name)! > 1 ? `${name} (${path.basename(uri)})` : name]),
    ),
  );
}

/**
 * Allure sorts a tree's groups by name alone (lower-cased), whatever sorter the reader picks; a lab's feature
 * files are numbered in its text's order. When the names would sort otherwise ("Additional notes" above
 * "Exercise 1", "Exercise 10" above "Exercise 2"), each is led by its place in the files, so the tree reads as
 * the text does.
 */
export function inFileOrder(nameOfUri: Map<string, string>): Map<string, string> {
  const uris = [...nameOfUri.keys()].sort();
  const names = uris.map((u) => nameOfUri.get(u)!);
  const allureOrder = [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  if (names.every((n, i) => n === allureOrder[i])) return nameOfUri;
  const width = String(uris.length).length;
  return new Map(uris.map((u, i) => [u, `${String(i + 1).padStart(width, '0')}. ${nameOfUri.get(u)!}`]));
}

function placeResult(result: Json, part: LabPart, scenario: ScenarioResult, featureNames: Map<string, string>): void {
  const feature = featureNames.get(scenario.uri) ?? path.basename(scenario.uri);
  const section = sectionOfScenario(part.sections, scenario.tags);
  const sectionName = section?.title ?? `exercise ${scenario.exercises.join(', ') || '(none)'}`;
  result.labels = [
    ...result.labels.filter((l: Json) => !PLACEMENT_LABELS.has(l.name)),
    { name: 'parentSuite', value: part.lab },
    { name: 'suite', value: feature },
    { name: 'subSuite', value: sectionName },
    { name: 'epic', value: part.lab },
    { name: 'feature', value: feature },
    { name: 'story', value: sectionName },
    // the timeline draws one lane per host and thread: one per lab
    { name: 'host', value: part.lab },
    { name: 'thread', value: part.lab },
  ];
  if (typeof result.description === 'string') result.description = reflowed(result.description);
  result.links = [
    ...(section && part.textUrl
      ? [{ name: `lab text: ${section.title}`, url: `${part.textUrl}#${section.anchor}` }]
      : []),
    ...(part.featureUrl
      ? [{ name: `${scenario.uri}:${scenario.line}`, url: part.featureUrl(scenario.uri, scenario.line) }]
      : []),
  ].map((l) => ({ ...l, type: 'link' }));
  if (result.status === 'failed' || result.status === 'broken') {
    const whole = [result.statusDetails?.message, result.statusDetails?.trace].filter(Boolean).join('\n');
    const kind = promiseKind(result.status, whole);
    result.statusDetails = {
      ...result.statusDetails,
      message: `${part.lab}: ${failureSentence(result.statusDetails?.message ?? whole) || result.status}`,
      trace: `${TRACE_KIND_PREFIX}${kind}\n${whole}`,
    };
  }
}

/**
 * A feature's description as prose: Allure keeps its line breaks, and the feature file's are where its lines
 * reached 120 columns, not where a sentence ends. Paragraphs (a blank line between) stay apart.
 */
export function reflowed(description: string): string {
  return description
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .trim()
        .split(/\s*\n\s*/)
        .join(' '),
    )
    .filter(Boolean)
    .join('\n\n');
}

/**
 * The text coverage of the lab as a set-up fixture of every scenario of the lab: a section is green only when
 * every command and output of it is checked and none of the scenarios that check it failed.
 */
function writeCoverageFixture(coverage: Json, part: LabPart, children: string[], outDir: string): void {
  const failed = part.run.scenarios.filter((s) => s.status === 'failed' || s.status === 'broken');
  const failedIds = failed.flatMap((s) => [...s.exercises, sectionOfScenario(part.sections, s.tags)?.id ?? '']);
  const steps = (coverage.steps ?? []).map((step: Json) => {
    const title = headingWords(String(step.name).replace(/: \d+ blocks?,.*$/, ''));
    const section = part.sections.find((s) => s.title === title);
    // a section is red when a failed scenario checks it, or a part of it, or the exercise that holds it
    if (step.status === 'passed' && section && failedIds.some((id) => id && related(section.id, id)))
      return { ...step, status: 'broken', statusDetails: { message: 'covered, but a scenario of it failed' } };
    return step;
  });
  const worst = steps.some((s: Json) => s.status === 'failed')
    ? 'failed'
    : steps.some((s: Json) => s.status === 'broken')
      ? 'broken'
      : coverage.status;
  const fixture = {
    name: `Lab text coverage (${part.lab})`,
    status: worst,
    statusDetails: coverage.statusDetails ?? {},
    stage: 'finished',
    steps,
    attachments: coverage.attachments ?? [],
    parameters: [],
    start: coverage.start,
    stop: coverage.stop,
  };
  const uuid = createHash('md5').update(`labgate-coverage-container:${part.lab}`).digest('hex');
  const container = { uuid, name: `lab text coverage of ${part.lab}`, children, befores: [fixture], afters: [] };
  writeFileSync(path.join(outDir, `${uuid}-container.json`), JSON.stringify(container));
}

/** Attachments and containers are never changed: a hard link where the file system allows one, else a copy. */
function keepFile(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

function readProperties(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'latin1').split('\n')) {
    const m = /^((?:\\.|[^=:\\])+)[=:](.*)$/.exec(line);
    if (!m) continue;
    const unicode = (s: string) => s.replace(/\\u([0-9a-f]{4})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    out[unicode(m[1]!.replace(/\\(.)/g, '$1')).trim()] = unicode(m[2]!.replace(/\\(.)/g, '$1')).trim();
  }
  return out;
}

/** A value the lab could not give (an error the read returned) is shown as not read, not as its raw error. */
function shownValue(value: string): string {
  return /HTTP-Code|\bunknown\b|error/i.test(value) ? 'not read' : value;
}
