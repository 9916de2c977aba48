/**
 * The pre-pass over the features a run would execute, before anything touches the lab: every selected
 * file parses as Gherkin, and every step of every selected scenario matches a step definition.
 * The selection is cucumber's own (paths, tags, names, lines from the run configuration); the step texts
 * come from parsing those files with @cucumber/gherkin.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateMessages } from '@cucumber/gherkin';
import { IdGenerator, SourceMediaType, type GherkinDocument, type Pickle } from '@cucumber/messages';
import { loadSources, type IRunConfiguration, type IRunEnvironment } from '@cucumber/cucumber/api';
import { LabgateError } from '../floor/errors.ts';
import { closestStep, type StepCandidate } from './closestStep.ts';

/** The part of cucumber's support code library the pre-pass reads (its public type hides it). */
export interface StepLibrary {
  stepDefinitions: ReadonlyArray<{
    pattern: string | RegExp;
    uri: string;
    line: number;
    matchesStepName(text: string): boolean;
    expression: { match(text: string): ReadonlyArray<{ getValue(thisObj: unknown): unknown }> | null };
  }>;
}

export interface FeatureCheck {
  files: number;
  scenarios: number;
  steps: number;
  elapsedMs: number;
  /** the step texts of each selected scenario, in order */
  scenarioSteps: string[][];
}

interface SelectedStep {
  uri: string;
  line: number;
  keyword: string;
  text: string;
}

/** Throws a one-line LabgateError (exit 2) for a parse error, an empty selection or an undefined step. */
export async function checkFeatures(
  sources: IRunConfiguration['sources'],
  library: StepLibrary,
  environment: IRunEnvironment & { cwd: string },
): Promise<FeatureCheck> {
  const started = performance.now();
  const { plan, errors } = await loadSources(sources, environment);
  const cwd = environment.cwd;
  if (errors.length > 0) {
    const first = errors[0]!;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more parse error(s))` : '';
    throw new LabgateError(
      `${shownPath(first.uri, cwd)}:${first.location.line}: ${parseMessage(first.message)}${more}`,
      'fix the Gherkin at that line; no scenario was run',
    );
  }
  if (plan.length === 0) {
    throw new LabgateError(
      `no scenario selected (paths: ` +
        `${sources.paths.join(', ') || 'none'}${sources.tagExpression ? `; tags: ${sources.tagExpression}` : ''})`,
      'check the feature paths and --tags given after "--"; a gate that checks nothing does not pass',
    );
  }

  const wanted = new Set(plan.map((p) => `${p.uri}:${p.location.line}`));
  const uris = [...new Set(plan.map((p) => p.uri))];
  const everyStep: SelectedStep[] = [];
  const selected: SelectedStep[] = [];
  const byScenario = new Map<unknown, string[]>();
  for (const uri of uris) {
    const { steps, lineOfPickle } = parseFeature(uri, cwd, sources.defaultDialect);
    for (const s of steps) {
      everyStep.push(s.step);
      if (!wanted.has(`${uri}:${lineOfPickle.get(s.pickle)}`)) continue;
      selected.push(s.step);
      byScenario.set(s.pickle, [...(byScenario.get(s.pickle) ?? []), s.step.text]);
    }
  }

  const undefinedSteps = selected.filter((s) => !library.stepDefinitions.some((d) => d.matchesStepName(s.text)));
  if (undefinedSteps.length > 0) throw undefinedStepError(undefinedSteps, everyStep, library, cwd);
  return {
    files: uris.length,
    scenarios: plan.length,
    steps: selected.length,
    elapsedMs: Math.round(performance.now() - started),
    scenarioSteps: [...byScenario.values()],
  };
}

function undefinedStepError(
  undefinedSteps: SelectedStep[],
  everyStep: SelectedStep[],
  library: StepLibrary,
  cwd: string,
): LabgateError {
  const first = undefinedSteps[0]!;
  const candidates: StepCandidate[] = library.stepDefinitions.map((d) => ({
    expression: typeof d.pattern === 'string' ? d.pattern : d.pattern.source,
    location: `${shownPath(d.uri, cwd)}:${d.line}`,
    examples: [...new Set(everyStep.filter((s) => d.matchesStepName(s.text)).map((s) => s.text))],
  }));
  const near = closestStep(first.text, candidates);
  const distinct = new Set(undefinedSteps.map((s) => `${s.uri}:${s.line}`)).size;
  const more = distinct > 1 ? ` (and ${distinct - 1} more undefined step(s))` : '';
  return new LabgateError(
    `${shownPath(first.uri, cwd)}:${first.line}: undefined step "${first.keyword.trim()} ${first.text}"${more}`,
    near
      ? `closest defined step: "${near.candidate.expression}" at ${near.candidate.location}; every step is ` +
          `listed in docs/steps.md`
      : 'no step definitions were loaded; check the "import" paths in cucumber.js',
  );
}

/** Each pickle step with its Gherkin line and keyword, and the line that identifies each pickle in cucumber's plan. */
function parseFeature(uri: string, cwd: string, defaultDialect: string | undefined) {
  const data = readFileSync(path.resolve(cwd, uri), 'utf8');
  const envelopes = generateMessages(data, uri, SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN, {
    includeGherkinDocument: true,
    includePickles: true,
    includeSource: false,
    defaultDialect,
    newId: IdGenerator.incrementing(),
  });
  const document = envelopes.find((e) => e.gherkinDocument)?.gherkinDocument;
  const pickles = envelopes.flatMap((e) => (e.pickle ? [e.pickle] : []));
  const nodes = document ? astNodes(document) : new Map<string, { line: number; keyword?: string }>();
  const lineOfPickle = new Map<Pickle, number>();
  const steps: { pickle: Pickle; step: SelectedStep }[] = [];
  for (const pickle of pickles) {
    // cucumber places a pickle at its last AST node: the scenario, or the Examples row it came from
    lineOfPickle.set(pickle, nodes.get(pickle.astNodeIds[pickle.astNodeIds.length - 1]!)?.line ?? 0);
    for (const step of pickle.steps) {
      const node = nodes.get(step.astNodeIds[0]!);
      steps.push({ pickle, step: { uri, line: node?.line ?? 0, keyword: node?.keyword ?? '', text: step.text } });
    }
  }
  return { steps, lineOfPickle };
}

/** Line (and keyword, for steps) of every scenario, Examples row and step in the document. */
function astNodes(document: GherkinDocument): Map<string, { line: number; keyword?: string }> {
  const nodes = new Map<string, { line: number; keyword?: string }>();
  type Child = NonNullable<GherkinDocument['feature']>['children'][number];
  const visit = (children: readonly Child[]) => {
    for (const child of children) {
      const steps = [...(child.background?.steps ?? []), ...(child.scenario?.steps ?? [])];
      for (const s of steps) nodes.set(s.id, { line: s.location.line, keyword: s.keyword });
      if (child.scenario) {
        nodes.set(child.scenario.id, { line: child.scenario.location.line });
        for (const row of child.scenario.examples.flatMap((e) => e.tableBody))
          nodes.set(row.id, { line: row.location.line });
      }
      if (child.rule) visit(child.rule.children as readonly Child[]);
    }
  };
  visit(document.feature?.children ?? []);
  return nodes;
}

/** Gherkin prefixes its messages with "(line:column): "; the location is printed once, in front. */
function parseMessage(message: string): string {
  return message
    .replace(/^\(\d+:\d+\):\s*/, '')
    .split('\n')[0]!
    .trim();
}

function shownPath(uri: string, cwd: string): string {
  const absolute = path.resolve(cwd, uri);
  const relative = path.relative(cwd, absolute);
  return relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
}
